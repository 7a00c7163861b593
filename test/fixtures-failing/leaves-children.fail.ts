/**
 * Deliberately failing tests, run only by test/teardown.test.ts in a child `vitest run`: each one
 * starts processes the way real tests do and then fails before its own cleanup.
 */
import { expect, it } from 'vitest';
import { finished, spawnCli } from '../helpers/cli.js';
import { baseEnv, uniquePrefix } from '../helpers/env.js';
import { Subscriber } from '../helpers/subscriber.js';
import { useBrokerAndOwm } from '../helpers/world.js';
import { startBroker } from '../helpers/broker.js';

const world = useBrokerAndOwm({ 'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }] });

function startDaemon() {
  const child = spawnCli([], baseEnv(world.owm.url, world.broker.url, uniquePrefix('leak'), { OWM_LOCATIONS: 'Lisbon,PT', SCHEDULE: '* * * * * *' }));
  return { child, exit: finished(child, 60_000) };
}

it('fails an assertion with a daemon and a subscriber running', async () => {
  const live = await Subscriber.connect(world.broker.url, '#');
  const { child, exit } = startDaemon();
  await live.waitFor((messages) => messages.length > 0);
  expect('the daemon').toBe('stopped'); // fails: the cleanup below never runs
  child.kill('SIGTERM');
  await exit;
  await live.close();
});

it('times out with a daemon and a broker of its own running', { timeout: 1500 }, async () => {
  await startBroker();
  startDaemon();
  await new Promise(() => undefined); // never settles: vitest gives up after the timeout
});

it('throws synchronously right after spawning', () => {
  startDaemon();
  throw new Error('thrown before any cleanup');
});
