/**
 * What the settings table's parts (the readers, the formats, the loader, --print-config and the
 * URL masks) promise at their edges, with exact texts: each case here was a mutant of
 * `npm run mutate` that no other test told from the original.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config/index.js';
import { boolean, url } from '../../src/config/fields.js';
import { cronExpression, topicPrefix } from '../../src/config/formats.js';
import { maskUrlCredentials, maskUrlPassword } from '../../src/config/mask.js';
import { redactedConfig } from '../../src/config/print.js';

const KEY = 'f4k3k3y0f0wm2mqtt5ecret0123456789';
const BASE = { OWM_API_KEY: KEY, OWM_LOCATIONS: 'Paris,FR' };
type Env = Record<string, string | undefined>;

function ok(env: Env, base: Env = BASE): { config: Config; warnings: string[] } {
  const result = loadConfig({ ...base, ...env }, 'daemon');
  if (!result.ok) throw new Error(`expected a valid config, got: ${result.problems.join(' | ')}`);
  return result;
}
function problems(env: Env, base: Env = BASE): string[] {
  const result = loadConfig({ ...base, ...env }, 'daemon');
  if (result.ok) throw new Error('expected problems, got a valid config');
  return result.problems;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-table-'));
  writeFileSync(join(dir, 'ca.pem'), 'ca');
  writeFileSync(join(dir, 'owm-api-key'), `${KEY}\n`);
  writeFileSync(join(dir, 'password-with-tab'), 'pass\tword\n');
  writeFileSync(join(dir, 'password-ending-in-tab'), 'password\t\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the URL masks, on text that is no URL', () => {
  it('maskUrlPassword: without a scheme, the password up to the last "@" is masked', () => {
    expect(maskUrlPassword('user:secret@host')).toBe('user:***@host');
    expect(maskUrlPassword('user:se@cr/et@host:1883')).toBe('user:***@host:1883');
  });

  it('maskUrlPassword: a scheme counts only at the very start', () => {
    expect(maskUrlPassword(' mqtt://user:secret@host')).toBe(' mqtt:***@host');
  });

  it('maskUrlCredentials: a scheme counts only at the very start; without one, everything before the last "@" goes', () => {
    expect(maskUrlCredentials(' https://user:secret@host')).toBe('***@host');
    expect(maskUrlCredentials('user:secret@host/path')).toBe('***@host/path');
    expect(maskUrlCredentials('https://user:secret@host/')).toBe('https://***@host/');
  });
});

describe('refusals name what is accepted', () => {
  it('a URL refusal is a custom zod issue with its message (row.ts shows the message)', () => {
    const result = url(['mqtt'], 'mqtt://host').safeParse('nope');
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'custom', message: 'is not a URL (expected something like mqtt://host)' }),
    ]);
  });

  it('a topic prefix refusal is a custom zod issue too', () => {
    expect(topicPrefix('hint').safeParse('a//b').error?.issues).toEqual([
      expect.objectContaining({ code: 'custom', message: 'has an empty level (a leading, trailing or double "/"); hint' }),
    ]);
  });

  it('the schemas take their text trimmed, whoever calls them', () => {
    expect(boolean.safeParse(' Yes ').data).toBe(true);
    expect(boolean.safeParse('\toff\n').data).toBe(false);
    expect(cronExpression.safeParse('  */5 * * * *  ').data).toBe('*/5 * * * *');
    // node-cron itself refuses a tab ("pattern includes illegal characters"): it is given the trimmed text.
    expect(cronExpression.safeParse('\t*/5 * * * *\n').data).toBe('*/5 * * * *');
    expect(cronExpression.safeParse(' 99 * * * * ').success).toBe(false);
  });

  it('a topic prefix is NFC-normalised: two spellings of one prefix are one topic', () => {
    expect(topicPrefix('hint').safeParse('cafe\u0301/m\u00e9t\u00e9o').data).toBe('caf\u00e9/m\u00e9t\u00e9o');
  });

  it('SCHEDULE: every field node-cron refuses is named, separated by "; "', () => {
    expect(problems({ SCHEDULE: '99 99 * * *' })).toEqual([
      'SCHEDULE="99 99 * * *" is not a valid cron expression (99 is a invalid expression for minute; 99 is a invalid expression for hour); expected 5 fields "minute hour day month weekday" (or 6 with seconds first), like */10 * * * *',
    ]);
  });

  it('TOPIC_PREFIX: the problem, then how to write one', () => {
    expect(problems({ TOPIC_PREFIX: 'home//weather' })).toEqual([
      'TOPIC_PREFIX="home//weather" has an empty level (a leading, trailing or double "/"); use levels like exterieur or home/weather',
    ]);
  });
});

describe('values read their own way', () => {
  it('OWM_BASE_URL loses every trailing "/", not only the last', () => {
    expect(ok({ OWM_BASE_URL: 'http://127.0.0.1:8080//' }).config.owm.baseUrl).toBe('http://127.0.0.1:8080');
    expect(ok({ OWM_BASE_URL: 'https://example.org/owm///' }).config.owm.baseUrl).toBe('https://example.org/owm');
  });

  it('the API key from the systemd credential owm-api-key, named by where it came from', () => {
    const { config } = ok({ CREDENTIALS_DIRECTORY: dir }, { OWM_LOCATIONS: 'Paris,FR' });
    expect(config.owm.apiKey).toBe(KEY);
    expect(config.secretSources).toStrictEqual({
      OWM_API_KEY: '$CREDENTIALS_DIRECTORY/owm-api-key',
      MQTT_PASSWORD: undefined,
      DASHBOARD_PASSWORD: undefined,
    });
  });

  it('a broker password from a file is used as written: a tab at its end is refused, not trimmed', () => {
    expect(problems({ MQTT_PASSWORD_FILE: join(dir, 'password-ending-in-tab') })).toEqual([
      `MQTT_PASSWORD_FILE (${join(dir, 'password-ending-in-tab')}) contains a control character, U+0009 (a tab), at character 9: a setting is one line of printable text; remove it (check the editor or the command that wrote the value)`,
    ]);
    expect(problems({ MQTT_PASSWORD_FILE: join(dir, 'password-with-tab') })).toHaveLength(1);
  });

  it('with no user or password in MQTT_URL there is none (not an empty one), and no secret to mask', () => {
    const { config } = ok({ MQTT_URL: 'mqtt://broker.lan:1883' });
    expect(config.mqtt.username).toBeUndefined();
    expect(config.mqtt.password).toBeUndefined();
    expect(config.secrets).toEqual([KEY]);
    expect(config.secretSources).toStrictEqual({ OWM_API_KEY: 'OWM_API_KEY', MQTT_PASSWORD: undefined, DASHBOARD_PASSWORD: undefined });
  });

  it('a user without a password in MQTT_URL, and a password without a user', () => {
    expect(ok({ MQTT_URL: 'mqtt://alice@broker.lan' }).config.mqtt).toMatchObject({ username: 'alice', password: undefined });
    const { config } = ok({ MQTT_URL: 'mqtt://:s3cret@broker.lan' });
    expect(config.mqtt).toMatchObject({ username: undefined, password: 's3cret' });
    expect(config.secretSources.MQTT_PASSWORD).toBe('MQTT_URL');
  });

  it('a file path is read with the spaces around it trimmed, and shown as such', () => {
    const { config } = ok({ MQTT_URL: 'mqtts://broker.lan', MQTT_CA_FILE: `  ${join(dir, 'ca.pem')}  ` });
    expect(config.mqtt.tls.files).toEqual({ MQTT_CA_FILE: join(dir, 'ca.pem') });
    expect(redactedConfig(config).MQTT_CA_FILE).toBe(join(dir, 'ca.pem'));
  });
});

describe('--print-config', () => {
  it('an unset file says what stands for it, a plain unset one just "(not set)"', () => {
    const shown = redactedConfig(ok({}).config);
    expect(shown.MQTT_CA_FILE).toBe('(not set: the system CAs)');
    expect(shown.MQTT_CERT_FILE).toBe('(not set)');
    expect(shown.MQTT_PASSWORD).toBe('(not set)');
  });
});

describe('warnings', () => {
  it('OWM_BASE_URL over http:// to any 127.x.y.z address is loopback: no clear-text warning', () => {
    expect(ok({ OWM_BASE_URL: 'http://127.0.0.10:8080' }).warnings).toEqual([]);
    expect(ok({ OWM_BASE_URL: 'http://127.255.255.254' }).warnings).toEqual([]);
    expect(ok({ OWM_BASE_URL: 'http://128.0.0.1' }).warnings).toEqual([
      'OWM_BASE_URL uses http:// to 128.0.0.1: your API key travels in clear text; use https://',
    ]);
  });
});
