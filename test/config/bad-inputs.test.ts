/**
 * The table "Bad configuration: what you will see" of docs/configuration.md, run row by row:
 * each row's input must produce exactly the message the page shows.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';

const VALID = { OWM_API_KEY: '0123456789abcdef0123456789abcdef', OWM_LOCATIONS: 'Paris,FR' };

/** The environment behind each row's first cell. */
const INPUTS: Record<string, Record<string, string | undefined>> = {
  'OWM_API_KEY=': { OWM_API_KEY: '' },
  'OWM_API_KEY_FILE=/nonexistent/owm-key': { OWM_API_KEY: undefined, OWM_API_KEY_FILE: '/nonexistent/owm-key' },
  'OWM_API_KEY_FILE=/etc (a directory)': { OWM_API_KEY: undefined, OWM_API_KEY_FILE: '/etc' },
  'OWM_API_KEY and OWM_API_KEY_FILE both set': { OWM_API_KEY_FILE: '/etc/hostname' },
  'OWM_LOCATIONS=': { OWM_LOCATIONS: '' },
  'OWM_LOCATIONS=geo:91,0=pole': { OWM_LOCATIONS: 'geo:91,0=pole' },
  'OWM_LOCATIONS=zip:': { OWM_LOCATIONS: 'zip:' },
  'OWM_LOCATIONS=id:abc=home': { OWM_LOCATIONS: 'id:abc=home' },
  'OWM_LOCATIONS=id:2988507': { OWM_LOCATIONS: 'id:2988507' },
  'OWM_LOCATIONS=Paris;;': { OWM_LOCATIONS: 'Paris;;' },
  'OWM_LOCATIONS=Paris,FR;Paris,TX,US': { OWM_LOCATIONS: 'Paris,FR;Paris,TX,US' },
  'OWM_LOCATIONS=Москва': { OWM_LOCATIONS: 'Москва' },
  'OWM_LOCATIONS=Paris,FR=café;Lyon,FR=cafe\u0301 (the same alias, with a combining accent)': {
    OWM_LOCATIONS: 'Paris,FR=caf\u00e9;Lyon,FR=cafe\u0301',
  },
  'OWM_LOCATIONS=aaa…a,FR (a 257-letter city name)': { OWM_LOCATIONS: `${'a'.repeat(257)},FR` },
  'OWM_BASE_URL=https://me:s3cret@api.openweathermap.org': { OWM_BASE_URL: 'https://me:s3cret@api.openweathermap.org' },
  'MQTT_CLIENT_ID=owm<TAB>bridge': { MQTT_CLIENT_ID: 'owm\tbridge' },
  'MQTT_PASSWORD=pw<ESC>[2J': { MQTT_PASSWORD: 'pw\u001b[2J' },
  'OWM_LOCATIONS=Paris=bridge': { OWM_LOCATIONS: 'Paris=bridge' },
  'OWM_LOCATIONS=Paris=home/+': { OWM_LOCATIONS: 'Paris=home/+' },
  'OWM_LOCATIONS=Paris=$SYS': { OWM_LOCATIONS: 'Paris=$SYS' },
  'OWM_UNITS=celsius': { OWM_UNITS: 'celsius' },
  'OWM_LANG=french': { OWM_LANG: 'french' },
  'OWM_BASE_URL=api.openweathermap.org': { OWM_BASE_URL: 'api.openweathermap.org' },
  'OWM_TIMEOUT_MS=-1': { OWM_TIMEOUT_MS: '-1' },
  'OWM_CONCURRENCY=0': { OWM_CONCURRENCY: '0' },
  'MQTT_URL=localhost:1883': { MQTT_URL: 'localhost:1883' },
  'MQTT_URL=http://broker.lan': { MQTT_URL: 'http://broker.lan' },
  'MQTT_QOS=3': { MQTT_QOS: '3' },
  'MQTT_RETAIN=maybe': { MQTT_RETAIN: 'maybe' },
  'MQTT_TIMEOUT_MS=-5': { MQTT_TIMEOUT_MS: '-5' },
  'MQTT_PROTOCOL_VERSION=3': { MQTT_PROTOCOL_VERSION: '3' },
  'MQTT_CA_FILE=/nonexistent/ca.crt': { MQTT_CA_FILE: '/nonexistent/ca.crt' },
  'MQTT_CERT_FILE without MQTT_KEY_FILE': { MQTT_CERT_FILE: '/etc/hostname' },
  'MQTT_PASSWORD_FILE=/nonexistent/pw': { MQTT_PASSWORD_FILE: '/nonexistent/pw' },
  'TOPIC_PREFIX=home/#': { TOPIC_PREFIX: 'home/#' },
  'TOPIC_PREFIX=/weather': { TOPIC_PREFIX: '/weather' },
  'SCHEDULE=*/10 * * *': { SCHEDULE: '*/10 * * *' },
  'SCHEDULE=61 * * * *': { SCHEDULE: '61 * * * *' },
  'LOG_LEVEL=verbose': { LOG_LEVEL: 'verbose' },
  'ONCE_DEADLINE_MS=500': { ONCE_DEADLINE_MS: '500' },
};

const PAGE = readFileSync(fileURLToPath(new URL('../../docs/configuration.md', import.meta.url)), 'utf8');
const section = /<!-- bad-config:start[^>]*-->\n([\s\S]*?)<!-- bad-config:end -->/.exec(PAGE)?.[1] ?? '';
const rows = section
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => {
    const [, input, message] = /^\| `(.+?)` \| (.+) \|$/.exec(line) ?? [];
    return [input!, message!.replace(/\\\|/g, '|')] as const;
  });

describe('docs/configuration.md: bad configuration table', () => {
  it('has a row for every input this test knows, and no other', () => {
    expect(rows.map(([input]) => input).sort()).toEqual(Object.keys(INPUTS).sort());
  });

  it.each(rows)('%s', (input, message) => {
    for (const mode of ['once', 'daemon'] as const) {
      const result = loadConfig({ ...VALID, ...INPUTS[input] }, mode);
      expect(result.ok, `${input} (${mode}) must be refused`).toBe(false);
      if (!result.ok) expect(result.problems.join(' / ')).toBe(message);
    }
  });
});
