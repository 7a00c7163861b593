/** The real Daemon in this process, against brokers and an OpenWeatherMap that misbehave. */
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { Daemon, type Schedule } from '../../src/bridge/daemon.js';
import { createLogger } from '../../src/core/log.js';
import { startBroker, type TestBroker } from '../helpers/broker.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { startFakeBroker } from '../helpers/fake-broker.js';
import { startFakeOwm, type FakeOwm } from '../helpers/fake-owm.js';
import { retainedSnapshot } from '../helpers/subscriber.js';
import { until } from '../helpers/world.js';

const manual: Schedule = { start: () => undefined, stop: () => undefined, nextRun: () => Date.now() + 60_000, intervalMs: () => 60_000 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function daemonFor(owm: FakeOwm, brokerUrl: string, prefix: string, more: Record<string, string>) {
  const result = loadConfig(baseEnv(owm.url, brokerUrl, prefix, more), 'daemon');
  if (!result.ok) throw new Error(result.problems.join('; '));
  const lines: string[] = [];
  const daemon = new Daemon({
    config: result.config,
    log: createLogger({ level: 'debug', write: (line) => lines.push(line) }),
    userAgent: 'test',
    schedule: manual,
    stopGraceMs: 300,
  });
  cleanups.push(() => daemon.stop());
  return { daemon, lines };
}

async function owmWith(scripts: Parameters<typeof startFakeOwm>[0]['scripts']): Promise<FakeOwm> {
  const owm = await startFakeOwm({ apiKey: FAKE_KEY, scripts });
  cleanups.push(() => owm.close());
  return owm;
}

it('backs off from a broker that accepts and then drops it at once, instead of reconnecting every period', async () => {
  const owm = await owmWith({});
  const broker = await startFakeBroker('drop-after-connack');
  cleanups.push(() => broker.close());
  const { daemon, lines } = await daemonFor(owm, broker.url, uniquePrefix('flap'), {
    OWM_LOCATIONS: 'Lisbon,PT',
    MQTT_RECONNECT_MIN_MS: '100',
    MQTT_RECONNECT_MAX_MS: '1000',
  });
  daemon.start();
  // Each drop announces the wait before the next attempt; the sixth is past the cap.
  await until(() => lines.some((line) => line.includes('(attempt 6)')));
  const waits = lines.flatMap((line) => /reconnecting to the MQTT broker in (\d+) ms \(attempt \d+\)/.exec(line)?.[1] ?? []).map(Number);
  // Ceilings 100, 200, 400, 800, then MQTT_RECONNECT_MAX_MS; a wait is between half and all of its ceiling.
  const ceilings = [100, 200, 400, 800, 1000, 1000];
  expect(waits).toHaveLength(6);
  waits.forEach((wait, index) => {
    expect(wait, `attempt ${index + 1}`).toBeGreaterThanOrEqual(ceilings[index]! / 2);
    expect(wait, `attempt ${index + 1}`).toBeLessThanOrEqual(ceilings[index]!);
  });
  // One connection per announced attempt (the first, then five reconnects), no other.
  expect(broker.connections()).toBe(6);
});

it('at QoS 2, a broker restart frees every in-flight slot: later values still arrive', async () => {
  const locations = ['Lisbon,PT', 'Berlin,DE', 'Oslo,NO'];
  const owm = await owmWith(
    Object.fromEntries(locations.map((l) => [`q=${l}`, [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }]])),
  );
  const broker: TestBroker = await startBroker();
  cleanups.push(() => broker.stop());
  const prefix = uniquePrefix('qos2');
  const { daemon } = await daemonFor(owm, broker.url, prefix, {
    OWM_LOCATIONS: locations.join(';'),
    MQTT_QOS: '2',
    MQTT_RECONNECT_MIN_MS: '100',
    MQTT_RECONNECT_MAX_MS: '300',
  });
  daemon.start();
  await daemon.runPoll();
  // Restart while a poll's 81 QoS 2 messages are in flight.
  const polling = daemon.runPoll();
  await broker.stop();
  await polling;
  await broker.start();
  await until(async () => (await retainedSnapshot(broker.url, `${prefix}/#`)).get(`${prefix}/oslo/temperature`)?.payload === '22.55');
  for (const l of locations)
    owm.script(`q=${l}`, [{ fixture: 'weather-snow-1h-negative-accented-name-no-visibility-no-sys-type-metric.json' }]);
  await daemon.runPoll();
  await until(async () => {
    const retained = await retainedSnapshot(broker.url, `${prefix}/#`);
    return ['lisbon', 'berlin', 'oslo'].every((level) => retained.get(`${prefix}/${level}/temperature`)?.payload === '-1.44');
  });
  expect(daemon.stats().listeners).toBeLessThanOrEqual(8);
});

it('stop() during a hung poll ends within grace + one timeout, and counts nobody as failed', async () => {
  const locations = ['Stuck,FR', 'Slow,FR', 'Late,FR', 'Never,FR'];
  const owm = await owmWith(Object.fromEntries(locations.map((l) => [`q=${l}`, [{ hang: true } as const]])));
  const broker = await startBroker();
  cleanups.push(() => broker.stop());
  const prefix = uniquePrefix('stop');
  const { daemon, lines } = await daemonFor(owm, broker.url, prefix, {
    OWM_LOCATIONS: locations.join(';'),
    OWM_CONCURRENCY: '1',
    OWM_TIMEOUT_MS: '30000',
    MQTT_TIMEOUT_MS: '1000',
  });
  daemon.start();
  await until(() => owm.requests.length > 0);
  const started = Date.now();
  await daemon.stop();
  const took = Date.now() - started;
  expect(took).toBeLessThan(300 + 1000 + 1000 + 500);
  expect(owm.requests.map((r) => r.selector)).toEqual(['q=Stuck,FR']);
  expect(lines.filter((line) => line.startsWith('ERROR'))).toEqual([]);
  const retained = await retainedSnapshot(broker.url, `${prefix}/#`);
  expect([...retained.keys()].filter((topic) => topic.endsWith('/errors'))).toEqual([]);
  expect(retained.get(`${prefix}/bridge/status`)?.payload).toBe('offline');
});
