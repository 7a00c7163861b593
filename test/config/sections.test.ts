import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/table.js';
import { loadConfig } from '../../src/config/index.js';
import { SECTIONS } from '../../src/config/sections.js';
import { SETTINGS } from '../../src/config/settings.js';

const CONFIGURATION = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
const sectionsOf = (name: string) => new Set(COMMANDS.find((command) => command.name === name)!.sections);

describe('the settings each command reads', () => {
  it('every variable of the docs/configuration.md table has one section, and nothing else has one', () => {
    const documented = [...CONFIGURATION.matchAll(/^\| `([A-Z_]+)`(?:, `([A-Z_]+)`)? \|/gm)].flatMap((m) =>
      [m[1]!, m[2]].filter((n): n is string => n !== undefined),
    );
    expect(SETTINGS.map((s) => s.name).sort()).toEqual([...new Set(documented)].sort());
    for (const setting of SETTINGS) expect(SECTIONS).toContain(setting.section);
  });

  it("run and once read the bridge's sections, as they always have, and none of the companions'", () => {
    const bridge = ['owm', 'locations', 'mqtt', 'topics', 'home-assistant', 'bridge', 'logging'];
    expect([...sectionsOf('run')]).toEqual(bridge);
    expect([...sectionsOf('once')]).toEqual(bridge);
    // A dashboard setting the bridge does not read cannot stop it.
    const result = loadConfig(
      { OWM_API_KEY: 'k'.repeat(32), OWM_LOCATIONS: 'Paris,FR', DASHBOARD_PORT: 'eighty' },
      'once',
      sectionsOf('once'),
    );
    expect(result.ok).toBe(true);
    expect(SECTIONS.filter((section) => !bridge.includes(section))).toEqual(['home', 'simulate', 'aggregate', 'dashboard']);
  });

  it('watch needs neither OWM_API_KEY nor OWM_LOCATIONS, and ignores a setting it does not read', () => {
    const result = loadConfig(
      {
        TOPIC_PREFIX: 'home/weather',
        MQTT_URL: 'mqtt://broker.lan:1884',
        OWM_UNITS: 'celsius',
        OWM_LOCATIONS: 'geo:91,0',
        SCHEDULE: 'never',
      },
      'once',
      sectionsOf('watch'),
    );
    expect(result.ok && result.config.topicPrefix).toBe('home/weather');
    expect(result.ok && result.config.mqtt.url).toBe('mqtt://broker.lan:1884');
    // What it does not read holds the defaults: nothing of the ignored values leaks in.
    expect(result.ok && result.config.owm).toMatchObject({ apiKey: '', locations: [], units: 'metric' });
    expect(result.ok && result.config.schedule).toBe('*/10 * * * *');
    expect(result.ok && result.config.secrets).toEqual([]);
  });

  it('watch still refuses what it reads: a bad MQTT_URL or TOPIC_PREFIX, a control character in MQTT_CLIENT_ID', () => {
    const result = loadConfig({ TOPIC_PREFIX: 'a/#', MQTT_URL: 'localhost:1883', MQTT_CLIENT_ID: 'x\ty' }, 'once', sectionsOf('watch'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.split(/[ =]/)[0])).toEqual(['MQTT_CLIENT_ID', 'MQTT_URL', 'TOPIC_PREFIX']);
  });

  it('a secret of a section it does not read is not read: OWM_API_KEY_FILE is never opened by watch', () => {
    const result = loadConfig({ OWM_API_KEY_FILE: '/nonexistent/owm-key' }, 'once', sectionsOf('watch'));
    expect(result.ok).toBe(true);
  });

  it('what is no setting of ours is still read: the broker password from $CREDENTIALS_DIRECTORY, for watch', () => {
    const credentials = mkdtempSync(join(tmpdir(), 'owm2mqtt-credentials-'));
    writeFileSync(join(credentials, 'mqtt-password'), 's3cret-pw\n');
    const result = loadConfig({ CREDENTIALS_DIRECTORY: credentials }, 'once', sectionsOf('watch'));
    expect(result.ok && result.config.mqtt.password).toBe('s3cret-pw');
  });

  it('purge needs OWM_LOCATIONS (what is still configured) but not OWM_API_KEY', () => {
    const withLocations = loadConfig({ OWM_LOCATIONS: 'Paris,FR', HA_DISCOVERY_PREFIX: 'ha' }, 'once', sectionsOf('purge'));
    expect(withLocations.ok && withLocations.config.owm.locations.map((l) => l.level)).toEqual(['paris']);
    expect(withLocations.ok && withLocations.config.homeAssistant.prefix).toBe('ha');
    const without = loadConfig({}, 'once', sectionsOf('purge'));
    expect(!without.ok && without.problems).toEqual([expect.stringMatching(/^OWM_LOCATIONS is not set/)]);
  });

  it('without sections every setting is read, as before: no key, no locations, both said', () => {
    const result = loadConfig({}, 'daemon');
    expect(!result.ok && result.problems.map((p) => p.split(' ')[0])).toEqual(['OWM_API_KEY', 'OWM_LOCATIONS']);
    expect(loadConfig({}, 'daemon', sectionsOf('run'))).toEqual(result);
  });
});
