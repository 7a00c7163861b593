import { afterEach, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { baseEnv, uniquePrefix } from '../helpers/env.js';
import { shiftedForecast } from '../helpers/fake-owm.js';
import { inProcessDaemon } from '../helpers/in-process-daemon.js';
import { retainedSnapshot } from '../helpers/subscriber.js';
import { expectNoSecret, until, useBrokerAndOwm } from '../helpers/world.js';

// The forecast is asked at the weather response's coordinates.
const FORECAST = 'forecast:lat=38.7223&lon=-9.1393';
const LISBON_FORECAST = 'forecast-lisbon-metric-lang-en-dew-point-no-precipitation.json';
const world = useBrokerAndOwm({ 'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }] });

const HOUR = 3600;
/** The 3-hour boundary at or before now, and the recorded Lisbon body moved there: its first step is now or a moment ago. */
function lisbonFromNow(): { first: number; body: string; steps: { dt: number; main: { temp: number } }[] } {
  const first = Math.floor(Date.now() / 1000 / (3 * HOUR)) * 3 * HOUR;
  const body = shiftedForecast(LISBON_FORECAST, first);
  return { first, body, steps: (JSON.parse(body) as { list: { dt: number; main: { temp: number } }[] }).list };
}
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
/** The step the rules pick for now + n hours: the nearest not in the past (a tie to the earlier). */
function expectedStep(steps: { dt: number; main: { temp: number } }[], nowSeconds: number, hours: number) {
  const ahead = steps.filter((s) => s.dt >= nowSeconds);
  const target = nowSeconds + hours * HOUR;
  return ahead.reduce((best, s) => (Math.abs(s.dt - target) < Math.abs(best.dt - target) ? s : best));
}

afterEach(() => {
  vi.useRealTimers();
});

it('OWM_FORECAST=true with --once: one forecast call, horizons, days and the whole forecast retained at QoS 1', async () => {
  const prefix = uniquePrefix('fc');
  const { body, steps } = lisbonFromNow();
  world.owm.script(FORECAST, [{ body }]);
  const before = Math.floor(Date.now() / 1000);
  const run = await runCli(
    ['--once'],
    baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', OWM_FORECAST: 'true' }),
  );
  const after = Math.floor(Date.now() / 1000);
  expectNoSecret(run);
  expect(run.code).toBe(0);
  const calls = world.owm.requests.filter((r) => r.selector === FORECAST);
  expect(calls).toHaveLength(1);
  expect(calls[0]!.path).toBe('/data/2.5/forecast');
  expect(calls[0]!.params.get('units')).toBe('metric');

  const retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
  const at = (leaf: string) => retained.get(`${prefix}/lisbon/forecast/${leaf}`);
  // The run's "now" lies between before and after; a step boundary between them is not expected (3 h apart).
  const step3 = expectedStep(steps, before, 3);
  expect(expectedStep(steps, after, 3)).toBe(step3);
  expect(at('3h/time')?.payload).toBe(iso(step3.dt));
  expect(at('3h/temperature')?.payload).toBe(String(step3.main.temp));
  expect(at('24h/time')?.payload).toBe(iso(expectedStep(steps, before, 24).dt));
  expect(at('3h/pop')?.payload).toBe('0');
  expect(at('3h/precipitation')?.payload).toBe('0');
  expect([at('3h/temperature')?.retain, at('3h/temperature')?.qos]).toEqual([true, 1]);
  expect(at('tomorrow/temp_max')?.payload).toMatch(/^\d+(\.\d+)?$/);
  const whole = JSON.parse(retained.get(`${prefix}/lisbon/forecast`)!.payload) as { steps: { time: string }[] };
  expect(whole.steps.length).toBeGreaterThanOrEqual(39);
  expect(whole.steps.every((s) => Date.parse(s.time) / 1000 >= before)).toBe(true);
  // The weather is there as always.
  expect(retained.get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
});

it('a failing forecast call leaves the weather published and the forecast topics as they were', async () => {
  const prefix = uniquePrefix('fc-fail');
  const env = baseEnv(world.owm.url, world.broker.url, prefix, {
    OWM_LOCATIONS: 'Lisbon,PT',
    OWM_FORECAST: 'true',
    OWM_RETRIES: '0',
    PUBLISH_UNCHANGED: 'true',
  });
  const { body } = lisbonFromNow();
  world.owm.script(FORECAST, [{ body }]);
  expect((await runCli(['--once'], env)).code).toBe(0);
  const first = await retainedSnapshot(world.broker.url, `${prefix}/lisbon/forecast/#`);
  world.owm.script(FORECAST, [{ body: 'down', status: 503 }]);
  const run = await runCli(['--once'], env);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain(
    'lisbon: forecast: OpenWeatherMap had a server error (HTTP 503); the forecast topics keep the last forecast',
  );
  const retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
  expect(retained.get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
  expect(retained.get(`${prefix}/lisbon/forecast/3h/time`)?.payload).toBe(first.get(`${prefix}/lisbon/forecast/3h/time`)?.payload);
});

it('a forecast whose steps are all past is refused by name, and nothing of it is published', async () => {
  const prefix = uniquePrefix('fc-past');
  world.owm.script(FORECAST, [{ fixture: LISBON_FORECAST }]);
  const run = await runCli(
    ['--once'],
    baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', OWM_FORECAST: 'true', OWM_RETRIES: '0' }),
  );
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(/lisbon: forecast: OpenWeatherMap sent a forecast that fails validation: every step is in the past/);
  const retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
  expect([...retained.keys()].filter((t) => t.includes('/forecast'))).toEqual([]);
  expect(retained.get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
});

it('the daemon moves the horizons with the clock from the kept forecast, without calling again, and publishes only what moved', async () => {
  const prefix = uniquePrefix('fc-daemon');
  const { first, body, steps } = lisbonFromNow();
  world.owm.script(FORECAST, [{ body }]);
  const forecastCalls = () => world.owm.requests.filter((r) => r.selector === FORECAST).length;
  const callsBefore = forecastCalls();
  // Only Date is faked: timers, sockets and the broker run for real.
  vi.useFakeTimers({ toFake: ['Date'] });
  const start = (first + 10 * 60) * 1000;
  vi.setSystemTime(start);
  const { daemon, lines, schedule, stop } = inProcessDaemon(world.owm.url, world.broker.url, prefix, {
    OWM_LOCATIONS: 'Lisbon,PT',
    OWM_FORECAST: 'true',
    OWM_FORECAST_INTERVAL: '24h',
  });
  try {
    daemon.start();
    await until(() => lines.some((line) => line.includes('lisbon: published forecast')));
    const topic = `${prefix}/lisbon/forecast/3h/time`;
    const first3h = expectedStep(steps, start / 1000, 3);
    await until(async () => (await retainedSnapshot(world.broker.url, topic)).get(topic)?.payload === iso(first3h.dt));

    // Three hours later: a weather poll, no forecast call (the interval is 24 h), the 3 h horizon one step on.
    vi.setSystemTime(start + 3 * HOUR * 1000);
    const published = lines.length;
    schedule.tick();
    await until(() => lines.slice(published).some((line) => line.includes('lisbon: published forecast')));
    const next3h = expectedStep(steps, start / 1000 + 3 * HOUR, 3);
    expect(next3h.dt).toBe(first3h.dt + 3 * HOUR);
    await until(async () => (await retainedSnapshot(world.broker.url, topic)).get(topic)?.payload === iso(next3h.dt));
    expect(forecastCalls() - callsBefore).toBe(1);
    // Fewer messages than the first time: the 40-step body's unchanged horizons and days are not sent again.
    const counts = lines
      .filter((line) => line.includes('lisbon: published forecast'))
      .map((line) => Number(/forecast: (\d+) messages/.exec(line)?.[1]));
    expect(counts[1]).toBeLessThan(counts[0]!);
  } finally {
    await stop();
  }
});
