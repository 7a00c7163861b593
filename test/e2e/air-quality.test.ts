import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { baseEnv, uniquePrefix } from '../helpers/env.js';
import { retainedSnapshot } from '../helpers/subscriber.js';
import { expectNoSecret, useBrokerAndOwm } from '../helpers/world.js';

// The weather fixture's coordinates are where the air quality is asked for.
const AIR = 'air:lat=38.7223&lon=-9.1393';
const world = useBrokerAndOwm({ 'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }] });

it('OWM_AIR_QUALITY=true: one air pollution call per location, its values retained beside the weather', async () => {
  const prefix = uniquePrefix('air');
  world.owm.script(AIR, [{ fixture: 'air-pollution-aqi4-poor.json' }]);
  const run = await runCli(
    ['--once'],
    baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', OWM_AIR_QUALITY: 'true' }),
  );
  expectNoSecret(run);
  expect(run.code).toBe(0);
  expect(world.owm.requests.filter((r) => r.selector === AIR)).toHaveLength(1);
  expect(world.owm.requests.find((r) => r.selector === AIR)!.path).toBe('/data/2.5/air_pollution');
  const retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
  expect(retained.get(`${prefix}/lisbon/aqi`)?.payload).toBe('4');
  expect(retained.get(`${prefix}/lisbon/pm2_5`)?.payload).toBe('52.28');
  expect(retained.get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
  expect((JSON.parse(retained.get(`${prefix}/lisbon/state`)!.payload) as { air: { aqi: number } }).air.aqi).toBe(4);
});

it('a new air report is published even when the weather observation is unchanged', async () => {
  const prefix = uniquePrefix('air-new');
  const env = baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', OWM_AIR_QUALITY: 'true' });
  world.owm.script(AIR, [{ fixture: 'air-pollution-aqi1-good.json' }]);
  expect((await runCli(['--once'], env)).code).toBe(0);
  world.owm.script(AIR, [{ fixture: 'air-pollution-aqi4-poor.json' }]);
  const second = await runCli(['--once'], env);
  expect(second.stderr).toContain('unchanged since');
  const retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
  expect(retained.get(`${prefix}/lisbon/aqi`)?.payload).toBe('4');
});

it('a failing air quality call leaves the weather published and the air topics as they were', async () => {
  const prefix = uniquePrefix('air-fail');
  const env = baseEnv(world.owm.url, world.broker.url, prefix, {
    OWM_LOCATIONS: 'Lisbon,PT',
    OWM_AIR_QUALITY: 'true',
    OWM_RETRIES: '0',
    PUBLISH_UNCHANGED: 'true',
  });
  world.owm.script(AIR, [{ fixture: 'air-pollution-aqi1-good.json' }]);
  expect((await runCli(['--once'], env)).code).toBe(0);
  world.owm.script(AIR, [{ body: 'down', status: 503 }]);
  const run = await runCli(['--once'], env);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain('lisbon: air quality: OpenWeatherMap had a server error (HTTP 503); the air topics keep their last values');
  expect(run.stderr).toContain('lisbon: published 28 messages');
  const retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
  expect(retained.get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
  expect(retained.get(`${prefix}/lisbon/aqi`)?.payload).toBe('1');
});
