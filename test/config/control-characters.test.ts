import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';

/** Every setting read as text refuses control characters at start, naming the variable and the position. */
const BASE = { OWM_API_KEY: 'f4k3k3y0f0wm2mqtt5ecret0123456789', OWM_LOCATIONS: 'Paris,FR' };

function problemsOf(env: Record<string, string | undefined>): string[] {
  for (const mode of ['once', 'daemon'] as const) {
    const result = loadConfig({ ...BASE, ...env }, mode);
    if (!result.ok) return result.problems;
  }
  return [];
}

const SETTINGS = [
  'OWM_API_KEY',
  'OWM_API_KEY_FILE',
  'OWM_LOCATIONS',
  'OWM_UNITS',
  'OWM_LANG',
  'OWM_BASE_URL',
  'OWM_TIMEOUT_MS',
  'OWM_CONCURRENCY',
  'OWM_RETRIES',
  'OWM_RETRY_DELAY_MS',
  'OWM_AIR_QUALITY',
  'MQTT_URL',
  'MQTT_USERNAME',
  'MQTT_PASSWORD',
  'MQTT_PASSWORD_FILE',
  'MQTT_CLIENT_ID',
  'MQTT_QOS',
  'MQTT_RETAIN',
  'MQTT_TIMEOUT_MS',
  'MQTT_RECONNECT_MIN_MS',
  'MQTT_RECONNECT_MAX_MS',
  'MQTT_PROTOCOL_VERSION',
  'MQTT_MESSAGE_EXPIRY_S',
  'MQTT_CA_FILE',
  'MQTT_CERT_FILE',
  'MQTT_KEY_FILE',
  'MQTT_INSECURE',
  'TOPIC_PREFIX',
  'PUBLISH_UNCHANGED',
  'HA_DISCOVERY',
  'HA_DISCOVERY_PREFIX',
  'SCHEDULE',
  'LOG_LEVEL',
  'ONCE_DEADLINE_MS',
];
const CONTROLS: [string, string][] = [
  ['\u0000', 'U+0000 (NUL)'],
  ['\u0001', 'U+0001'],
  ['\t', 'U+0009 (a tab)'],
  ['\n', 'U+000A (a line feed)'],
  ['\u001b', 'U+001B (ESC)'],
  ['\u007f', 'U+007F (DEL)'],
  ['\u0085', 'U+0085'],
  ['\u009f', 'U+009F'],
];

describe('a control character in a setting', () => {
  it.each(SETTINGS.flatMap((name) => CONTROLS.map(([char, label]) => [name, label, char] as const)))(
    '%s with %s is refused, named with its position, the value not shown',
    (name, label, char) => {
      const value = `ab${char}cd-s3cret`;
      const env: Record<string, string | undefined> = { [name]: value };
      if (name === 'OWM_API_KEY_FILE') env.OWM_API_KEY = undefined;
      if (name === 'MQTT_PASSWORD_FILE') env.MQTT_PASSWORD = undefined;
      if (name === 'MQTT_CERT_FILE') env.MQTT_KEY_FILE = '/etc/hostname';
      if (name === 'MQTT_KEY_FILE') env.MQTT_CERT_FILE = '/etc/hostname';
      const problems = problemsOf(env);
      expect(problems).toContain(
        `${name} contains a control character, ${label}, at character 3: a setting is one line of printable text; remove it (check the editor or the command that wrote the value)`,
      );
      expect(problems.filter((p) => p.startsWith(name))).toHaveLength(1);
      expect(problems.join('\n')).not.toContain('s3cret');
    },
  );

  it('in a secret read from a file: named by the file, the secret not shown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-ctl-'));
    try {
      writeFileSync(join(dir, 'pw'), 'pass\u0007word-s3cret\n');
      writeFileSync(join(dir, 'key'), 'f4k3k3y0f0wm2mqtt5ecret01\r23456789\n');
      const problems = problemsOf({ OWM_API_KEY: undefined, OWM_API_KEY_FILE: join(dir, 'key'), MQTT_PASSWORD_FILE: join(dir, 'pw') });
      expect(problems).toEqual([
        expect.stringMatching(
          new RegExp(`^OWM_API_KEY_FILE \\(${dir}/key\\) contains a control character, U\\+000D \\(a carriage return\\), at character 26`),
        ),
        expect.stringMatching(new RegExp(`^MQTT_PASSWORD_FILE \\(${dir}/pw\\) contains a control character, U\\+0007, at character 5`)),
      ]);
      expect(problems.join('\n')).not.toMatch(/s3cret|f4k3/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['OWM_UNITS', 'imperial\n'],
    ['SCHEDULE', '\t*/5 * * * *\r\n'],
    ['OWM_LOCATIONS', 'Paris,FR;\n  Lyon,\tFR=lyon\n'],
    ['OWM_LOCATIONS', 'geo:\t43.6,1.4=home'],
    ['MQTT_CLIENT_ID', 'bridge\n'],
    // A control character inside a run of white space that reaches an edge or a separator.
    ['SCHEDULE', ' \t*/5 * * * *'],
    ['MQTT_CLIENT_ID', 'bridge\t \r\n'],
    ['OWM_LOCATIONS', 'Paris,FR; \tLyon,FR'],
    ['OWM_LOCATIONS', 'Paris,FR\t ;Lyon,FR'],
  ])('%s=%j: whitespace the setting trims anyway is accepted', (name, value) => {
    expect(problemsOf({ [name]: value })).toEqual([]);
  });

  it.each([
    ['OWM_LOCATIONS', 'New\tYork,US', 4],
    ['MQTT_USERNAME', 'bob\n', 4],
    ['MQTT_PASSWORD', ' pw\r', 4],
    ['OWM_LOCATIONS', 'New \tYork,US', 5],
    ['OWM_LOCATIONS', 'Par\tis,FR', 4],
    ['MQTT_CLIENT_ID', 'here\tand', 5],
  ])('%s=%j: whitespace inside a name, or in a value used as written, is refused', (name, value, position) => {
    expect(problemsOf({ [name]: value })).toEqual([expect.stringContaining(`${name} contains a control character`)]);
    expect(problemsOf({ [name]: value })[0]).toContain(`at character ${position}:`);
  });
});
