import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { finished, runCli, spawnCli } from '../helpers/cli.js';
import { baseEnv, uniquePrefix } from '../helpers/env.js';
import { retainedSnapshot, Subscriber } from '../helpers/subscriber.js';
import { until, useBrokerAndOwm } from '../helpers/world.js';

const world = useBrokerAndOwm({ 'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }] });

describe('Home Assistant discovery against Mosquitto', () => {
  it('--once with HA_DISCOVERY=true leaves one retained config per entity, pointing at the plain topics', async () => {
    const prefix = uniquePrefix('ha-once');
    const ha = `${prefix}-ha`;
    const run = await runCli(['--once'], baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', HA_DISCOVERY: 'true', HA_DISCOVERY_PREFIX: ha }));
    expect(run.code, run.stderr).toBe(0);
    const configs = await retainedSnapshot(world.broker.url, `${ha}/#`);
    expect(configs.size).toBe(27); // 25 quantities + last_success + errors
    const temperature = JSON.parse(configs.get(`${ha}/sensor/owm2mqtt_lisbon/temperature/config`)!.payload) as Record<string, unknown>;
    expect(temperature).toMatchObject({ state_topic: `${prefix}/lisbon/temperature`, availability_topic: `${prefix}/bridge/status`, device_class: 'temperature', unit_of_measurement: '°C' });
    // The plain topics are exactly as without discovery.
    expect((await retainedSnapshot(world.broker.url, `${prefix}/#`)).get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
  });

  it('the daemon announces at start and again when homeassistant/status says online', async () => {
    const prefix = uniquePrefix('ha-daemon');
    const ha = `${prefix}-ha`;
    const live = await Subscriber.connect(world.broker.url, `${ha}/sensor/+/+/config`);
    const child = spawnCli([], baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', HA_DISCOVERY: 'true', HA_DISCOVERY_PREFIX: ha, SCHEDULE: '0 0 1 1 *' }));
    const exit = finished(child, 30_000);
    try {
      await live.waitFor((m) => m.length >= 27);
      await new Promise((r) => setTimeout(r, 300));
      expect(live.messages).toHaveLength(27);
      // Home Assistant restarts: its birth message.
      const ha2 = await mqtt.connectAsync(world.broker.url, { reconnectPeriod: 0 }, false);
      await ha2.publishAsync(`${ha}/status`, 'online', { qos: 1 });
      await ha2.endAsync();
      await live.waitFor((m) => m.length >= 54);
      const reannounced = live.messages.slice(27).map((m) => m.topic).sort();
      expect(reannounced).toEqual(live.messages.slice(0, 27).map((m) => m.topic).sort());
      await until(async () => (await retainedSnapshot(world.broker.url, `${prefix}/#`)).get(`${prefix}/lisbon/temperature`)?.payload === '22.55');
    } finally {
      child.kill('SIGTERM');
      await exit;
      await live.close();
    }
    expect((await exit).stderr).toContain('Home Assistant is back: announced again 27 entities');
  });
});
