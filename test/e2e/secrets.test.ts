import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type TestBroker } from '../helpers/broker.js';
import { finished, runCli, spawnCli, type CliRun } from '../helpers/cli.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { freePort } from '../helpers/ports.js';
import { until, useBrokerAndOwm } from '../helpers/world.js';

/**
 * The API key and the broker password never reach stdout or stderr, on any
 * path the built CLI can take: every `--once` exit code, `--dry-run`,
 * `--print-config` and the daemon (debug logging) until SIGTERM. Not verbatim,
 * not URL-encoded, not in part; and no failure prints a stack trace.
 */

/** Recognisable, and full of characters that URL-encode differently in each encoding. */
const PASSWORD = 'p@ss w/rd%!-mqtt-s3cret';
const USER = 'owm2mqtt-user';

/** Every form a secret could leak in: verbatim, percent-encoded, form-encoded, URL-userinfo-encoded, and telling fragments. */
function leakForms(secret: string, fragments: string[]): string[] {
  const userinfo = new URL('mqtt://host');
  userinfo.password = secret;
  const forms = [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    userinfo.password,
    ...fragments,
  ];
  return [...new Set(forms)];
}
const LEAKS = [
  ...leakForms(FAKE_KEY, [FAKE_KEY.slice(0, 12), FAKE_KEY.slice(-12)]),
  ...leakForms(PASSWORD, ['mqtt-s3cret', 'w/rd%!', 'w%2Frd']),
];

const GOOD = 'weather-clouds-all-optional-fields-metric.json';
const world = useBrokerAndOwm({
  'q=Lisbon,PT': [{ fixture: GOOD }],
  'q=Humid,FR': [{ body: '{"dt":1785573885,"main":{"temp":20,"humidity":140}}' }],
  'q=Broken,FR': [{ body: '{"coord":{"lon":1', status: 200 }],
  'q=Slow,FR': [{ hang: true }],
  'q=Down,FR': [{ body: '{"cod":500,"message":"Internal error"}', status: 500 }],
  'q=Dropped,FR': [{ drop: true }],
  // The fake server refuses any key but FAKE_KEY; this location refuses FAKE_KEY itself.
  'q=Denied,FR': [{ fixture: 'error-401-invalid-api-key.json', status: 401 }],
});

/** A second Mosquitto that lets nobody in, and files holding the secrets. */
const extra = {} as { refusing: TestBroker; dir: string; keyFile: string; passwordFile: string; emptyFile: string; credentials: string };
beforeAll(async () => {
  extra.refusing = await startBroker(['allow_anonymous false']);
  extra.dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-secrets-'));
  extra.keyFile = join(extra.dir, 'key');
  extra.passwordFile = join(extra.dir, 'password');
  extra.emptyFile = join(extra.dir, 'empty');
  writeFileSync(extra.keyFile, `${FAKE_KEY}\n`);
  writeFileSync(extra.passwordFile, `${PASSWORD}\n`);
  writeFileSync(extra.emptyFile, '');
  extra.credentials = join(extra.dir, 'credentials');
  mkdirSync(extra.credentials);
  writeFileSync(join(extra.credentials, 'owm-api-key'), FAKE_KEY);
  writeFileSync(join(extra.credentials, 'mqtt-password'), PASSWORD);
});
afterAll(async () => {
  await extra.refusing?.stop();
});

type Env = Record<string, string>;
/** The test's settings: key and password set, a broker that takes them; `more` changes or removes (empty value) any of them. */
function env(more: Env): Env {
  const all = baseEnv(world.owm.url, world.broker.url, uniquePrefix('secrets'), {
    MQTT_USERNAME: USER,
    MQTT_PASSWORD: PASSWORD,
    OWM_LOCATIONS: 'Lisbon,PT',
    ...more,
  });
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== ''));
}
const withPasswordInUrl = (url: string) => url.replace('mqtt://', `mqtt://${USER}:${encodeURIComponent(PASSWORD)}@`);
const unreachable = async () => `mqtt://127.0.0.1:${await freePort()}`;

interface Path {
  readonly args: string[];
  readonly env: () => Env | Promise<Env>;
  readonly code: number;
  /** stderr (or stdout) shows that this path, and not another, was taken. */
  readonly says: RegExp;
  /** Daemon only: once stderr matches this, SIGTERM. */
  readonly stopWhen?: RegExp;
}

// One line per path: [name, path].
const PATHS: [string, Path][] = [
  ['--once 0: published', { args: ['--once'], env: () => env({}), code: 0, says: /lisbon: published/ }],
  [
    '--once 0: password in MQTT_URL',
    {
      args: ['--once'],
      env: () => env({ MQTT_PASSWORD: '', MQTT_USERNAME: '', MQTT_URL: withPasswordInUrl(world.broker.url) }),
      code: 0,
      says: /lisbon: published/,
    },
  ],
  [
    '--once 0: key and password from *_FILE',
    {
      args: ['--once'],
      env: () => env({ OWM_API_KEY: '', OWM_API_KEY_FILE: extra.keyFile, MQTT_PASSWORD: '', MQTT_PASSWORD_FILE: extra.passwordFile }),
      code: 0,
      says: /lisbon: published/,
    },
  ],
  [
    '--once 1: location unknown to OWM (404)',
    { args: ['--once'], env: () => env({ OWM_LOCATIONS: 'Lisbon,PT;Atlantis,XX' }), code: 1, says: /HTTP 404/ },
  ],
  ['--once 1: body fails validation', { args: ['--once'], env: () => env({ OWM_LOCATIONS: 'Humid,FR' }), code: 1, says: /main\.humidity/ }],
  ['--once 1: body is not JSON', { args: ['--once'], env: () => env({ OWM_LOCATIONS: 'Broken,FR' }), code: 1, says: /not valid JSON/ }],
  [
    '--once 1: OWM never answers (OWM_TIMEOUT_MS)',
    {
      args: ['--once'],
      env: () => env({ OWM_LOCATIONS: 'Slow,FR', OWM_TIMEOUT_MS: '200', OWM_RETRIES: '1' }),
      code: 1,
      says: /did not answer within 200 ms/,
    },
  ],
  [
    '--once 1: OWM deadline passes',
    {
      args: ['--once'],
      env: () => env({ OWM_LOCATIONS: 'Slow,FR', OWM_TIMEOUT_MS: '60000', ONCE_DEADLINE_MS: '1000' }),
      code: 1,
      says: /deadline/,
    },
  ],
  [
    '--once 1: HTTP 500 until the retries run out',
    { args: ['--once'], env: () => env({ OWM_LOCATIONS: 'Down,FR', OWM_RETRIES: '1' }), code: 1, says: /HTTP 500/ },
  ],
  [
    '--once 1: connection dropped',
    { args: ['--once'], env: () => env({ OWM_LOCATIONS: 'Dropped,FR', OWM_RETRIES: '0' }), code: 1, says: /network error/ },
  ],
  [
    '--once 1: OWM unreachable',
    {
      args: ['--once'],
      env: async () => env({ OWM_BASE_URL: `http://127.0.0.1:${await freePort()}`, OWM_RETRIES: '0' }),
      code: 1,
      says: /refused the connection/,
    },
  ],
  [
    '--once 2: MQTT_URL with the raw password and a bad port',
    { args: ['--once'], env: () => env({ MQTT_URL: `mqtt://u:${PASSWORD}@host:notaport` }), code: 2, says: /MQTT_URL=/ },
  ],
  [
    '--once 2: MQTT_URL with the encoded password and a bad port',
    {
      args: ['--once'],
      env: () => env({ MQTT_URL: `mqtt://u:${encodeURIComponent(PASSWORD)}@host:notaport` }),
      code: 2,
      says: /MQTT_URL=/,
    },
  ],
  [
    '--once 2: MQTT_URL with the password and a bad scheme',
    {
      args: ['--once'],
      env: () => env({ MQTT_URL: `http://u:${encodeURIComponent(PASSWORD)}@host:1883` }),
      code: 2,
      says: /MQTT_URL=.*must start with/,
    },
  ],
  [
    '--once 2: MQTT_PASSWORD and MQTT_PASSWORD_FILE',
    {
      args: ['--once'],
      env: () => env({ MQTT_PASSWORD_FILE: extra.passwordFile }),
      code: 2,
      says: /MQTT_PASSWORD and MQTT_PASSWORD_FILE are both set/,
    },
  ],
  [
    '--once 2: OWM_API_KEY and OWM_API_KEY_FILE',
    {
      args: ['--once'],
      env: () => env({ OWM_API_KEY_FILE: extra.keyFile }),
      code: 2,
      says: /OWM_API_KEY and OWM_API_KEY_FILE are both set/,
    },
  ],
  [
    '--once 2: OWM_API_KEY with a space',
    { args: ['--once'], env: () => env({ OWM_API_KEY: `${FAKE_KEY} ${FAKE_KEY}` }), code: 2, says: /contains spaces/ },
  ],
  [
    '--once 2: empty OWM_API_KEY_FILE',
    { args: ['--once'], env: () => env({ OWM_API_KEY: '', OWM_API_KEY_FILE: extra.emptyFile }), code: 2, says: /is empty/ },
  ],
  [
    '--once 2: missing MQTT_PASSWORD_FILE',
    {
      args: ['--once'],
      env: () => env({ MQTT_PASSWORD: '', MQTT_PASSWORD_FILE: join(extra.dir, 'nope') }),
      code: 2,
      says: /does not exist/,
    },
  ],
  [
    '--once 2: every other setting wrong too',
    {
      args: ['--once'],
      env: () =>
        env({
          MQTT_URL: `mqtt://u:${PASSWORD}@host:notaport`,
          MQTT_QOS: '3',
          SCHEDULE: 'never',
          OWM_LOCATIONS: 'geo:91,0',
          TOPIC_PREFIX: '#',
          OWM_TIMEOUT_MS: 'soon',
        }),
      code: 2,
      says: /6 problem\(s\)/,
    },
  ],
  [
    '--once 3: broker unreachable, MQTT_PASSWORD',
    { args: ['--once'], env: async () => env({ MQTT_URL: await unreachable() }), code: 3, says: /ECONNREFUSED/ },
  ],
  [
    '--once 3: broker unreachable, password in MQTT_URL',
    {
      args: ['--once'],
      env: async () => env({ MQTT_PASSWORD: '', MQTT_URL: withPasswordInUrl(await unreachable()) }),
      code: 3,
      says: /ECONNREFUSED/,
    },
  ],
  [
    '--once 3: broker refuses the password',
    { args: ['--once'], env: () => env({ MQTT_URL: extra.refusing.url }), code: 3, says: /refused the connection: not authori[sz]ed/ },
  ],
  [
    '--once 3: broker refuses the password in MQTT_URL',
    {
      args: ['--once'],
      env: () => env({ MQTT_PASSWORD: '', MQTT_URL: withPasswordInUrl(extra.refusing.url) }),
      code: 3,
      says: /refused the connection: not authori[sz]ed/,
    },
  ],
  [
    '--once 4: OWM rejects the key (401)',
    { args: ['--once'], env: () => env({ OWM_LOCATIONS: 'Denied,FR;Lisbon,PT' }), code: 4, says: /rejected the API key/ },
  ],
  [
    '--dry-run 0',
    {
      args: ['--dry-run'],
      env: async () => env({ MQTT_URL: withPasswordInUrl(await unreachable()) }),
      code: 0,
      says: /lisbon\/temperature\t22\.55/,
    },
  ],
  [
    '--dry-run 4: OWM rejects the key',
    { args: ['--dry-run'], env: () => env({ OWM_LOCATIONS: 'Denied,FR' }), code: 4, says: /rejected the API key/ },
  ],
  [
    '--print-config: key, password, user:password in MQTT_URL',
    {
      args: ['--print-config'],
      env: () => env({ MQTT_URL: withPasswordInUrl('mqtt://broker.lan:1883') }),
      code: 0,
      says: /"MQTT_PASSWORD": "\(hidden, from MQTT_PASSWORD\)"/,
    },
  ],
  [
    '--print-config: raw password in MQTT_URL only',
    {
      args: ['--print-config'],
      env: () => env({ MQTT_PASSWORD: '', MQTT_URL: withPasswordInUrl('mqtt://broker.lan:1883') }),
      code: 0,
      says: /"MQTT_PASSWORD": "\(hidden, from MQTT_URL\)"/,
    },
  ],
  [
    '--print-config: *_FILE variants',
    {
      args: ['--print-config'],
      env: () =>
        env({
          OWM_API_KEY: '',
          OWM_API_KEY_FILE: extra.keyFile,
          MQTT_PASSWORD: '',
          MQTT_PASSWORD_FILE: extra.passwordFile,
          MQTT_URL: withPasswordInUrl('mqtt://broker.lan:1883'),
        }),
      code: 0,
      says: /hidden, from MQTT_PASSWORD_FILE/,
    },
  ],
  [
    '--print-config: systemd credentials',
    {
      args: ['--print-config'],
      env: () => env({ OWM_API_KEY: '', MQTT_PASSWORD: '', CREDENTIALS_DIRECTORY: extra.credentials }),
      code: 0,
      says: /hidden, from \$CREDENTIALS_DIRECTORY\/mqtt-password/,
    },
  ],
  [
    'daemon: polls publish, then SIGTERM',
    { args: [], env: () => env({}), code: 0, says: /SIGTERM received/, stopWhen: /lisbon: published[\s\S]*lisbon: published/ },
  ],
  [
    'daemon: a poll fails with 401, then SIGTERM',
    { args: [], env: () => env({ OWM_LOCATIONS: 'Denied,FR' }), code: 0, says: /rejected the API key/, stopWhen: /rejected the API key/ },
  ],
  [
    'daemon: polls fail with 500, then SIGTERM',
    {
      args: [],
      env: () => env({ OWM_LOCATIONS: 'Down,FR;Lisbon,PT', OWM_RETRIES: '0' }),
      code: 0,
      says: /HTTP 500/,
      stopWhen: /HTTP 500[\s\S]*HTTP 500/,
    },
  ],
  [
    'daemon: broker unreachable, password in MQTT_URL, then SIGTERM',
    {
      args: [],
      env: async () => env({ MQTT_PASSWORD: '', MQTT_URL: withPasswordInUrl(await unreachable()), MQTT_RECONNECT_MIN_MS: '100' }),
      code: 0,
      says: /ECONNREFUSED/,
      stopWhen: /reconnecting to the MQTT broker[\s\S]*reconnecting to the MQTT broker/,
    },
  ],
  [
    'daemon: broker refuses the password, then SIGTERM',
    {
      args: [],
      env: () => env({ MQTT_URL: extra.refusing.url, MQTT_RECONNECT_MIN_MS: '100' }),
      code: 0,
      says: /refused the connection: not authori[sz]ed/,
      stopWhen: /not authori[sz]ed[\s\S]*reconnecting to the MQTT broker/,
    },
  ],
];

async function run(path: Path): Promise<CliRun> {
  const settings = await path.env();
  if (path.stopWhen === undefined) return runCli(path.args, settings);
  // A seconds-level schedule and debug logging: as much output as the daemon can give.
  const child = spawnCli(path.args, { SCHEDULE: '* * * * * *', LOG_LEVEL: 'debug', ...settings });
  const exit = finished(child, 30_000);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await until(() => path.stopWhen!.test(stderr), 15_000);
  } finally {
    child.kill('SIGTERM');
  }
  return exit;
}

describe('no secret in any output', () => {
  it.each(PATHS)('%s', async (_, path) => {
    const result = await run(path);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output, output).toMatch(path.says);
    expect(result.code, output).toBe(path.code);
    for (const leak of LEAKS) {
      expect(result.stdout, `stdout shows ${JSON.stringify(leak)}`).not.toContain(leak);
      expect(result.stderr, `stderr shows ${JSON.stringify(leak)}`).not.toContain(leak);
    }
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).not.toMatch(/\n\s+at /);
  });
});
