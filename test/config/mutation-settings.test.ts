/** Settings at the edges of their ranges, and the warnings and files that only the e2e tests read otherwise: exact texts. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config/index.js';
import { loadEnvFile } from '../../src/config/env-file.js';
import { readSettingFile } from '../../src/config/files.js';
import { readSecret } from '../../src/config/secrets.js';

const KEY = 'f4k3k3y0f0wm2mqtt5ecret0123456789';
const BASE = { OWM_API_KEY: KEY, OWM_LOCATIONS: 'Paris,FR' };
type Env = Record<string, string | undefined>;

function ok(env: Env): { config: Config; warnings: string[] } {
  const result = loadConfig({ ...BASE, ...env }, 'daemon');
  if (!result.ok) throw new Error(`expected a valid config, got: ${result.problems.join(' | ')}`);
  return result;
}
function problems(env: Env): string[] {
  const result = loadConfig({ ...BASE, ...env }, 'daemon');
  if (result.ok) throw new Error('expected problems, got a valid config');
  return result.problems;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-mutation-'));
  writeFileSync(join(dir, 'ca.pem'), 'ca');
  writeFileSync(join(dir, 'owm-api-key'), `${KEY}\n`);
  mkdirSync(join(dir, 'creds'));
  writeFileSync(join(dir, 'creds', 'pw'), 'from-credentials\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('whole-number settings: both ends of each range', () => {
  it.each([
    ['OWM_TIMEOUT_MS', 100, 300_000],
    ['OWM_CONCURRENCY', 1, 64],
    ['OWM_RETRIES', 0, 10],
    ['OWM_RETRY_DELAY_MS', 0, 60_000],
    ['MQTT_TIMEOUT_MS', 100, 300_000],
    ['MQTT_RECONNECT_MIN_MS', 100, 3_600_000],
    ['MQTT_RECONNECT_MAX_MS', 100, 3_600_000],
    ['MQTT_MESSAGE_EXPIRY_S', 0, 4_294_967_295],
    ['ONCE_DEADLINE_MS', 1_000, 3_600_000],
  ])('%s takes %d to %d', (name, min, max) => {
    expect(ok({ [name]: String(min) }).config).toBeDefined();
    expect(ok({ [name]: String(max) }).config).toBeDefined();
    for (const bad of [...(min > 0 ? [min - 1] : []), max + 1])
      expect(problems({ [name]: String(bad) })).toEqual([`${name}="${bad}" must be a whole number from ${min} to ${max}`]);
  });
});

describe('MQTT settings that depend on each other', () => {
  it('a reconnect maximum under the minimum is raised to it', () => {
    expect(ok({ MQTT_RECONNECT_MIN_MS: '5000', MQTT_RECONNECT_MAX_MS: '2000' }).config.mqtt).toMatchObject({
      reconnectMinMs: 5000,
      reconnectMaxMs: 5000,
    });
    expect(ok({ MQTT_RECONNECT_MIN_MS: '2000', MQTT_RECONNECT_MAX_MS: '5000' }).config.mqtt).toMatchObject({
      reconnectMinMs: 2000,
      reconnectMaxMs: 5000,
    });
  });

  it('message expiry needs MQTT 5', () => {
    expect(ok({ MQTT_PROTOCOL_VERSION: '5', MQTT_MESSAGE_EXPIRY_S: '600' })).toMatchObject({
      config: { mqtt: { protocolVersion: 5, messageExpirySeconds: 600 } },
      warnings: [],
    });
    expect(ok({ MQTT_MESSAGE_EXPIRY_S: '600' })).toMatchObject({
      config: { mqtt: { protocolVersion: 4, messageExpirySeconds: 0 } },
      warnings: ['MQTT_MESSAGE_EXPIRY_S is ignored: message expiry needs MQTT_PROTOCOL_VERSION=5'],
    });
  });

  it('MQTT_INSECURE warns over TLS, and is said to be ignored without it', () => {
    expect(ok({ MQTT_URL: 'mqtts://broker.lan:8883', MQTT_INSECURE: 'true' }).warnings).toEqual([
      "MQTT_INSECURE=true: the broker's certificate is not checked, so anyone on the path can pose as broker.lan:8883; use MQTT_CA_FILE instead",
    ]);
    expect(ok({ MQTT_URL: 'wss://broker.lan/mqtt', MQTT_INSECURE: 'true' }).config.mqtt.tls.insecure).toBe(true);
    expect(ok({ MQTT_URL: 'wss://broker.lan/mqtt', MQTT_INSECURE: 'true' }).warnings).toEqual([
      "MQTT_INSECURE=true: the broker's certificate is not checked, so anyone on the path can pose as broker.lan; use MQTT_CA_FILE instead",
    ]);
    expect(ok({ MQTT_URL: 'ws://broker.lan/mqtt', MQTT_INSECURE: 'true' }).warnings).toEqual([
      'MQTT_INSECURE ignored: MQTT_URL ws:// does not use TLS (use mqtts:// or wss://)',
    ]);
    expect(ok({ MQTT_INSECURE: 'true' }).warnings).toEqual([
      'MQTT_INSECURE ignored: MQTT_URL mqtt:// does not use TLS (use mqtts:// or wss://)',
    ]);
  });

  it('TLS files are read, and said to be ignored without TLS', () => {
    const ca = join(dir, 'ca.pem');
    const secure = ok({ MQTT_URL: 'mqtts://broker.lan', MQTT_CA_FILE: ca });
    expect(secure.warnings).toEqual([]);
    expect(secure.config.mqtt.tls).toEqual({
      ca: Buffer.from('ca'),
      cert: undefined,
      key: undefined,
      insecure: false,
      files: { MQTT_CA_FILE: ca },
    });
    expect(ok({ MQTT_CA_FILE: ca, MQTT_INSECURE: 'yes' }).warnings).toEqual([
      'MQTT_CA_FILE, MQTT_INSECURE ignored: MQTT_URL mqtt:// does not use TLS (use mqtts:// or wss://)',
    ]);
  });

  it('a client key needs its certificate', () => {
    expect(problems({ MQTT_KEY_FILE: join(dir, 'ca.pem') })).toEqual([
      'MQTT_KEY_FILE is set without MQTT_CERT_FILE: a private key needs its client certificate',
    ]);
  });

  it('an MQTT URL needs a host', () => {
    expect(problems({ MQTT_URL: 'mqtt://' })).toEqual([
      'MQTT_URL="mqtt://" has no host name (expected something like mqtt://localhost:1883)',
    ]);
  });

  it('an MQTT_CLIENT_ID of exactly 65,535 bytes is accepted', () => {
    expect(ok({ MQTT_CLIENT_ID: 'x'.repeat(65_535) }).config.mqtt.clientId).toHaveLength(65_535);
  });
});

describe('OWM_BASE_URL over http: only a loopback address is spared the warning', () => {
  it.each(['http://127.100.200.1:8080', 'http://localhost', 'http://[::1]'])('%s: no warning', (url) => {
    expect(ok({ OWM_BASE_URL: url }).warnings).toEqual([]);
  });
  it.each(['http://127.0.0.1.example.com', 'http://localhost.example.com', 'http://[::2]'])('%s: a warning', (url) => {
    expect(ok({ OWM_BASE_URL: url }).warnings).toEqual([
      `OWM_BASE_URL uses http:// to ${new URL(url).hostname}: your API key travels in clear text; use https://`,
    ]);
  });
});

describe('files a setting names', () => {
  it('an error other than missing, unreadable or a directory is named by its code', () => {
    const path = join(dir, 'ca.pem', 'below-a-file');
    expect(readSettingFile('MQTT_CA_FILE', path)).toEqual({
      ok: false,
      problem: `MQTT_CA_FILE: the file "${path}" cannot be read (ENOTDIR)`,
    });
  });

  it('a systemd credential is found without any setting, and named as such', () => {
    expect(readSecret({ CREDENTIALS_DIRECTORY: dir }, 'OWM_API_KEY', 'owm-api-key')).toEqual({
      ok: true,
      value: KEY,
      source: '$CREDENTIALS_DIRECTORY/owm-api-key',
    });
    expect(readSecret({ CREDENTIALS_DIRECTORY: dir }, 'MQTT_PASSWORD', 'mqtt-password')).toEqual({
      ok: true,
      value: undefined,
      source: undefined,
    });
    expect(readSecret({ CREDENTIALS_DIRECTORY: dir }, 'OWM_API_KEY')).toEqual({ ok: true, value: undefined, source: undefined });
  });

  it('a relative *_FILE is read from $CREDENTIALS_DIRECTORY; an absolute one as it is', () => {
    const creds = join(dir, 'creds');
    expect(readSecret({ CREDENTIALS_DIRECTORY: creds, MQTT_PASSWORD_FILE: 'pw' }, 'MQTT_PASSWORD')).toEqual({
      ok: true,
      value: 'from-credentials',
      source: `MQTT_PASSWORD_FILE (${join(creds, 'pw')})`,
    });
    const absolute = join(dir, 'owm-api-key');
    expect(readSecret({ CREDENTIALS_DIRECTORY: creds, OWM_API_KEY_FILE: absolute }, 'OWM_API_KEY')).toEqual({
      ok: true,
      value: KEY,
      source: `OWM_API_KEY_FILE (${absolute})`,
    });
  });

  it('--env-file: a missing file, and a refused one with every line listed', () => {
    const missing = join(dir, 'nope.env');
    expect(loadEnvFile(missing)).toEqual({
      ok: false,
      message: `cannot read ${missing}: ENOENT: no such file or directory, open '${missing}'`,
    });
    const refused = join(dir, 'refused.env');
    writeFileSync(refused, 'A=x # y\nexport B=1\nC=fine\n');
    expect(loadEnvFile(refused)).toEqual({
      ok: false,
      message: `${refused}: 2 line(s) that systemd's EnvironmentFile= and dotenv would read differently, or that systemd refuses; nothing was published:\n  - line 1, A: an unquoted "#" starts a comment for dotenv but is part of the value for systemd: if it belongs to the value, quote it, A="…"; if it starts a comment, put the comment on its own line\n  - line 2, B: systemd ignores a line that starts with "export": remove "export "`,
    });
    const fine = join(dir, 'fine.env');
    writeFileSync(fine, 'C=fine\n');
    expect(loadEnvFile(fine)).toEqual({ ok: true, variables: { C: 'fine' } });
  });
});
