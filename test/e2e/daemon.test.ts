import { describe, expect, it } from 'vitest';
import { finished, spawnCli } from '../helpers/cli.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { until, useBrokerAndOwm } from '../helpers/world.js';
import { retainedSnapshot, Subscriber } from '../helpers/subscriber.js';

const world = useBrokerAndOwm();

function daemon(prefix: string, location: string, more: Record<string, string> = {}) {
  // A seconds-level schedule makes polls come fast enough to test.
  return spawnCli(
    [],
    baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: location, SCHEDULE: '* * * * * *', LOG_LEVEL: 'debug', ...more }),
  );
}

const retained = (prefix: string) => retainedSnapshot(world.broker.url, `${prefix}/#`);

describe('daemon', () => {
  it('polls on start and on schedule, publishes new values, and on SIGTERM publishes offline and exits 0', async () => {
    const prefix = uniquePrefix('daemon');
    world.owm.script('q=Lisbon,PT', [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }]);
    const child = daemon(prefix, 'Lisbon,PT');
    const exit = finished(child, 30_000);
    await until(async () => (await retained(prefix)).get(`${prefix}/lisbon/temperature`)?.payload === '22.55');
    expect((await retained(prefix)).get(`${prefix}/bridge/status`)?.payload).toBe('online');

    world.owm.script('q=Lisbon,PT', [{ fixture: 'weather-snow-1h-negative-accented-name-no-visibility-no-sys-type-metric.json' }]);
    await until(async () => (await retained(prefix)).get(`${prefix}/lisbon/temperature`)?.payload === '-1.44');
    const now = await retained(prefix);
    expect(now.has(`${prefix}/lisbon/visibility`)).toBe(false);
    expect(world.owm.requests.filter((r) => r.selector === 'q=Lisbon,PT').length).toBeGreaterThanOrEqual(2);

    child.kill('SIGTERM');
    const run = await exit;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('SIGTERM received');
    expect(run.stderr).not.toContain(FAKE_KEY);
    const after = await retained(prefix);
    expect(after.get(`${prefix}/bridge/status`)?.payload).toBe('offline');
    // The weather stays retained: consumers tell staleness by observed_at.
    expect(after.get(`${prefix}/lisbon/temperature`)?.payload).toBe('-1.44');
  });

  it('leaves offline as its Last Will when killed', async () => {
    const prefix = uniquePrefix('will');
    world.owm.script('q=Berlin,DE', [{ fixture: 'weather-no-gust-with-sea-grnd-metric.json' }]);
    const child = daemon(prefix, 'Berlin,DE', { SCHEDULE: '0 0 1 1 *' });
    const exit = finished(child, 30_000);
    await until(async () => (await retained(prefix)).get(`${prefix}/berlin/temperature`)?.payload === '4.85');
    child.kill('SIGKILL');
    await exit;
    await until(async () => (await retained(prefix)).get(`${prefix}/bridge/status`)?.payload === 'offline');
  });

  it('republishes every latest value after the broker restarts without persistence', async () => {
    const prefix = uniquePrefix('restart');
    world.owm.script('q=Manila,PH', [{ fixture: 'weather-rain-1h-all-optional-fields-name-with-space-metric.json' }]);
    const child = daemon(prefix, 'Manila,PH', { SCHEDULE: '0 0 1 1 *' });
    const exit = finished(child, 30_000);
    try {
      await until(async () => (await retained(prefix)).get(`${prefix}/manila/rain_1h`)?.payload === '2.47');
      const before = await retained(prefix);
      // Frozen, the daemon cannot reconnect before the broker's emptiness is read (it raced the replay).
      child.kill('SIGSTOP');
      try {
        await world.broker.stop();
        await world.broker.start();
        expect((await retained(prefix)).size).toBe(0); // the restart lost everything
      } finally {
        child.kill('SIGCONT');
      }
      // The event the read-back needs: every value of before has come back (live, or retained if the replay came first).
      const replayed = await Subscriber.connect(world.broker.url, `${prefix}/#`);
      await replayed.waitFor(
        (messages) => [...before].every(([topic, message]) => messages.some((m) => m.topic === topic && m.payload === message.payload)),
        20_000,
      );
      await replayed.close();
      const after = await retained(prefix);
      for (const [topic, message] of before) expect(after.get(topic)?.payload, topic).toBe(message.payload);
      expect(after.get(`${prefix}/bridge/status`)?.payload).toBe('online');
      // No poll happened in between: the values came from the daemon's latest-state store.
      expect(world.owm.requests.filter((r) => r.selector === 'q=Manila,PH')).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
      await exit;
    }
  });
});
