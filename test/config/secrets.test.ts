import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { nonEmpty, readSecret } from '../../src/config/secrets.js';

const KEY = 'f4k3k3y0f0wm2mqtt5ecret0123456789';
const PASSWORD = 'Hunter2-mqtt-pa55word';

let dir: string;
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-secrets-'));
  mkdirSync(join(dir, 'a-directory'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nonEmpty', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['   ', undefined],
    ['\t\n', undefined],
    ['x', 'x'],
    [' x ', ' x '],
  ])('nonEmpty(%j) is %j', (input, expected) => {
    expect(nonEmpty(input)).toBe(expected);
  });
});

describe('readSecret from the environment', () => {
  it('reads the direct variable and names it as the source', () => {
    expect(readSecret({ OWM_API_KEY: KEY }, 'OWM_API_KEY')).toEqual({ ok: true, value: KEY, source: 'OWM_API_KEY' });
  });

  it.each([{}, { OWM_API_KEY: '' }, { OWM_API_KEY: '  ' }, { OWM_API_KEY_FILE: '' }, { OWM_API_KEY: '', OWM_API_KEY_FILE: ' ' }])(
    'treats %j as not set',
    (env) => {
      expect(readSecret(env, 'OWM_API_KEY')).toEqual({ ok: true, value: undefined, source: undefined });
    },
  );

  it('refuses both NAME and NAME_FILE, naming both and never showing the secret', () => {
    const result = readSecret({ MQTT_PASSWORD: PASSWORD, MQTT_PASSWORD_FILE: '/run/secrets/pw' }, 'MQTT_PASSWORD');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toContain('MQTT_PASSWORD and MQTT_PASSWORD_FILE are both set');
    expect(result.problem).toContain('keep only one');
    expect(result.problem).not.toContain(PASSWORD);
  });

  it('uses the file when the direct variable is an empty string', () => {
    const path = file('empty-direct', `${PASSWORD}\n`);
    expect(readSecret({ MQTT_PASSWORD: '', MQTT_PASSWORD_FILE: path }, 'MQTT_PASSWORD')).toEqual({
      ok: true,
      value: PASSWORD,
      source: `MQTT_PASSWORD_FILE (${path})`,
    });
  });
});

describe('readSecret from a file', () => {
  it.each([
    ['no newline', KEY, KEY],
    ['a trailing newline', `${KEY}\n`, KEY],
    ['a trailing CRLF', `${KEY}\r\n`, KEY],
    ['two trailing newlines (only one is stripped)', `${KEY}\n\n`, `${KEY}\n`],
    ['inner spaces (kept)', 'pass word with spaces\n', 'pass word with spaces'],
    ['leading spaces (kept)', '  padded\n', '  padded'],
    ['two lines (only the last newline is stripped)', 'pass\nword\n', 'pass\nword'],
  ])('reads a file with %s', (_, content, expected) => {
    const path = file(`secret-${Math.random().toString(36).slice(2)}`, content);
    expect(readSecret({ OWM_API_KEY_FILE: path }, 'OWM_API_KEY')).toEqual({
      ok: true,
      value: expected,
      source: `OWM_API_KEY_FILE (${path})`,
    });
  });

  it.each([
    ['an empty file', ''],
    ['a file holding only a newline', '\n'],
    ['a file holding only blanks', '   \n'],
  ])('refuses %s, naming the variable and the path', (name, content) => {
    const path = file(`blank-${name.length}`, content);
    const result = readSecret({ OWM_API_KEY_FILE: path }, 'OWM_API_KEY');
    expect(result).toEqual({ ok: false, problem: `OWM_API_KEY_FILE: the file "${path}" is empty` });
  });

  it('refuses a missing file, naming the path', () => {
    const path = join(dir, 'does-not-exist');
    expect(readSecret({ MQTT_PASSWORD_FILE: path }, 'MQTT_PASSWORD')).toEqual({
      ok: false,
      problem: `MQTT_PASSWORD_FILE: the file "${path}" does not exist`,
    });
  });

  it('refuses a directory, naming the path', () => {
    const path = join(dir, 'a-directory');
    expect(readSecret({ MQTT_PASSWORD_FILE: path }, 'MQTT_PASSWORD')).toEqual({
      ok: false,
      problem: `MQTT_PASSWORD_FILE: the file "${path}" is a directory`,
    });
  });

  it('a relative path without $CREDENTIALS_DIRECTORY is read from the working directory, named as written', () => {
    expect(readSecret({ MQTT_PASSWORD_FILE: 'no-such-dir/pw' }, 'MQTT_PASSWORD')).toEqual({
      ok: false,
      problem: 'MQTT_PASSWORD_FILE: the file "no-such-dir/pw" does not exist',
    });
  });

  it('a *_FILE wins over the systemd credential of the same secret', () => {
    const credentials = join(dir, 'credentials-beside-a-file');
    mkdirSync(credentials);
    writeFileSync(join(credentials, 'mqtt-password'), 'from-the-credential\n');
    const path = file('password-file', 'from-the-file\n');
    expect(readSecret({ CREDENTIALS_DIRECTORY: credentials, MQTT_PASSWORD_FILE: path }, 'MQTT_PASSWORD', 'mqtt-password')).toEqual({
      ok: true,
      value: 'from-the-file',
      source: `MQTT_PASSWORD_FILE (${path})`,
    });
  });

  // An unreadable file: test/config/settings-cli.test.ts, through the built command run as `nobody`
  // (root reads any file, whatever its mode, so an in-process test cannot run as root).
});

describe('secrets through loadConfig', () => {
  const base = { OWM_LOCATIONS: 'Paris,FR' };

  it('reads OWM_API_KEY_FILE and MQTT_PASSWORD_FILE, stripping the trailing newline', () => {
    const keyPath = file('api-key', `${KEY}\n`);
    const pwPath = file('mqtt-pw', `${PASSWORD}\n`);
    const result = loadConfig({ ...base, OWM_API_KEY_FILE: keyPath, MQTT_PASSWORD_FILE: pwPath }, 'daemon');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.owm.apiKey).toBe(KEY);
    expect(result.config.mqtt.password).toBe(PASSWORD);
    expect(result.config.secrets).toEqual([KEY, PASSWORD]);
    expect(result.config.secretSources).toEqual({
      OWM_API_KEY: `OWM_API_KEY_FILE (${keyPath})`,
      MQTT_PASSWORD: `MQTT_PASSWORD_FILE (${pwPath})`,
    });
  });

  it('trims blanks around the API key', () => {
    const result = loadConfig({ ...base, OWM_API_KEY: `  ${KEY}\t` }, 'once');
    expect(result.ok && result.config.owm.apiKey).toBe(KEY);
  });

  it.each(['daemon', 'once'] as const)('requires an API key in %s mode, saying where to put it', (mode) => {
    const result = loadConfig(base, mode);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^OWM_API_KEY is not set/);
    expect(result.problems[0]).toContain('OWM_API_KEY_FILE');
  });

  it('refuses an API key with spaces without showing it', () => {
    const result = loadConfig({ ...base, OWM_API_KEY: 'f4k3 k3y with spaces' }, 'daemon');
    expect(result).toEqual({ ok: false, problems: ['OWM_API_KEY contains spaces: an OWM API key is one word (32 letters and digits)'] });
  });

  it('names OWM_API_KEY_FILE (with its path) when the key read from a file has spaces', () => {
    const path = file('spaced-key', 'f4k3 k3y\n');
    const result = loadConfig({ ...base, OWM_API_KEY_FILE: path }, 'daemon');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([`OWM_API_KEY_FILE (${path}) contains spaces: an OWM API key is one word (32 letters and digits)`]);
  });

  it('reports every secret problem at once, never showing a secret', () => {
    const missing = join(dir, 'nope', 'key');
    const env = { ...base, OWM_API_KEY: KEY, OWM_API_KEY_FILE: missing, MQTT_PASSWORD_FILE: join(dir, 'a-directory') };
    const both = loadConfig(env, 'daemon');
    expect(both.ok).toBe(false);
    if (both.ok) return;
    expect(both.problems).toEqual([
      'OWM_API_KEY and OWM_API_KEY_FILE are both set: keep only one',
      `MQTT_PASSWORD_FILE: the file "${join(dir, 'a-directory')}" is a directory`,
    ]);

    const fileOnly = loadConfig(
      { ...env, OWM_API_KEY: '', MQTT_PASSWORD: PASSWORD, MQTT_PASSWORD_FILE: file('pw2', PASSWORD), OWM_LOCATIONS: '' },
      'once',
    );
    expect(fileOnly.ok).toBe(false);
    if (fileOnly.ok) return;
    expect(fileOnly.problems).toHaveLength(3);
    expect(fileOnly.problems[0]).toBe(`OWM_API_KEY_FILE: the file "${missing}" does not exist`);
    expect(fileOnly.problems[1]).toBe('MQTT_PASSWORD and MQTT_PASSWORD_FILE are both set: keep only one');
    expect(fileOnly.problems[2]).toMatch(/^OWM_LOCATIONS is not set/);
    expect(JSON.stringify(fileOnly.problems)).not.toContain(PASSWORD);
    expect(JSON.stringify(both.problems)).not.toContain(KEY);
  });
});
