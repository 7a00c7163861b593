import { describe, expect, it } from 'vitest';
import { finished, runCli, spawnCli } from '../helpers/cli.js';
import { baseEnv, uniquePrefix } from '../helpers/env.js';
import { publish, retainedSnapshot, Subscriber } from '../helpers/subscriber.js';
import { until, useBrokerAndOwm } from '../helpers/world.js';

const world = useBrokerAndOwm({ 'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }] });

describe('Home Assistant discovery against Mosquitto', () => {
  it('--once with HA_DISCOVERY=true leaves one retained config per entity, pointing at the plain topics', async () => {
    const prefix = uniquePrefix('ha-once');
    const ha = `${prefix}-ha`;
    const run = await runCli(
      ['--once'],
      baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', HA_DISCOVERY: 'true', HA_DISCOVERY_PREFIX: ha }),
    );
    expect(run.code, run.stderr).toBe(0);
    const configs = await retainedSnapshot(world.broker.url, `${ha}/#`);
    expect(configs.size).toBe(27); // 25 quantities + last_success + errors
    const temperature = JSON.parse(configs.get(`${ha}/sensor/owm2mqtt_lisbon/temperature/config`)!.payload) as Record<string, unknown>;
    expect(temperature).toMatchObject({
      state_topic: `${prefix}/lisbon/temperature`,
      availability_topic: `${prefix}/bridge/status`,
      device_class: 'temperature',
      unit_of_measurement: '°C',
    });
    // The plain topics are exactly as without discovery.
    expect((await retainedSnapshot(world.broker.url, `${prefix}/#`)).get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
  });

  it('the daemon announces at start and again when homeassistant/status says online', async () => {
    const prefix = uniquePrefix('ha-daemon');
    const ha = `${prefix}-ha`;
    world.owm.script('q=Lisbon,PT', [{ fixture: 'weather-clouds-all-optional-fields-metric.json', delayMs: 400 }]);
    const live = await Subscriber.connect(world.broker.url, `${ha}/sensor/+/+/config`);
    const child = spawnCli(
      [],
      baseEnv(world.owm.url, world.broker.url, prefix, {
        OWM_LOCATIONS: 'Lisbon,PT',
        HA_DISCOVERY: 'true',
        HA_DISCOVERY_PREFIX: ha,
        SCHEDULE: '0 0 1 1 *',
      }),
    );
    const exit = finished(child, 30_000);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Not a fixed wait: once the daemon says it is done, a marker through the broker is the end of
    // what it sent, so a late duplicate is counted. OWM answers after 400 ms, so the start-up
    // (announce, then the first poll) outlasts any short fixed wait.
    const barrier = `${ha}/sensor/test_barrier/end/config`;
    try {
      await until(() => stderr.includes('announced 27 entities') && stderr.includes('lisbon: published'));
      expect(await live.barrier(world.broker.url, barrier)).toHaveLength(27);
      expect(live.messages).toHaveLength(27);
      // Home Assistant restarts: its birth message.
      await publish(world.broker.url, `${ha}/status`, 'online');
      await until(() => stderr.includes('Home Assistant is back: announced again 27 entities'));
      await live.barrier(world.broker.url, barrier);
      expect(live.messages).toHaveLength(54);
      const reannounced = live.messages
        .slice(27)
        .map((m) => m.topic)
        .sort();
      expect(reannounced).toEqual(
        live.messages
          .slice(0, 27)
          .map((m) => m.topic)
          .sort(),
      );
      await until(
        async () => (await retainedSnapshot(world.broker.url, `${prefix}/#`)).get(`${prefix}/lisbon/temperature`)?.payload === '22.55',
      );
    } finally {
      world.owm.script('q=Lisbon,PT', [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }]);
      child.kill('SIGTERM');
      await exit;
    }
    expect((await exit).stderr).toContain('Home Assistant is back: announced again 27 entities');
    // The daemon is gone: everything it ever sent is before this marker.
    await live.barrier(world.broker.url, barrier);
    expect(live.messages).toHaveLength(54);
    await live.close();
  });
});
