import { describe, expect, it } from 'vitest';
import { WEATHER_QUANTITIES as QUANTITIES } from '../../src/quantities/weather.js';
import { runCli } from '../helpers/cli.js';
import { baseEnv, uniquePrefix } from '../helpers/env.js';
import { expectNoSecret, useBrokerAndOwm } from '../helpers/world.js';
import { retainedSnapshot, Subscriber } from '../helpers/subscriber.js';

const world = useBrokerAndOwm({
  'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }],
  'q=Berlin,DE': [{ fixture: 'weather-no-gust-with-sea-grnd-metric.json' }],
  'q=Curacautín,CL': [{ fixture: 'weather-snow-1h-negative-accented-name-no-visibility-no-sys-type-metric.json' }],
  'lat=14.5995&lon=120.9842': [{ fixture: 'weather-rain-1h-all-optional-fields-name-with-space-metric.json' }],
});

describe('--once against Mosquitto', () => {
  it('publishes every quantity, the state JSON and bridge/status, retained at QoS 1, and exits 0', async () => {
    const prefix = uniquePrefix('contract');
    const live = await Subscriber.connect(world.broker.url, `${prefix}/#`);
    const run = await runCli(['--once'], baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT' }));
    expectNoSecret(run);
    expect(run.stderr).toContain('lisbon: published 28 messages');
    expect(run.code).toBe(0);

    const retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
    const expectedTopics = [
      `${prefix}/bridge/status`,
      ...QUANTITIES.map((q) => `${prefix}/lisbon/${q.name}`),
      `${prefix}/lisbon/last_success`,
      `${prefix}/lisbon/errors`,
      `${prefix}/lisbon/state`,
    ];
    // rain_3h and snow_3h are cleared (no such data), so they hold no retained value.
    const cleared = [`${prefix}/lisbon/rain_3h`, `${prefix}/lisbon/snow_3h`];
    expect([...retained.keys()].sort()).toEqual(expectedTopics.filter((t) => !cleared.includes(t)).sort());
    for (const message of retained.values()) {
      expect(message.retain, message.topic).toBe(true);
      expect(message.qos, message.topic).toBe(1);
    }
    const value = (leaf: string) => retained.get(`${prefix}/lisbon/${leaf}`)?.payload;
    expect(retained.get(`${prefix}/bridge/status`)?.payload).toBe('online');
    expect(value('temperature')).toBe('22.55');
    expect(value('wind_gust')).toBe('7.6');
    expect(value('rain_1h')).toBe('0');
    expect(value('observed_at')).toBe('2026-08-01T08:44:45Z');
    expect(value('description')).toBe('scattered clouds');
    expect(value('errors')).toBe('0');
    const lastSuccess = Date.parse(value('last_success')!);
    expect(value('last_success')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Math.abs(Date.now() - lastSuccess)).toBeLessThan(60_000);
    const state = JSON.parse(value('state')!) as Record<string, unknown>;
    expect(state).toMatchObject({
      last_success: value('last_success'),
      temperature: 22.55,
      rain_3h: null,
      units: 'metric',
      location: { name: 'Socorro', country: 'PT', lat: 38.7223, lon: -9.1393, id: 8012502 },
    });

    // A live subscriber saw the cleared topics as zero-length messages, all at QoS 1.
    await live.waitFor((messages) => messages.some((m) => m.topic === `${prefix}/lisbon/state`));
    const liveCleared = live.messages.filter((m) => cleared.includes(m.topic));
    expect(liveCleared.map((m) => m.payload)).toEqual(['', '']);
    expect(live.messages.every((m) => m.qos === 1)).toBe(true);
    await live.close();
  });

  it('clears a retained value that OWM stopped sending, instead of leaving it stale', async () => {
    const prefix = uniquePrefix('clear');
    const env = baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT=city' });
    expect((await runCli(['--once'], env)).code).toBe(0);
    let retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
    expect(retained.get(`${prefix}/city/wind_gust`)?.payload).toBe('7.6');
    expect(retained.get(`${prefix}/city/visibility`)?.payload).toBe('10000');

    // Same topic level, another observation without gust nor visibility.
    world.owm.script('q=Lisbon,PT', [{ fixture: 'weather-snow-1h-negative-accented-name-no-visibility-no-sys-type-metric.json' }]);
    try {
      const second = await runCli(['--once'], env);
      expect(second.code).toBe(0);
    } finally {
      world.owm.script('q=Lisbon,PT', [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }]);
    }
    retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
    expect(retained.has(`${prefix}/city/visibility`)).toBe(false);
    expect(retained.get(`${prefix}/city/wind_gust`)?.payload).toBe('14.6');
    expect(retained.get(`${prefix}/city/snow_1h`)?.payload).toBe('1.37');
    expect(retained.get(`${prefix}/city/temperature`)?.payload).toBe('-1.44');
    expect(JSON.parse(retained.get(`${prefix}/city/state`)!.payload)).toMatchObject({ visibility: null, snow_1h: 1.37 });
  });

  it('honours MQTT_QOS and MQTT_RETAIN=false', async () => {
    const prefix = uniquePrefix('qos');
    const live = await Subscriber.connect(world.broker.url, `${prefix}/#`);
    const run = await runCli(
      ['--once'],
      baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Berlin,DE', MQTT_QOS: '2', MQTT_RETAIN: 'false' }),
    );
    expect(run.code).toBe(0);
    await live.waitFor((messages) => messages.some((m) => m.topic === `${prefix}/berlin/state`));
    expect(live.messages.filter((m) => m.topic.startsWith(`${prefix}/berlin/`)).every((m) => m.qos === 2)).toBe(true);
    const retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
    // Only the bridge status is retained: it always is.
    expect([...retained.keys()]).toEqual([`${prefix}/bridge/status`]);
    await live.close();
  });

  it('publishes several locations with accented names, geo selectors and aliases', async () => {
    const prefix = uniquePrefix('multi');
    const run = await runCli(
      ['--once'],
      baseEnv(world.owm.url, world.broker.url, prefix, {
        OWM_LOCATIONS: 'Curacautín,CL;geo:14.5995,120.9842=manila;Berlin,DE',
        OWM_UNITS: 'metric',
      }),
    );
    expectNoSecret(run);
    expect(run.code).toBe(0);
    const retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
    expect(retained.get(`${prefix}/curacautin/temperature`)?.payload).toBe('-1.44');
    expect(retained.get(`${prefix}/manila/rain_1h`)?.payload).toBe('2.47');
    expect(retained.get(`${prefix}/berlin/condition`)?.payload).toBe('Clouds');
    const requested = world.owm.requests.filter((r) => r.selector === 'q=Curacautín,CL').at(-1)!;
    expect(requested.params.get('units')).toBe('metric');
    expect(requested.params.get('lang')).toBe('en');
  });
});
