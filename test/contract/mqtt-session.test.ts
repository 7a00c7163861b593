/**
 * The bridge's MQTT session (src/mqtt/publisher.ts) against a real Mosquitto, its results read by
 * mosquitto_sub: connect, publish, a broker restart (the latest values replayed), a refused login.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.js';
import { Publisher, type PublisherOptions } from '../../src/mqtt/publisher.js';
import { startBroker, type TestBroker } from '../helpers/broker.js';
import { retainedSnapshot, Subscriber } from '../helpers/subscriber.js';

let broker: TestBroker;
const lines: string[] = [];
const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });
const open: Publisher[] = [];

beforeAll(async () => {
  broker = await startBroker();
});
afterEach(async () => {
  for (const publisher of open.splice(0)) await publisher.close({ offline: false });
});
afterAll(async () => {
  await broker.stop();
});

function publisher(clientId: string, more: Partial<PublisherOptions> = {}): Publisher {
  const made = new Publisher({
    url: broker.url,
    clientId,
    username: undefined,
    password: undefined,
    protocolVersion: 4,
    timeoutMs: 2000,
    tls: { ca: undefined, cert: undefined, key: undefined, insecure: false },
    statusTopic: `${clientId}/bridge/status`,
    qos: 1,
    daemon: false,
    reconnectMinMs: 50,
    reconnectMaxMs: 200,
    messageExpirySeconds: 0,
    log,
    ...more,
  });
  open.push(made);
  return made;
}

describe('the bridge session (Publisher) against Mosquitto', () => {
  it('connects and publishes: topic, payload, retain and QoS as published', async () => {
    const session = publisher('ms-publish');
    const watcher = await Subscriber.connect(broker.url, 'ms-publish/#');
    await session.connect();
    expect(session.connected).toBe(true);
    const outcome = await session.publish([
      { topic: 'ms-publish/a/temperature', payload: '21.5', qos: 1, retain: true },
      { topic: 'ms-publish/a/sky', payload: 'clear', qos: 2, retain: false },
      { topic: 'ms-publish/a/wind', payload: '3', qos: 0, retain: false },
    ]);
    expect(outcome).toBe('sent');
    await watcher.waitFor((messages) => messages.length >= 3);
    await watcher.close();
    // In order within a QoS; a QoS 2 message is delivered after its PUBREL, so across QoS levels in any order.
    const byTopic = [...watcher.messages].sort((a, b) => a.topic.localeCompare(b.topic));
    expect(byTopic.map(({ topic, payload, retain, qos }) => ({ topic, payload, retain, qos }))).toEqual([
      { topic: 'ms-publish/a/sky', payload: 'clear', retain: false, qos: 2 },
      { topic: 'ms-publish/a/temperature', payload: '21.5', retain: false, qos: 1 },
      { topic: 'ms-publish/a/wind', payload: '3', retain: false, qos: 0 },
    ]);
    // Retained: a consumer that comes later gets it, with its flag.
    const kept = await retainedSnapshot(broker.url, 'ms-publish/#');
    expect([...kept.values()].map(({ topic, payload, retain }) => ({ topic, payload, retain }))).toEqual([
      { topic: 'ms-publish/a/temperature', payload: '21.5', retain: true },
    ]);
  });

  it('a daemon session replays its latest values and online after the broker restarts without persistence', async () => {
    const session = publisher('ms-restart', { daemon: true });
    await session.connect();
    await session.publish([
      { topic: 'ms-restart/a/temperature', payload: '1', qos: 1, retain: true },
      { topic: 'ms-restart/a/temperature', payload: '2', qos: 1, retain: true },
    ]);
    await broker.stop();
    // Restarted without persistence, the broker holds nothing: what comes back is the session's replay.
    await broker.start();
    // Subscribed before the session is back: its replay arrives here (live, or retained if it came first).
    const watcher = await Subscriber.connect(broker.url, 'ms-restart/#');
    await watcher.waitFor(
      (messages) =>
        messages.some((m) => m.topic === 'ms-restart/a/temperature' && m.payload === '2') &&
        messages.some((m) => m.topic === 'ms-restart/bridge/status' && m.payload === 'online'),
      10_000,
    );
    await watcher.close();
    expect(watcher.messages.filter((m) => m.topic === 'ms-restart/a/temperature').map((m) => m.payload)).toEqual(['2']);
    const kept = await retainedSnapshot(broker.url, 'ms-restart/#');
    expect(kept.get('ms-restart/a/temperature')?.payload).toBe('2');
    expect(kept.get('ms-restart/bridge/status')?.payload).toBe('online');
    expect(lines.some((line) => line.includes('publishing 1 latest values'))).toBe(true);
  });
});

describe('a refused login', () => {
  let guarded: TestBroker;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-contract-'));
    chmodSync(dir, 0o755); // Mosquitto started as root reads the file as the `mosquitto` user
    execFileSync('mosquitto_passwd', ['-b', '-c', join(dir, 'passwd'), 'owm', 'right-password']);
    guarded = await startBroker([`password_file ${join(dir, 'passwd')}`, 'allow_anonymous false']);
  });
  afterAll(async () => {
    await guarded?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([4, 5] as const)(
    'MQTT %i: connect rejects with an error naming MQTT_USERNAME and MQTT_PASSWORD, and no secret',
    async (protocolVersion) => {
      const session = publisher(`ms-refused-${protocolVersion}`, {
        url: guarded.url,
        protocolVersion,
        username: 'owm',
        password: 'wrong-password',
      });
      const refusal = await session.connect().then(
        () => undefined,
        (error: unknown) => error as Error & { code?: string },
      );
      expect(refusal?.code).toBe('MQTT_UNREACHABLE');
      expect(refusal?.message).toContain(`the MQTT broker at ${guarded.url} refused the connection`);
      expect(refusal?.message).toMatch(/MQTT_USERNAME.{0,8}MQTT_PASSWORD/);
      expect(refusal?.message).not.toContain('wrong-password');
      expect(session.connected).toBe(false);
    },
  );

  it('the right login is accepted', async () => {
    const session = publisher('ms-login', { url: guarded.url, username: 'owm', password: 'right-password' });
    await session.connect();
    expect(session.connected).toBe(true);
  });
});
