import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker } from '../helpers/broker.js';
import { finished, runCli, spawnCli, stderrSoFar } from '../helpers/cli.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { startFakeBroker } from '../helpers/fake-broker.js';
import { startNagleProxy } from '../helpers/nagle-proxy.js';
import { startFakeOwm, type FakeOwm } from '../helpers/fake-owm.js';
import { freePort } from '../helpers/ports.js';
import { until } from '../helpers/world.js';
import { retainedSnapshot } from '../helpers/subscriber.js';

let owm: FakeOwm;

beforeAll(async () => {
  owm = await startFakeOwm({
    apiKey: FAKE_KEY,
    scripts: { 'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }] },
  });
});
afterAll(async () => {
  await owm?.close();
});

describe('--once and a broker that misbehaves', () => {
  it('exits 3, naming the timeout, when the broker never acknowledges', async () => {
    const broker = await startFakeBroker('never-ack');
    try {
      const started = Date.now();
      const run = await runCli(
        ['--once'],
        baseEnv(owm.url, broker.url, uniquePrefix('noack'), { OWM_LOCATIONS: 'Lisbon,PT', MQTT_TIMEOUT_MS: '500' }),
      );
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('did not acknowledge 1 message(s) within 500 ms (MQTT_TIMEOUT_MS)');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await broker.close();
    }
  });

  it('exits 3 at once, saying the connection was lost, when the broker drops it mid-run', async () => {
    const broker = await startFakeBroker('drop-on-publish');
    try {
      const started = Date.now();
      const run = await runCli(
        ['--once'],
        baseEnv(owm.url, broker.url, uniquePrefix('drop'), { OWM_LOCATIONS: 'Lisbon,PT', MQTT_TIMEOUT_MS: '10000' }),
      );
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('was lost before it acknowledged');
      expect(Date.now() - started).toBeLessThan(5000); // not the 10 s timeout
    } finally {
      await broker.close();
    }
  });

  it('exits 3 naming the refusal when the broker wants a login', async () => {
    const broker = await startBroker(['allow_anonymous false']);
    try {
      const run = await runCli(['--once'], baseEnv(owm.url, broker.url, uniquePrefix('auth'), { OWM_LOCATIONS: 'Lisbon,PT' }));
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('refused the connection: not authorised');
      expect(run.stderr).toContain('MQTT_USERNAME');
    } finally {
      await broker.stop();
    }
  });
});

describe('daemon and a broker that is not there yet', () => {
  it('polls while the broker is down and publishes the kept values as soon as it comes up', async () => {
    const port = await freePort();
    const url = `mqtt://127.0.0.1:${port}`;
    const prefix = uniquePrefix('late');
    const before = owm.requests.length;
    // One poll at start, none after: whatever arrives later came from the kept state.
    const child = spawnCli([], baseEnv(owm.url, url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', SCHEDULE: '0 0 1 1 *' }));
    const exit = finished(child, 30_000);
    try {
      await until(async () => owm.requests.length > before);
      const broker = await startBroker([], port);
      try {
        await until(async () => (await retainedSnapshot(url, `${prefix}/#`)).get(`${prefix}/lisbon/temperature`)?.payload === '22.55');
        expect((await retainedSnapshot(url, `${prefix}/#`)).get(`${prefix}/bridge/status`)?.payload).toBe('online');
        expect(owm.requests.length - before).toBe(1);
      } finally {
        child.kill('SIGTERM');
        await exit;
        await broker.stop();
      }
    } finally {
      child.kill('SIGKILL');
    }
    const run = await exit;
    expect(run.stderr).not.toContain(FAKE_KEY);
    // Said once, not once per reconnect attempt.
    expect(run.stderr.match(/ECONNREFUSED/g) ?? []).toHaveLength(1);
  });

  it('keeps trying after the broker refuses it, and connects once the broker accepts', async () => {
    const broker = await startBroker(['allow_anonymous false']);
    const prefix = uniquePrefix('refused');
    const child = spawnCli([], baseEnv(owm.url, broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', SCHEDULE: '0 0 1 1 *' }));
    const exit = finished(child, 30_000);
    const stderr = stderrSoFar(child);
    try {
      await until(() => stderr().includes('not authorised'));
      broker.configure([]);
      await broker.stop();
      await broker.start();
      await until(async () => (await retainedSnapshot(broker.url, `${prefix}/#`)).get(`${prefix}/lisbon/temperature`)?.payload === '22.55');
    } finally {
      child.kill('SIGTERM');
      await broker.stop();
    }
    const run = await exit;
    expect(run.stderr).toContain('not authorised');
    expect(run.code).toBe(0);
  });
});

describe('--once and a broker that holds its packets until it hears from us', () => {
  it('nudges it (PINGREQ) instead of waiting: read-back and acknowledgements arrive, exit 0', async () => {
    const broker = await startBroker();
    const proxy = await startNagleProxy(broker.port);
    try {
      const prefix = uniquePrefix('nagle');
      // Twice: the second run also reads the first one's retained values back.
      for (const round of [1, 2]) {
        const run = await runCli(
          ['--once'],
          baseEnv(owm.url, proxy.url, prefix, {
            OWM_LOCATIONS: 'Lisbon,PT',
            MQTT_TIMEOUT_MS: '3000',
            PUBLISH_UNCHANGED: 'false',
            LOG_LEVEL: 'debug',
          }),
        );
        expect(run.code, `round ${round}: ${run.stderr}`).toBe(0);
        expect(run.stderr).not.toContain('no echo of');
      }
      const retained = await retainedSnapshot(broker.url, `${prefix}/#`);
      expect(retained.get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
      expect(retained.get(`${prefix}/bridge/status`)?.payload).toBe('online');
    } finally {
      await proxy.close();
      await broker.stop();
    }
  });
});
