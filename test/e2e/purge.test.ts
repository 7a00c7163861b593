import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { baseEnv, uniquePrefix } from '../helpers/env.js';
import { publish, retainedSnapshot } from '../helpers/subscriber.js';
import { expectNoSecret, useBrokerAndOwm } from '../helpers/world.js';

const world = useBrokerAndOwm({
  'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }],
  'q=Berlin,DE': [{ fixture: 'weather-no-gust-with-sea-grnd-metric.json' }],
});

it('--purge removes exactly the retained topics and configs of locations no longer configured', async () => {
  const prefix = uniquePrefix('purge');
  const ha = `${prefix}-ha`;
  const other = `${prefix}-other`;
  const env = (locations: string) =>
    baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: locations, HA_DISCOVERY: 'true', HA_DISCOVERY_PREFIX: ha });
  expect((await runCli(['--once'], env('Lisbon,PT;Berlin,DE'))).code).toBe(0);

  // Another client's retained messages: a different prefix, and a config not made by owm2mqtt.
  await publish(world.broker.url, `${other}/berlin/temperature`, '3.5', { retain: true });
  await publish(
    world.broker.url,
    `${ha}/sensor/thermostat/temperature/config`,
    JSON.stringify({ state_topic: `${prefix}/berlin/temperature`, origin: { name: 'something else' } }),
    { retain: true },
  );

  const before = new Map([
    ...(await retainedSnapshot(world.broker.url, `${prefix}/#`)),
    ...(await retainedSnapshot(world.broker.url, `${ha}/#`)),
  ]);
  const berlin = [...before.keys()].filter((t) => t.startsWith(`${prefix}/berlin/`) || t.includes('/owm2mqtt_berlin/')).sort();
  expect(berlin.length).toBeGreaterThan(40); // values and 27 configs

  const dry = await runCli(['--purge', '--dry-run'], env('Lisbon,PT'));
  expect(dry.code).toBe(0);
  expect(dry.stdout.trim().split('\n')).toEqual(berlin.map((t) => `would remove ${t}`));
  expect((await retainedSnapshot(world.broker.url, `${prefix}/#`)).has(`${prefix}/berlin/temperature`)).toBe(true);

  const run = await runCli(['--purge'], env('Lisbon,PT'));
  expectNoSecret(run);
  expect(run.code).toBe(0);
  expect(run.stdout.trim().split('\n')).toEqual(berlin.map((t) => `removed ${t}`));
  expect(run.stderr).toContain(`purge: ${berlin.length} stale retained topic(s) removed`);

  const after = new Map([
    ...(await retainedSnapshot(world.broker.url, `${prefix}/#`)),
    ...(await retainedSnapshot(world.broker.url, `${ha}/#`)),
  ]);
  expect([...after.keys()].sort()).toEqual([...before.keys()].filter((t) => !berlin.includes(t)).sort());
  expect(after.get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
  expect(after.has(`${ha}/sensor/thermostat/temperature/config`)).toBe(true);
  expect((await retainedSnapshot(world.broker.url, `${other}/#`)).get(`${other}/berlin/temperature`)?.payload).toBe('3.5');
});

it('--purge shows the topics it lists inert: a bidirectional override from the broker is escaped, the topic itself cleared', async () => {
  const prefix = uniquePrefix('purge-bidi');
  // A level of ours (it has a last_success) named by another client with U+202E, which would reverse the rest of the line.
  const evil = `${prefix}/ev\u202eil`;
  await publish(world.broker.url, `${evil}/last_success`, '2026-11-25T00:00:00Z', { retain: true });
  await publish(world.broker.url, `${evil}/temperature`, '3', { retain: true });
  const env = baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT' });
  const dry = await runCli(['--purge', '--dry-run'], env);
  expect(dry.code).toBe(0);
  expect(dry.stdout.trim().split('\n')).toEqual([
    `would remove ${prefix}/ev\\u202eil/last_success`,
    `would remove ${prefix}/ev\\u202eil/temperature`,
  ]);
  expect(dry.stdout).not.toContain('\u202e');
  expect((await runCli(['--purge'], env)).code).toBe(0);
  expect([...(await retainedSnapshot(world.broker.url, `${prefix}/#`)).keys()]).toEqual([]);
});
