import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finished, spawnCli, stderrSoFar } from '../helpers/cli.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { retainedSnapshot } from '../helpers/subscriber.js';
import { reconnectAttempt } from '../helpers/waits.js';
import { until, useBrokerAndOwm } from '../helpers/world.js';

const GOOD = 'weather-clouds-all-optional-fields-metric.json';
const world = useBrokerAndOwm();

function daemon(prefix: string, location: string, more: Record<string, string> = {}) {
  const child = spawnCli(
    [],
    baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: location, SCHEDULE: '* * * * * *', ...more }),
  );
  return { child, exit: finished(child, 60_000) };
}

const requestsFor = (selector: string) => world.owm.requests.filter((r) => r.selector === selector);
const retained = (prefix: string) => retainedSnapshot(world.broker.url, `${prefix}/#`);

describe('daemon reliability', () => {
  it('a rejected key: one actionable line, slower requests, recovery on the first success', async () => {
    const prefix = uniquePrefix('401');
    world.owm.script('q=Keyless,FR', [{ fixture: 'error-401-invalid-api-key.json', status: 401 }]);
    // Counted from here: a retried test finds the requests of its first try in the same log.
    const before = requestsFor('q=Keyless,FR').length;
    const { child, exit } = daemon(prefix, 'Keyless,FR');
    const started = Date.now();
    await until(async () => (await retained(prefix)).get(`${prefix}/keyless/errors`)?.payload === '2', 10_000);
    const failingFor = Date.now() - started;
    // Polls tick every second; a 401 streak waits 2 s, then 4 s, then 8 s…
    expect(requestsFor('q=Keyless,FR').length - before).toBe(2);
    expect(failingFor).toBeGreaterThanOrEqual(1500);
    world.owm.script('q=Keyless,FR', [{ fixture: GOOD }]);
    await until(async () => (await retained(prefix)).get(`${prefix}/keyless/temperature`)?.payload === '22.55', 10_000);
    expect((await retained(prefix)).get(`${prefix}/keyless/errors`)?.payload).toBe('0');
    child.kill('SIGTERM');
    const run = await exit;
    expect(run.stderr.match(/rejected the API key/g)).toHaveLength(1);
    expect(run.stderr).toContain('couple of hours to activate');
    expect(run.stderr).toMatch(/asking again for this location after \d{4}-/);
    expect(run.stderr).toContain('keyless: recovered after 2 failed poll(s)');
    expect(run.stderr).not.toContain(FAKE_KEY);
  });

  it('429 with Retry-After: 2 — no request for that location within 2 s, across polls', async () => {
    const prefix = uniquePrefix('429');
    world.owm.script('q=Busy,FR', [
      { fixture: 'error-429-rate-limited.json', status: 429, headers: { 'retry-after': '2' } },
      { fixture: GOOD },
    ]);
    const before = requestsFor('q=Busy,FR').length;
    const { child, exit } = daemon(prefix, 'Busy,FR', { OWM_RETRIES: '0' });
    await until(async () => (await retained(prefix)).get(`${prefix}/busy/temperature`)?.payload === '22.55', 10_000);
    child.kill('SIGTERM');
    await exit;
    const [limited, next] = requestsFor('q=Busy,FR').slice(before);
    expect(next!.at - limited!.at).toBeGreaterThanOrEqual(2000);
  });

  it('500 twice then 200: published within the same poll', async () => {
    const prefix = uniquePrefix('500');
    world.owm.script('q=Wobbly,FR', [{ body: 'x', status: 500 }, { body: 'x', status: 500 }, { fixture: GOOD }]);
    const before = requestsFor('q=Wobbly,FR').length;
    const { child, exit } = daemon(prefix, 'Wobbly,FR', { SCHEDULE: '0 0 1 1 *' });
    await until(async () => (await retained(prefix)).get(`${prefix}/wobbly/temperature`)?.payload === '22.55', 10_000);
    child.kill('SIGTERM');
    const run = await exit;
    expect(requestsFor('q=Wobbly,FR').length - before).toBe(3);
    expect(run.stderr).not.toMatch(/^ERROR/m);
  });

  it('every retained topic is back within one reconnect period after a broker restart without persistence', async () => {
    const prefix = uniquePrefix('restart');
    world.owm.script('q=Lisbon,PT', [{ fixture: GOOD }]);
    const { child, exit } = daemon(prefix, 'Lisbon,PT', {
      SCHEDULE: '0 0 1 1 *',
      MQTT_RECONNECT_MIN_MS: '200',
      MQTT_RECONNECT_MAX_MS: '1000',
      LOG_LEVEL: 'debug',
    });
    const stderr = stderrSoFar(child);
    try {
      await until(async () => (await retained(prefix)).get(`${prefix}/lisbon/temperature`)?.payload === '22.55');
      const before = await retained(prefix);
      await world.broker.stop();
      // Down until the backoff has reached its cap: ceilings 200, 400, 800, then 1000 ms at the fourth attempt.
      await reconnectAttempt(stderr, 4);
      await world.broker.start();
      const up = Date.now();
      await until(async () => (await retained(prefix)).size === before.size, 1000 + 2000);
      console.log(`broker restart: every retained topic back ${Date.now() - up} ms after the broker came up (reconnect cap 1000 ms)`);
      const after = await retained(prefix);
      for (const [topic, message] of before) expect(after.get(topic)?.payload, topic).toBe(message.payload);
      expect(after.get(`${prefix}/bridge/status`)?.payload).toBe('online');
    } finally {
      child.kill('SIGTERM');
      await exit;
    }
  });

  it('SIGTERM waits for the poll in flight within its bound; a second signal exits at once', async () => {
    const prefix = uniquePrefix('sigterm');
    world.owm.script('q=Stuck,FR', [{ hang: true }]);
    const { child, exit } = daemon(prefix, 'Stuck,FR', { SCHEDULE: '0 0 1 1 *', OWM_TIMEOUT_MS: '30000' });
    const stderr = stderrSoFar(child);
    await until(() => requestsFor('q=Stuck,FR').length > 0);
    child.kill('SIGTERM');
    await until(() => stderr().includes('SIGTERM received: finishing the current poll'));
    expect(child.exitCode).toBeNull(); // still finishing the poll
    const before = Date.now();
    child.kill('SIGTERM');
    const run = await exit;
    expect(Date.now() - before).toBeLessThan(2000);
    expect(run.code).toBe(143);
    expect(run.stderr).toContain('SIGTERM again: exiting now');
  });

  it('warns at start-up about a schedule beyond the free plan or faster than OWM refreshes, and goes on', async () => {
    const prefix = uniquePrefix('quota');
    world.owm.script('q=Lisbon,PT', [{ fixture: GOOD }]);
    const { child, exit } = daemon(prefix, 'Lisbon,PT', { SCHEDULE: '*/2 * * * * *' });
    await until(async () => (await retained(prefix)).get(`${prefix}/lisbon/temperature`)?.payload === '22.55');
    child.kill('SIGTERM');
    const run = await exit;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('polls every 2 s: OpenWeatherMap updates its data about every 10 minutes');
    expect(run.stderr).toMatch(/about 1,339,200 calls a month: the free plan allows 1,000,000\. Going on as configured/);
  });

  it('an uncaught exception or unhandled rejection is logged and the daemon keeps serving', async () => {
    const prefix = uniquePrefix('boom');
    // Preloaded into the daemon's process: faults from outside our code, after the daemon has started.
    const faults = join(mkdtempSync(join(tmpdir(), 'owm2mqtt-faults-')), 'faults.mjs');
    writeFileSync(
      faults,
      "setTimeout(() => { throw new Error('boom from a test'); }, 300);\nsetTimeout(() => { Promise.reject(new Error('rejected from a test')); }, 400);\n",
    );
    world.owm.script('q=Lisbon,PT', [{ fixture: GOOD }]);
    const { child, exit } = daemon(prefix, 'Lisbon,PT', { NODE_OPTIONS: `--import=${faults}` });
    const stderr = stderrSoFar(child);
    await until(async () => (await retained(prefix)).get(`${prefix}/lisbon/temperature`)?.payload === '22.55');
    await until(() => stderr().includes('Error: boom from a test') && stderr().includes('Error: rejected from a test'));
    const polled = requestsFor('q=Lisbon,PT').length;
    await until(() => requestsFor('q=Lisbon,PT').length > polled, 5000); // still polling after the faults
    child.kill('SIGTERM');
    const run = await exit;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('unexpected error (kept running): Error: boom from a test');
    expect(run.stderr).toContain('unexpected error (kept running): Error: rejected from a test');
  });
});
