/**
 * Deliberately failing, run only by test/teardown.test.ts: the worker itself is terminated
 * (SIGTERM, as vitest ends its workers) in the middle of a test, so no afterEach runs.
 */
import { it } from 'vitest';
import { startBroker } from '../helpers/broker.js';
import { spawnCli } from '../helpers/cli.js';
import { Subscriber } from '../helpers/subscriber.js';

it('is ended with SIGTERM with a broker, a subscriber and a daemon running', async () => {
  const broker = await startBroker();
  await Subscriber.connect(broker.url, '#');
  spawnCli([], { OWM_API_KEY: 'f4k3k3y0f0wm2mqtt5ecret0123456789', OWM_LOCATIONS: 'Lisbon,PT', OWM_BASE_URL: 'http://127.0.0.1:9', MQTT_URL: broker.url, SCHEDULE: '* * * * * *' });
  process.kill(process.pid, 'SIGTERM');
  await new Promise(() => undefined);
});
