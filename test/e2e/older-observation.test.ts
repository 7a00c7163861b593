/**
 * An older observation never replaces a newer one on the broker (issue 11, item 7):
 * OWM's caches sometimes answer with an earlier `dt` than the one already published.
 * `--once` compares with the retained `observed_at` it reads back; the daemon with what
 * it published and, after a restart, with what the broker held when it connected.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBroker } from '../helpers/broker.js';
import { finished, runCli, spawnCli, stderrSoFar } from '../helpers/cli.js';
import { baseEnv, uniquePrefix } from '../helpers/env.js';
import { retainedSnapshot, Subscriber } from '../helpers/subscriber.js';
import { until, useBrokerAndOwm } from '../helpers/world.js';

const EARLIER = 'weather-clouds-all-optional-fields-metric.json'; // dt 2026-08-01T08:44:45Z, 22.55 °C
const NEWER = 'weather-snow-1h-negative-accented-name-no-visibility-no-sys-type-metric.json'; // dt 08:55:32Z, -1.44 °C
const OLDER_LINE =
  'WARN  porto: OpenWeatherMap sent an older observation (observed 2026-08-01T08:44:45Z) than the one on the broker (observed 2026-08-01T08:55:32Z): not published, the broker keeps the newer one';
const world = useBrokerAndOwm();

const count = (live: Subscriber, prefix: string, leaf: string) => live.messages.filter((m) => m.topic === `${prefix}/porto/${leaf}`).length;
const asked = () => world.owm.requests.filter((r) => r.selector === 'q=Porto,PT').length;

async function expectBrokerKeepsNewer(prefix: string): Promise<void> {
  const retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
  expect(retained.get(`${prefix}/porto/observed_at`)?.payload).toBe('2026-08-01T08:55:32Z');
  expect(retained.get(`${prefix}/porto/temperature`)?.payload).toBe('-1.44');
}

describe('an older observation is not published over a newer one', () => {
  it.each(['false', 'true'])(
    '--once (PUBLISH_UNCHANGED=%s): warns, publishes nothing for the location, exits 0',
    async (publishUnchanged) => {
      const prefix = uniquePrefix('once');
      const env = baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Porto,PT', PUBLISH_UNCHANGED: publishUnchanged });
      world.owm.script('q=Porto,PT', [{ fixture: NEWER }]);
      expect((await runCli(['--once'], env)).code).toBe(0);
      const live = await Subscriber.connect(world.broker.url, `${prefix}/porto/#`);
      try {
        await live.waitFor((m) => m.some((x) => x.topic.endsWith('/porto/state')));
        const retainedCount = live.messages.length;
        world.owm.script('q=Porto,PT', [{ fixture: EARLIER }]);
        const run = await runCli(['--once'], env);
        expect(run.code).toBe(0);
        expect(run.stderr).toContain(OLDER_LINE);
        // Nothing of this location published live: not the quantities, not last_success (the run has
        // exited: whatever it published reached the broker before the barrier did).
        expect((await live.barrier(world.broker.url, `${prefix}/porto/barrier`)).slice(retainedCount)).toEqual([]);
        await expectBrokerKeepsNewer(prefix);
      } finally {
        await live.close();
      }
    },
  );

  it('daemon: a later poll answered with an older observation publishes nothing, said once per streak', async () => {
    const prefix = uniquePrefix('daemon');
    world.owm.script('q=Porto,PT', [{ fixture: NEWER }, { fixture: EARLIER }]);
    const live = await Subscriber.connect(world.broker.url, `${prefix}/#`);
    const before = asked();
    const child = spawnCli([], baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Porto,PT', SCHEDULE: '* * * * * *' }));
    const exit = finished(child, 20_000);
    try {
      await until(() => asked() - before >= 4);
      expect(count(live, prefix, 'temperature')).toBe(1);
      expect(count(live, prefix, 'last_success')).toBe(1);
      expect(count(live, prefix, 'errors')).toBe(1);
      await expectBrokerKeepsNewer(prefix);
    } finally {
      child.kill('SIGTERM');
      await live.close();
    }
    const run = await exit;
    expect(run.stderr.split(OLDER_LINE).length - 1).toBe(1);
  });

  it('daemon after a restart: reads back what the broker holds, and keeps the newer one', async () => {
    const prefix = uniquePrefix('restart');
    const env = baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Porto,PT', SCHEDULE: '* * * * * *' });
    world.owm.script('q=Porto,PT', [{ fixture: NEWER }]);
    expect((await runCli(['--once'], env)).code).toBe(0);
    world.owm.script('q=Porto,PT', [{ fixture: EARLIER }]);
    const live = await Subscriber.connect(world.broker.url, `${prefix}/porto/#`);
    await live.waitFor((m) => m.some((x) => x.topic.endsWith('/porto/state')));
    const retainedCount = live.messages.length;
    const before = asked();
    const child = spawnCli([], env);
    const exit = finished(child, 20_000);
    try {
      // The second request comes after the first poll ended (polls never overlap), its publishes acknowledged.
      await until(() => asked() - before >= 2);
      expect((await live.barrier(world.broker.url, `${prefix}/porto/barrier`)).slice(retainedCount).map((m) => m.topic)).toEqual([]);
      await expectBrokerKeepsNewer(prefix);
      // A newer observation than the broker's is published as usual.
      world.owm.script('q=Porto,PT', [{ body: JSON.stringify({ dt: 1_785_574_532 + 600, main: { temp: 3.5 } }) }]);
      await live.waitFor((m) => m.some((x) => x.topic === `${prefix}/porto/temperature` && x.payload === '3.5'));
    } finally {
      child.kill('SIGTERM');
      await live.close();
    }
    const run = await exit;
    expect(run.stderr).toContain(OLDER_LINE);
  });
});

describe('a daemon started while the broker is down', () => {
  it('reads back what the persistent broker holds before it replays the older observation it kept, and drops that one', async () => {
    // Mosquitto with a database (written by the user it drops to when started as root): it holds observed_at 08:55:32Z across its restart.
    const database = mkdtempSync(join(tmpdir(), 'owm2mqtt-db-'));
    chmodSync(database, 0o777);
    const broker = await startBroker(['persistence true', `persistence_location ${database}/`]);
    try {
      const prefix = uniquePrefix('late-broker');
      const env = baseEnv(world.owm.url, broker.url, prefix, {
        OWM_LOCATIONS: 'Porto,PT',
        SCHEDULE: '0 0 1 1 *',
        LOG_LEVEL: 'debug',
        MQTT_TIMEOUT_MS: '1000',
        MQTT_RECONNECT_MIN_MS: '100',
        MQTT_RECONNECT_MAX_MS: '300',
      });
      world.owm.script('q=Porto,PT', [{ fixture: NEWER }]);
      expect((await runCli(['--once'], env)).code).toBe(0);
      await broker.stop();
      world.owm.script('q=Porto,PT', [{ fixture: EARLIER }]);
      const child = spawnCli([], env);
      const exit = finished(child, 20_000);
      const stderr = stderrSoFar(child);
      // Polled, and past the start's MQTT_TIMEOUT_MS: the observation is kept with nothing to compare it with.
      await until(() => stderr().includes('porto: broker down, kept for later'));
      await broker.start();
      // Said when the replay goes out; the read-back must have come before it.
      await until(() => stderr().includes('connected to the MQTT broker'));
      child.kill('SIGTERM');
      const run = await exit;
      expect(run.code).toBe(0);
      const retained = await retainedSnapshot(broker.url, `${prefix}/#`);
      expect(retained.get(`${prefix}/porto/observed_at`)?.payload).toBe('2026-08-01T08:55:32Z');
      expect(retained.get(`${prefix}/porto/temperature`)?.payload).toBe('-1.44');
      expect(stderr()).toContain(OLDER_LINE);
    } finally {
      await broker.stop();
      rmSync(database, { recursive: true, force: true });
    }
  });
});
