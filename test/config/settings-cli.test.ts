import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoAvailable, startBroker, type TestBroker } from '../helpers/broker.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { startFakeOwm, type FakeOwm } from '../helpers/fake-owm.js';
import { retainedSnapshot, Subscriber } from '../helpers/subscriber.js';
import { expectNoSecret } from '../helpers/world.js';

/**
 * Settings that mean what they seem, through the built CLI against a real
 * Mosquitto (one login, `owm` with a password holding "#") and the fake OWM:
 * the env file, credentials in OWM_BASE_URL, control characters, NFC aliases.
 */
const PASSWORD = 'old#pass-1234';
let broker: TestBroker;
let owm: FakeOwm;
const dirs: string[] = [];

beforeAll(async () => {
  owm = await startFakeOwm({
    apiKey: FAKE_KEY,
    scripts: { 'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }] },
  });
  const dir = tempDir();
  chmodSync(dir, 0o755); // Mosquitto started as root reads the file as the `mosquitto` user
  execFileSync('mosquitto_passwd', ['-b', '-c', join(dir, 'passwd'), 'owm', PASSWORD]);
  // Anonymous clients (the witnesses) are let in; a client that gives a login must give the right one.
  broker = await startBroker([`password_file ${join(dir, 'passwd')}`, 'allow_anonymous true']);
});

afterAll(async () => {
  await owm?.close();
  await broker?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-settings-'));
  dirs.push(dir);
  return dir;
}

function env(prefix: string, more: Record<string, string> = {}): Record<string, string> {
  return baseEnv(owm.url, broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', ...more });
}

function expectQuiet(run: CliRun, ...secrets: string[]): void {
  expectNoSecret(run);
  for (const secret of secrets) expect(run.stdout + run.stderr).not.toContain(secret);
}

async function nothingUnder(prefix: string): Promise<void> {
  expect([...(await retainedSnapshot(broker.url, `${prefix}/#`)).keys()]).toEqual([]);
}

describe.skipIf(!mosquittoAvailable())('the env file means what systemd reads in it', () => {
  it('an unquoted "#" in MQTT_PASSWORD in ./.env: exit 2, the file, line and variable named, the password never shown', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), `# broker login\nMQTT_USERNAME=owm\nMQTT_PASSWORD=${PASSWORD}\n`);
    const prefix = uniquePrefix('hash');
    const run = await runCli(['--once'], env(prefix), { cwd: dir });
    expectQuiet(run, PASSWORD, 'pass-1234');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '.env: 1 line(s) that systemd\'s EnvironmentFile= and dotenv would read differently, or that systemd refuses; nothing was published:\n  - line 3, MQTT_PASSWORD: an unquoted "#" starts a comment for dotenv but is part of the value for systemd: if it belongs to the value, quote it, MQTT_PASSWORD="…"',
    );
    await nothingUnder(prefix);
  });

  it('the same line quoted, given with --env-file: the whole password is sent and the broker accepts it', async () => {
    const file = join(tempDir(), 'owm2mqtt.env');
    writeFileSync(file, `MQTT_USERNAME=owm\nMQTT_PASSWORD="${PASSWORD}"\n`);
    const prefix = uniquePrefix('quoted');
    const run = await runCli(['--once', '--env-file', file], env(prefix));
    expectQuiet(run, PASSWORD);
    expect(run.code, run.stderr).toBe(0);
    expect((await retainedSnapshot(broker.url, `${prefix}/lisbon/temperature`)).size).toBe(1);
  });

  it('--env-file with "export" and a backslash: exit 2, each line named', async () => {
    const file = join(tempDir(), 'owm2mqtt.env');
    writeFileSync(file, 'export OWM_UNITS=imperial\r\nOWM_LANG=fr\r\nMQTT_CLIENT_ID=owm\\ bridge\r\n');
    const run = await runCli(['--print-config', '--env-file', file], env(uniquePrefix('export')));
    expectQuiet(run);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`owm2mqtt: ${file}: 2 line(s)`);
    expect(run.stderr).toContain('  - line 1, OWM_UNITS: systemd ignores a line that starts with "export": remove "export "\n');
    expect(run.stderr).toContain(
      "  - line 3, MQTT_CLIENT_ID: an unquoted backslash escapes the next character (or joins the next line) for systemd but is kept by dotenv: use single quotes, MQTT_CLIENT_ID='…'\n",
    );
  });

  it('a NUL byte in the file: exit 2 naming the line, where Node would have cut the value', async () => {
    const file = join(tempDir(), 'owm2mqtt.env');
    writeFileSync(file, 'OWM_UNITS=metric\nMQTT_CLIENT_ID=owm\0bridge\n');
    const run = await runCli(['--print-config', '--env-file', file], env(uniquePrefix('nul')));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}: 1 line(s)`);
    expect(run.stderr).toContain('  - line 2: contains a NUL byte');
  });
});

describe.skipIf(!mosquittoAvailable())('credentials in URLs', () => {
  it('OWM_BASE_URL with user:password@: exit 2 naming OWM_BASE_URL, neither part shown', async () => {
    const base = new URL(owm.url);
    const run = await runCli(['--print-config'], env(uniquePrefix('base'), { OWM_BASE_URL: `http://apiuser:s3cr3t-base@${base.host}` }));
    expectQuiet(run, 's3cr3t-base', 'apiuser');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `  - OWM_BASE_URL="http://***@${base.host}" has a user name or password in it ("…@"), which owm2mqtt would not send: OpenWeatherMap takes its key from OWM_API_KEY; remove the part up to "@"`,
    );
  });

  it('--print-config never prints the password of MQTT_URL', async () => {
    const run = await runCli(
      ['--print-config'],
      env(uniquePrefix('mqtt-url'), { MQTT_URL: `mqtt://owm:${encodeURIComponent(PASSWORD)}@127.0.0.1:${broker.port}` }),
    );
    expectQuiet(run, PASSWORD, encodeURIComponent(PASSWORD));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      MQTT_URL: `mqtt://127.0.0.1:${broker.port}`,
      MQTT_USERNAME: 'owm',
      MQTT_PASSWORD: '(hidden, from MQTT_URL)',
    });
  });
});

describe.skipIf(!mosquittoAvailable())('control characters in settings', () => {
  it('MQTT_CLIENT_ID with a control character: exit 2 at start (not 3 from the broker), named with its position', async () => {
    const prefix = uniquePrefix('ctl');
    const run = await runCli(['--once'], env(prefix, { MQTT_CLIENT_ID: 'owm\u0001bridge' }));
    expectQuiet(run);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '  - MQTT_CLIENT_ID contains a control character, U+0001, at character 4: a setting is one line of printable text; remove it',
    );
    await nothingUnder(prefix);
  });

  it('MQTT_PASSWORD with an escape: exit 2, the password not shown', async () => {
    const run = await runCli(['--once'], env(uniquePrefix('ctl-pw'), { MQTT_USERNAME: 'owm', MQTT_PASSWORD: 'pw-\u001b[2J-secret' }));
    expectQuiet(run, 'pw-', '-secret');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('  - MQTT_PASSWORD contains a control character, U+001B (ESC), at character 4');
  });
});

describe.skipIf(!mosquittoAvailable())('Unicode spellings of an alias', () => {
  it('an alias written with a combining accent (NFD) is published under its NFC spelling', async () => {
    const prefix = uniquePrefix('nfc');
    const witness = await Subscriber.connect(broker.url, `${prefix}/#`);
    try {
      const run = await runCli(['--once'], env(prefix, { OWM_LOCATIONS: 'Lisbon,PT=cafe\u0301' }));
      expect(run.code, run.stderr).toBe(0);
      await witness.waitFor((messages) => messages.some((m) => m.topic.endsWith('/temperature')));
      const topics = new Set(witness.messages.map((m) => m.topic));
      expect(topics).toContain(`${prefix}/caf\u00e9/temperature`);
      expect([...topics].filter((t) => t.includes('e\u0301'))).toEqual([]);
    } finally {
      await witness.close();
    }
  });
});

describe('a secret file this user cannot read', () => {
  // Root reads any file whatever its mode, and CI runs as root: the command runs as `nobody` then.
  it('OWM_API_KEY_FILE not readable: exit 2 naming the variable and the path, as root too', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const unreadable = join(dir, 'api-key');
    writeFileSync(unreadable, `${FAKE_KEY}\n`);
    chmodSync(unreadable, 0o000);
    const run = await runCli(['--print-config'], { OWM_API_KEY_FILE: unreadable, OWM_LOCATIONS: 'Lisbon,PT' }, { unprivileged: true });
    expectQuiet(run);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`  - OWM_API_KEY_FILE: the file "${unreadable}" is not readable by this user`);
    expect(run.stderr).toContain('1 problem(s)');

    // The same run with a file `nobody` may read succeeds: what was refused is the mode, not the user or the path.
    chmodSync(unreadable, 0o644);
    const readable = await runCli(['--print-config'], { OWM_API_KEY_FILE: unreadable, OWM_LOCATIONS: 'Lisbon,PT' }, { unprivileged: true });
    expect(readable.code, readable.stderr).toBe(0);
    expect(JSON.parse(readable.stdout)).toMatchObject({ OWM_API_KEY: `(hidden, from OWM_API_KEY_FILE (${unreadable}))` });
  });
});
