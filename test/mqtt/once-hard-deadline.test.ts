/**
 * `--once` never hangs: a broker that still answers but acknowledges slowly keeps every internal
 * timeout from firing (each acknowledgement comes within MQTT_TIMEOUT_MS of the last), and the
 * run ends at ONCE_DEADLINE_MS + MQTT_TIMEOUT_MS with exit 3 and its line, not before.
 */
import { afterEach, expect, it } from 'vitest';
import { finished, spawnCli } from '../helpers/cli.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { startFakeOwm } from '../helpers/fake-owm.js';
import { startScriptedBroker } from './scripted-broker.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const ONCE_DEADLINE_MS = 1000;
const MQTT_TIMEOUT_MS = 2000;
const HARD_DEADLINE_MS = ONCE_DEADLINE_MS + MQTT_TIMEOUT_MS;

it('exits 3 at ONCE_DEADLINE_MS + MQTT_TIMEOUT_MS with its line when a slow broker drips acknowledgements', async () => {
  const owm = await startFakeOwm({
    apiKey: FAKE_KEY,
    scripts: { 'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }] },
  });
  cleanups.push(() => owm.close());
  // One acknowledgement every 500 ms: Home Assistant discovery alone (dozens of messages) would take many seconds.
  const broker = await startScriptedBroker({ ackEveryMs: 500 });
  cleanups.push(() => broker.close());
  const env = baseEnv(owm.url, broker.url, uniquePrefix('hard'), {
    OWM_LOCATIONS: 'Lisbon,PT',
    HA_DISCOVERY: 'true',
    ONCE_DEADLINE_MS: String(ONCE_DEADLINE_MS),
    MQTT_TIMEOUT_MS: String(MQTT_TIMEOUT_MS),
  });
  const started = Date.now();
  const run = await finished(spawnCli(['--once'], env), HARD_DEADLINE_MS + 10_000);
  const tookMs = Date.now() - started;
  expect(run.stderr).toContain(
    `ERROR gave up after ${HARD_DEADLINE_MS} ms (ONCE_DEADLINE_MS + MQTT_TIMEOUT_MS): the broker or OpenWeatherMap did not finish in time`,
  );
  expect(run.code).toBe(3);
  // Not before the deadline; the upper bound only rules out a run that ends on its own much later.
  expect(tookMs).toBeGreaterThanOrEqual(HARD_DEADLINE_MS);
  expect(tookMs).toBeLessThan(HARD_DEADLINE_MS + 5000);
  // The broker was still acknowledging, slowly, when the run gave up.
  expect(broker.published()).toBeGreaterThan(HARD_DEADLINE_MS / 500);
});
