/**
 * Impossible observation times (issue 11, item 8): a `dt` in 1970, in 2100 or a year
 * ahead is refused like an out-of-range temperature, judged by the server's clock
 * (its Date header) when it sends one, else by the local clock.
 */
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';
import { baseEnv, uniquePrefix } from '../helpers/env.js';
import { retainedSnapshot } from '../helpers/subscriber.js';
import { expectNoSecret, useBrokerAndOwm } from '../helpers/world.js';

const AIR = 'air:lat=38.7&lon=-9.1';
const world = useBrokerAndOwm();
const nowSeconds = () => Math.floor(Date.now() / 1000);
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const body = (dt: number, more = '') => `{"dt":${dt},"coord":{"lat":38.7,"lon":-9.1},"main":{"temp":12.5}${more}}`;

async function once(prefix: string, location: string, more: Record<string, string> = {}): Promise<CliRun> {
  const run = await runCli(
    ['--once'],
    baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: location, OWM_RETRIES: '0', ...more }),
  );
  expectNoSecret(run);
  return run;
}

async function topicsOf(prefix: string, level: string): Promise<string[]> {
  return [...(await retainedSnapshot(world.broker.url, `${prefix}/#`)).keys()].filter((t) => t.startsWith(`${prefix}/${level}/`));
}

describe('observation times that cannot be current are refused', () => {
  it.each([
    ['a year ahead', () => nowSeconds() + 365 * 86_400, "is more than 1 h ahead of OpenWeatherMap's clock"],
    ['in 2100', () => 4_102_444_000, "is more than 1 h ahead of OpenWeatherMap's clock"],
    ['in 1970', () => 1, 'is before 2012, when OpenWeatherMap began: not a real observation time (got 1)'],
  ])('dt %s: the location fails with the time as ISO and why; nothing of it is published', async (_, dtOf, why) => {
    const prefix = uniquePrefix('dt');
    const dt = dtOf();
    world.owm.script('q=Odd,FR', [{ body: body(dt) }]);
    const run = await once(prefix, 'Odd,FR');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`ERROR odd: OpenWeatherMap sent a response that fails validation: dt ${iso(dt)} ${why}`);
    expect(run.stderr).toContain('failed: odd (OWM_BAD_RESPONSE)');
    expect(await topicsOf(prefix, 'odd')).toEqual([]);
  });

  it("a Pi whose clock is days behind: the server's Date header is the judge", async () => {
    const prefix = uniquePrefix('server-clock');
    const dt = nowSeconds() + 2 * 86_400;
    world.owm.script('q=Ahead,FR', [
      { body: body(dt), headers: { 'content-type': 'application/json', date: new Date(Date.now() + 3 * 86_400_000).toUTCString() } },
    ]);
    const run = await once(prefix, 'Ahead,FR');
    expect(run.code).toBe(0);
    const retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
    expect(retained.get(`${prefix}/ahead/observed_at`)?.payload).toBe(iso(dt));
  });

  it('without a Date header, the local clock judges, and the message says so', async () => {
    const prefix = uniquePrefix('local-clock');
    const dt = nowSeconds() + 2 * 86_400;
    world.owm.script('q=NoDate,FR', [{ body: body(dt), noDate: true }]);
    const run = await once(prefix, 'NoDate,FR');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`dt ${iso(dt)} is more than 1 h ahead of this computer's clock (`);
    expect(run.stderr).toContain('the server sent no Date header): not a current observation time');
  });

  it('a sunrise in 2100 refuses the response too', async () => {
    const prefix = uniquePrefix('sunrise');
    world.owm.script('q=Sunny,FR', [{ body: body(nowSeconds(), ',"sys":{"sunrise":4102444000,"sunset":0}') }]);
    const run = await once(prefix, 'Sunny,FR');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("fails validation: sys.sunrise 2099-12-31T23:46:40Z is more than 2 days ahead of OpenWeatherMap's clock");
    expect(await topicsOf(prefix, 'sunny')).toEqual([]);
  });

  it('an air quality dt in 2100 refuses the air report; the weather is still published', async () => {
    const prefix = uniquePrefix('air-dt');
    const dt = nowSeconds();
    world.owm.script('q=Airy,FR', [{ body: body(dt) }]);
    world.owm.script(AIR, [{ body: '{"list":[{"dt":4102444000,"main":{"aqi":2}}]}' }]);
    const run = await once(prefix, 'Airy,FR', { OWM_AIR_QUALITY: 'true' });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'WARN  airy: air quality: OpenWeatherMap sent an air quality response that fails validation: list.0.dt 2099-12-31T23:46:40Z is more than 1 h ahead',
    );
    const retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
    expect(retained.get(`${prefix}/airy/observed_at`)?.payload).toBe(iso(dt));
    expect(retained.has(`${prefix}/airy/aqi`)).toBe(false);
  });
});
