/**
 * Answers that are not a weather report, each named for what it is (issue 11, item 13):
 * a redirect with its target (the key masked), a compressed body, a server error with a
 * page too large to read, a number too large for a double.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { fixture } from '../helpers/fake-owm.js';
import { retainedSnapshot } from '../helpers/subscriber.js';
import { expectNoSecret, useBrokerAndOwm } from '../helpers/world.js';

const GOOD = 'weather-clouds-all-optional-fields-metric.json';
const world = useBrokerAndOwm();

async function once(prefix: string, location: string, more: Record<string, string> = {}): Promise<CliRun> {
  const run = await runCli(['--once'], baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: location, ...more }));
  expectNoSecret(run);
  return run;
}

describe('what OpenWeatherMap answered, named', () => {
  it.each([301, 302, 307, 308])(
    'a redirect (HTTP %i): its target with the key masked, not followed, "check OWM_BASE_URL"',
    async (status) => {
      world.owm.script(`q=Moved${status},FR`, [
        { body: '', status, headers: { location: `https://api.example.net/data/2.5/weather?q=Moved&appid=${FAKE_KEY}` } },
      ]);
      const before = world.owm.requests.length;
      const run = await once(uniquePrefix('redirect'), `Moved${status},FR`);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `ERROR moved${status}: OpenWeatherMap's address answered with a redirect (HTTP ${status}) to https://api.example.net/data/2.5/weather?q=Moved&appid=***, which the bridge does not follow (the request carries the API key): check OWM_BASE_URL`,
      );
      // Not retried, and not followed (the fake server is the only one asked).
      expect(world.owm.requests.length - before).toBe(1);
    },
  );

  it('a relative redirect is shown against the configured address', async () => {
    world.owm.script('q=Relative,FR', [{ body: '', status: 302, headers: { location: '/login?next=%2Fdata' } }]);
    const run = await once(uniquePrefix('relative'), 'Relative,FR');
    expect(run.stderr).toContain(`to ${world.owm.url}/login?next=%2Fdata, which the bridge does not follow`);
  });

  it('a gzip body the request did not ask for is decompressed and published', async () => {
    const prefix = uniquePrefix('gzip');
    world.owm.script('q=Zipped,FR', [{ body: gzipSync(fixture(GOOD)), headers: { 'content-encoding': 'gzip' } }]);
    const run = await once(prefix, 'Zipped,FR');
    expect(run.stderr).not.toContain('truncated?');
    expect(run.code).toBe(0);
    expect(world.owm.requests.find((r) => r.selector === 'q=Zipped,FR')?.headers['accept-encoding']).toBe('identity');
    const retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
    expect(retained.get(`${prefix}/zipped/temperature`)?.payload).toBe('22.55');
    expect(retained.get(`${prefix}/zipped/observed_at`)?.payload).toBe('2026-08-01T08:44:45Z');
  });

  it('a compressed body that would grow past 64 KiB, or in an encoding it cannot read, is named as such', async () => {
    world.owm.script('q=Bomb,FR', [
      { body: gzipSync(`{"dt":1785573885,"main":{"temp":20},"pad":"${' '.repeat(1_000_000)}"}`), headers: { 'content-encoding': 'gzip' } },
    ]);
    world.owm.script('q=Zstd,FR', [{ body: 'not really zstd', headers: { 'content-encoding': 'zstd' } }]);
    const run = await once(uniquePrefix('bomb'), 'Bomb,FR;Zstd,FR');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'ERROR bomb: OpenWeatherMap sent a compressed body (Content-Encoding: gzip) larger than any weather report once decompressed (over 64 KiB): ignored',
    );
    expect(run.stderr).toContain(
      'ERROR zstd: OpenWeatherMap sent a body compressed as "zstd" (Content-Encoding), though the request asked for none, and the bridge cannot read it',
    );
  });

  it('a 503 with a page larger than 64 KiB is a server error, retried like any 5xx', async () => {
    const prefix = uniquePrefix('big503');
    world.owm.script('q=Overloaded,FR', [
      { body: `<html>${'busy '.repeat(40_000)}</html>`, status: 503, headers: { 'content-type': 'text/html' } },
      { fixture: GOOD },
    ]);
    const run = await once(prefix, 'Overloaded,FR');
    expect(run.stderr).toContain('INFO  overloaded: OpenWeatherMap had a server error (HTTP 503); retry 1 in');
    expect(run.stderr).not.toContain('larger than any weather report');
    expect(run.code).toBe(0);
    expect(world.owm.requests.filter((r) => r.selector === 'q=Overloaded,FR')).toHaveLength(2);
    expect((await retainedSnapshot(world.broker.url, `${prefix}/#`)).get(`${prefix}/overloaded/temperature`)?.payload).toBe('22.55');
  });

  it('a 200 with a body over 64 KiB is still refused as too large', async () => {
    world.owm.script('q=Huge,FR', [{ body: `{"dt":1785573885,"main":{"temp":20},"padding":"${'x'.repeat(100_000)}"}` }]);
    const run = await once(uniquePrefix('huge'), 'Huge,FR');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ERROR huge: OpenWeatherMap sent a body larger than any weather report (over 64 KiB): ignored');
  });

  it('"temp":1e400 (Infinity once parsed) is not a finite number, not "(got null)"', async () => {
    const prefix = uniquePrefix('infinite');
    world.owm.script('q=Infinite,FR', [{ body: '{"dt":1785573885,"main":{"temp":1e400}}' }]);
    const run = await once(prefix, 'Infinite,FR');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'ERROR infinite: OpenWeatherMap sent a response that fails validation: main.temp is not a finite number (got Infinity: a number too large for a double, such as 1e400)',
    );
    expect(run.stderr).not.toContain('(got null)');
    expect([...(await retainedSnapshot(world.broker.url, `${prefix}/#`)).keys()].filter((t) => t.includes('/infinite/'))).toEqual([]);
  });
});
