/**
 * `owm2mqtt all`, built, against a real Mosquitto and the loopback OpenWeatherMap stand-in: one
 * process publishes the weather, the aggregator's means of rooms fed with mosquitto_pub, and
 * serves the dashboard showing both; one SIGTERM stops the three (each says offline); one part
 * that cannot start stops the others.
 */
import { describe, expect, it } from 'vitest';
import { finished, spawnCli, stderrSoFar } from '../helpers/cli.js';
import { baseEnv, uniquePrefix } from '../helpers/env.js';
import { freePort } from '../helpers/ports.js';
import { publish, retainedSnapshot, Subscriber } from '../helpers/subscriber.js';
import { until, useBrokerAndOwm } from '../helpers/world.js';

const world = useBrokerAndOwm();

async function startAll(name: string, more: Record<string, string> = {}) {
  const prefix = uniquePrefix(name);
  const home = `${prefix}-home`;
  const stats = `${prefix}-stats`;
  const port = await freePort();
  // Every status change from before the start: a session thrown off the broker says offline by its Will.
  const statuses = await Subscriber.connect(world.broker.url, [`${prefix}/bridge/status`, `${stats}/status`]);
  world.owm.script('q=Lisbon,PT', [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }]);
  const child = spawnCli(
    ['all'],
    baseEnv(world.owm.url, world.broker.url, prefix, {
      OWM_LOCATIONS: 'Lisbon,PT',
      MQTT_CLIENT_ID: `${prefix}-client`,
      AGG_SOURCES: `${home}/+/temperature`,
      AGG_PREFIX: stats,
      AGG_PERIOD_S: '1',
      DASHBOARD_PORT: String(port),
      DASHBOARD_DB: ':memory:',
      DASHBOARD_TOPICS: `${prefix}/#;${home}/#;${stats}/#`,
      ...more,
    }),
  );
  return { prefix, home, stats, port, child, statuses, log: stderrSoFar(child), exit: finished(child, 60_000) };
}

describe('owm2mqtt all', { timeout: 90_000 }, () => {
  it("publishes the weather and the aggregator's means, serves the dashboard with both, and stops the three at one SIGTERM", async () => {
    const run = await startAll('all');
    const { prefix, home, stats, port } = run;
    const retained = () => retainedSnapshot(world.broker.url, `${prefix}/#`);
    await until(async () => (await retained()).get(`${prefix}/lisbon/temperature`)?.payload === '22.55', 20_000);
    await until(() => run.log().includes('INFO  aggregating '), 20_000);

    await publish(world.broker.url, `${home}/salon/temperature`, '21', { retain: true });
    await publish(world.broker.url, `${home}/cuisine/temperature`, '23', { retain: true });
    const mean = `${stats}/${home}/temperature`;
    await until(async () => (await retainedSnapshot(world.broker.url, `${stats}/#`)).get(mean)?.payload === '22', 20_000);
    const statuses = await retainedSnapshot(world.broker.url, `${stats}/#`);
    expect(statuses.get(`${stats}/status`)?.payload).toBe('online');

    // The page, and the values of the two others in it.
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script');
    await until(async () => {
      const body = (await (await fetch(`http://127.0.0.1:${port}/api/series`)).json()) as { series: { topic: string; value: number }[] };
      const value = (topic: string) => body.series.find((entry) => entry.topic === topic)?.value;
      return value(`${prefix}/lisbon/temperature`) === 22.55 && value(mean) === 22;
    }, 10_000);

    // Two sessions under one client id would throw each other off the broker: offline by the Will.
    expect(run.statuses.messages.filter((m) => m.payload !== 'online')).toEqual([]);
    run.child.kill('SIGTERM');
    const ended = await run.exit;
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stderr).toContain('closing the dashboard');
    expect((await retained()).get(`${prefix}/bridge/status`)?.payload).toBe('offline');
    expect((await retainedSnapshot(world.broker.url, `${stats}/#`)).get(`${stats}/status`)?.payload).toBe('offline');
    await run.statuses.close();
    expect(ended.stderr).not.toContain('connected again');
    expect(ended.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops the bridge and the aggregator when the dashboard cannot start, with its exit code', async () => {
    const blocker = await startAll('all-first');
    await until(() => blocker.log().includes('dashboard: http://'), 20_000);
    const run = await startAll('all-second', { DASHBOARD_PORT: String(blocker.port) });
    const ended = await run.exit;
    expect(ended.code, ended.stderr).toBe(1);
    expect(ended.stderr).toContain(`DASHBOARD_PORT=${blocker.port}: another program already listens`);
    expect(ended.stderr).toContain('the dashboard ended (exit code 1): stopping the others');
    blocker.child.kill('SIGTERM');
    expect((await blocker.exit).code).toBe(0);
  });

  it('refuses a bad aggregator setting before anything starts (exit 2, nothing published)', async () => {
    const run = await startAll('all-bad', { AGG_PERIOD_S: 'soon' });
    const ended = await run.exit;
    expect(ended.code).toBe(2);
    expect(ended.stderr).toContain('AGG_PERIOD_S');
    expect((await retainedSnapshot(world.broker.url, `${run.prefix}/#`)).size).toBe(0);
  });
});
