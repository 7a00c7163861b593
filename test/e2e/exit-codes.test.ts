import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { freePort } from '../helpers/ports.js';
import { expectNoSecret, useBrokerAndOwm } from '../helpers/world.js';
import { retainedSnapshot } from '../helpers/subscriber.js';

const GOOD = 'weather-clouds-all-optional-fields-metric.json';
const world = useBrokerAndOwm({
  'q=Lisbon,PT': [{ fixture: GOOD }],
  'q=Flaky,FR': [
    { body: 'oops', status: 500 },
    { body: '<html>Bad gateway</html>', status: 502, headers: { 'content-type': 'text/html' } },
    { fixture: GOOD },
  ],
  'q=Broken,FR': [{ body: '{"coord":{"lon":1', status: 200 }],
  'q=Html,FR': [{ body: '<html>captive portal</html>', status: 200, headers: { 'content-type': 'text/html' } }],
  'q=Humid,FR': [{ body: '{"dt":1785573885,"main":{"temp":20,"humidity":140}}' }],
  'q=Huge,FR': [{ body: `{"dt":1785573885,"main":{"temp":20},"padding":"${'x'.repeat(100_000)}"}` }],
  'q=Stringly,FR': [{ body: '{"dt":1785573885,"main":{"temp":"20.5"}}' }],
  'q=NotANumber,FR': [{ body: '{"dt":1785573885,"main":{"temp":NaN}}' }],
  'q=Cloudless,FR': [{ body: '{"dt":1785573885,"main":{"temp":20},"weather":[]}' }],
  'q=Windy,FR': [{ body: '{"dt":1785573885,"main":{"temp":20},"wind":{"speed":-3}}' }],
  'q=Legacy,FR': [{ fixture: 'error-404-legacy-2014-served-as-http-200.json', status: 200 }],
  'q=Slow,FR': [{ hang: true }],
  'q=Dropped,FR': [{ drop: true }],
  'q=Limited,FR': [{ fixture: 'error-429-rate-limited.json', status: 429, headers: { 'retry-after': '1' } }, { fixture: GOOD }],
});

async function once(prefix: string, more: Record<string, string>): Promise<CliRun> {
  const run = await runCli(['--once'], baseEnv(world.owm.url, world.broker.url, prefix, more));
  expectNoSecret(run);
  return run;
}

describe('--once exit codes', () => {
  it('0: every location published', async () => {
    const run = await once(uniquePrefix('ok'), { OWM_LOCATIONS: 'Lisbon,PT' });
    expect(run.code).toBe(0);
  });

  it('1: one location unknown to OWM, the others still published', async () => {
    const prefix = uniquePrefix('partial');
    const run = await once(prefix, { OWM_LOCATIONS: 'Lisbon,PT;Atlantis,XX' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('OpenWeatherMap does not know the location "Atlantis,XX" (HTTP 404');
    const retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
    expect(retained.get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
    expect([...retained.keys()].some((t) => t.includes('/atlantis/'))).toBe(false);
  });

  it('2: configuration error, every problem listed, nothing published', async () => {
    const prefix = uniquePrefix('config');
    const before = world.owm.requests.length;
    const run = await once(prefix, { OWM_LOCATIONS: 'Lisbon,PT;geo:91,0', MQTT_QOS: '3', SCHEDULE: 'every ten minutes' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('3 problem(s)');
    expect(run.stderr).toContain('MQTT_QOS="3" must be 0, 1 or 2');
    expect(run.stderr).toContain('SCHEDULE="every ten minutes" is not a valid cron expression');
    expect(run.stderr).toContain('latitude 91 is outside -90..90');
    expect(world.owm.requests.length).toBe(before);
    expect((await retainedSnapshot(world.broker.url, `${prefix}/#`)).size).toBe(0);
  });

  it('2: missing key and locations', async () => {
    const run = await runCli(['--once'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('OWM_API_KEY is not set');
    expect(run.stderr).toContain('OWM_LOCATIONS is not set');
  });

  it('3: nothing listens at MQTT_URL; OWM is not even called', async () => {
    const before = world.owm.requests.length;
    const run = await once(uniquePrefix('nobroker'), { OWM_LOCATIONS: 'Lisbon,PT', MQTT_URL: `mqtt://127.0.0.1:${await freePort()}` });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/ECONNREFUSED.*is the broker running\? Check MQTT_URL/);
    expect(world.owm.requests.length).toBe(before);
  });

  it('4: OWM rejects the key, with the activation hint', async () => {
    const run = await runCli(['--once'], {
      ...baseEnv(world.owm.url, world.broker.url, uniquePrefix('badkey'), { OWM_LOCATIONS: 'Lisbon,PT;Berlin,DE' }),
      OWM_API_KEY: 'wrong-key-0000000000000000000000',
    });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('rejected the API key (HTTP 401)');
    expect(run.stderr).toContain('couple of hours to activate');
    expect(run.stderr).not.toContain('wrong-key-0000000000000000000000');
  });
});

describe('--once faults', () => {
  it('retries 500 then 502 and publishes within the run', async () => {
    const prefix = uniquePrefix('flaky');
    const run = await once(prefix, { OWM_LOCATIONS: 'Flaky,FR' });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('HTTP 500');
    expect(world.owm.requests.filter((r) => r.selector === 'q=Flaky,FR')).toHaveLength(3);
    expect((await retainedSnapshot(world.broker.url, `${prefix}/#`)).get(`${prefix}/flaky/temperature`)?.payload).toBe('22.55');
  });

  it('waits at least Retry-After after a 429 before asking again', async () => {
    const run = await once(uniquePrefix('limited'), { OWM_LOCATIONS: 'Limited,FR' });
    expect(run.code).toBe(0);
    const [first, second] = world.owm.requests.filter((r) => r.selector === 'q=Limited,FR');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
  });

  it.each([
    ['truncated JSON', 'Broken,FR', 'not valid JSON'],
    ['an HTML page', 'Html,FR', 'instead of JSON'],
    ['humidity 140 %', 'Humid,FR', 'main.humidity'],
    ['a 404 served as HTTP 200 (2014 style)', 'Legacy,FR', 'HTTP 404'],
    ['over 64 KiB', 'Huge,FR', 'larger than any weather report'],
    ['a number sent as a string', 'Stringly,FR', 'main.temp'],
    ['NaN (not JSON)', 'NotANumber,FR', 'not valid JSON'],
    ['an empty weather list', 'Cloudless,FR', 'weather is an empty list'],
    ['a negative wind speed', 'Windy,FR', 'wind.speed'],
  ])('skips a location whose response is %s, names why, publishes the others', async (_, city, why) => {
    const prefix = uniquePrefix('bad');
    const run = await once(prefix, { OWM_LOCATIONS: `Lisbon,PT;${city}` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(why);
    const retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
    expect(retained.get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
    expect([...retained.keys()].filter((t) => !t.includes('/lisbon/') && !t.endsWith('/bridge/status'))).toEqual([]);
  });

  it('gives up on a server that never answers, within OWM_TIMEOUT_MS and the deadline', async () => {
    const started = Date.now();
    const run = await once(uniquePrefix('slow'), {
      OWM_LOCATIONS: 'Lisbon,PT;Slow,FR',
      OWM_TIMEOUT_MS: '300',
      OWM_RETRIES: '1',
      ONCE_DEADLINE_MS: '5000',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('did not answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops at ONCE_DEADLINE_MS even with retries left', async () => {
    const started = Date.now();
    const run = await once(uniquePrefix('deadline'), {
      OWM_LOCATIONS: 'Slow,FR',
      OWM_TIMEOUT_MS: '60000',
      OWM_RETRIES: '10',
      ONCE_DEADLINE_MS: '1000',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('deadline');
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('treats a dropped connection as transient and fails that location only', async () => {
    const run = await once(uniquePrefix('drop'), { OWM_LOCATIONS: 'Lisbon,PT;Dropped,FR', OWM_RETRIES: '1' });
    expect(run.code).toBe(1);
    // OWM_RETRIES=1: the first request and one retry.
    expect(world.owm.requests.filter((r) => r.selector === 'q=Dropped,FR')).toHaveLength(2);
    // undici says ECONNRESET or UND_ERR_SOCKET for a closed socket; owm2mqtt names both ECONNRESET.
    expect(run.stderr).toContain('ERROR dropped: network error talking to OpenWeatherMap (ECONNRESET)\n');
  });
});

describe('other modes', () => {
  it('--dry-run prints the messages and needs no broker', async () => {
    const run = await runCli(
      ['--dry-run'],
      baseEnv(world.owm.url, `mqtt://127.0.0.1:${await freePort()}`, 'exterieur', { OWM_LOCATIONS: 'Lisbon,PT' }),
    );
    expectNoSecret(run);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('exterieur/lisbon/temperature\t22.55\tqos=1 retained');
    expect(run.stdout).toContain('exterieur/lisbon/rain_3h\t(cleared)\tqos=1 retained');
  });

  it('--print-config shows every setting and hides the secrets', async () => {
    const run = await runCli(['--print-config'], {
      OWM_API_KEY: FAKE_KEY,
      OWM_LOCATIONS: 'Lisbon,PT',
      MQTT_URL: 'mqtt://bob:hunter2hunter2@world.broker.lan:1883',
      MQTT_PASSWORD: 'sup3rs3cretpw',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(FAKE_KEY);
    expect(run.stdout).not.toContain('sup3rs3cretpw');
    expect(run.stdout).not.toContain('hunter2hunter2');
    const shown = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({
      OWM_API_KEY: '(hidden, from OWM_API_KEY)',
      MQTT_PASSWORD: '(hidden, from MQTT_PASSWORD)',
      MQTT_USERNAME: 'bob',
      MQTT_URL: 'mqtt://world.broker.lan:1883',
      OWM_UNITS: 'metric',
      MQTT_QOS: 1,
    });
  });

  it('reads ./.env, lets the environment win, and honours --env-file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-env-'));
    writeFileSync(join(dir, '.env'), `OWM_API_KEY=${FAKE_KEY}\nOWM_LOCATIONS=Lisbon,PT\nOWM_UNITS=imperial\n`);
    writeFileSync(join(dir, 'other.env'), `OWM_API_KEY=${FAKE_KEY}\nOWM_LOCATIONS=Berlin,DE\n`);
    const fromDotEnv = await runCli(['--print-config'], { OWM_UNITS: 'standard' }, { cwd: dir });
    expect(JSON.parse(fromDotEnv.stdout)).toMatchObject({ OWM_UNITS: 'standard', OWM_LOCATIONS: [{ entry: 'Lisbon,PT' }] });
    const fromFile = await runCli(['--print-config', '--env-file', join(dir, 'other.env')], {}, { cwd: dir });
    expect(JSON.parse(fromFile.stdout)).toMatchObject({ OWM_UNITS: 'metric', OWM_LOCATIONS: [{ entry: 'Berlin,DE' }] });
    // Node itself checks a script's `--env-file` argument and exits 9 when the file is missing
    // (nodejs/node#54232), before owm2mqtt runs; after `node --` it leaves it to owm2mqtt, whose own check this is.
    const missing = await runCli(['--once', '--env-file', join(dir, 'nope.env')], {}, { cwd: dir, nodeArgs: ['--'] });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`owm2mqtt: --env-file: the file "${join(dir, 'nope.env')}" does not exist\n`);
  });

  it('--help and --version exit 0; an unknown option exits 2', async () => {
    const help = await runCli(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--once');
    const version = await runCli(['--version'], {});
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const unknown = await runCli(['--frobnicate'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--frobnicate');
  });
});
