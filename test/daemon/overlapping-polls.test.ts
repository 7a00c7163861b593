/**
 * Polls never overlap: a tick or a runPoll() while a poll is in flight joins it. The in-flight
 * request is held by the fake OpenWeatherMap until the test releases it, so no clock decides.
 */
import { afterEach, expect, it } from 'vitest';
import { FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { startFakeOwm } from '../helpers/fake-owm.js';
import { inProcessDaemon } from '../helpers/in-process-daemon.js';
import { until } from '../helpers/world.js';
import { startScriptedBroker } from '../mqtt/scripted-broker.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('a tick or runPoll() during a poll joins it: one request per location, the same promise', async () => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const owm = await startFakeOwm({
    apiKey: FAKE_KEY,
    scripts: { 'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json', after: held }] },
  });
  cleanups.push(() => owm.close());
  const broker = await startScriptedBroker({});
  cleanups.push(() => broker.close());
  const { daemon, lines, schedule, stop } = inProcessDaemon(owm.url, broker.url, uniquePrefix('overlap'), {
    OWM_LOCATIONS: 'Lisbon,PT',
    OWM_RETRIES: '0',
  });
  cleanups.push(stop);
  // Whatever the test saw, the held requests end before the daemon stops.
  cleanups.push(async () => release());

  daemon.start();
  await until(() => owm.requests.length === 1);
  const joined = daemon.runPoll();
  schedule.tick();
  schedule.tick();
  expect(daemon.runPoll()).toBe(joined);
  release();
  await joined;
  expect(owm.requests).toHaveLength(1);
  expect(lines.filter((line) => /lisbon: published \d+ messages/.test(line))).toHaveLength(1);

  // Once it has ended, the next poll is a new one.
  const next = daemon.runPoll();
  expect(next).not.toBe(joined);
  await next;
  expect(owm.requests).toHaveLength(2);
});
