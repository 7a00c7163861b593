import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.js';
import { type Delivery, LiveSession, type LiveSessionOptions, matches } from '../../src/mqtt/live-session.js';
import { startBroker, type TestBroker } from '../helpers/broker.js';
import { publish, retainedSnapshot, Subscriber } from '../helpers/subscriber.js';

/** The session the companions (watch, simulate, aggregate, dashboard) share, against a real Mosquitto. */
let broker: TestBroker;
const lines: string[] = [];
const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });

beforeAll(async () => {
  broker = await startBroker();
});
afterAll(async () => {
  await broker.stop();
});

function options(clientId: string, more: Partial<LiveSessionOptions> = {}): LiveSessionOptions {
  return {
    url: broker.url,
    clientId,
    username: undefined,
    password: undefined,
    protocolVersion: 4,
    timeoutMs: 2000,
    tls: { ca: undefined, cert: undefined, key: undefined, insecure: false },
    reconnect: true,
    reconnectMinMs: 50,
    reconnectMaxMs: 200,
    log,
    ...more,
  };
}

const status = (topic: string, payload: string) => ({ topic, payload, qos: 1 as const, retain: true });

async function until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !predicate(); ) {
    if (Date.now() > end) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('LiveSession', () => {
  it('says online on connect, and its Will says offline when the connection is cut', async () => {
    const session = new LiveSession(
      options('ls-will', { birth: status('ls/will/status', 'online'), will: status('ls/will/status', 'offline') }),
    );
    await session.connect();
    await until(() => session.connected, 'connected');
    const online = await retainedSnapshot(broker.url, 'ls/will/status');
    expect(online.get('ls/will/status')?.payload).toBe('online');
    const watcher = await Subscriber.connect(broker.url, 'ls/will/status');
    session.drop();
    await watcher.waitFor((messages) => messages.some((m) => m.payload === 'offline' && !m.retain));
    await watcher.close();
    expect((await retainedSnapshot(broker.url, 'ls/will/status')).get('ls/will/status')?.payload).toBe('offline');
  });

  it('a clean end publishes the farewell, and the broker drops the Will', async () => {
    const session = new LiveSession(
      options('ls-end', { birth: status('ls/end/status', 'online'), will: status('ls/end/status', 'offline-will') }),
    );
    await session.connect();
    await session.end();
    const kept = await retainedSnapshot(broker.url, 'ls/end/status');
    expect(kept.get('ls/end/status')?.payload).toBe('offline-will');
  });

  it('delivers retained values first, then live ones, with their retain flag and QoS', async () => {
    await publish(broker.url, 'ls/sub/a', '1', { retain: true });
    const session = new LiveSession(options('ls-sub'));
    await session.connect();
    const got: Delivery[] = [];
    await session.subscribe(['ls/sub/+'], (delivery) => got.push(delivery));
    await until(() => got.length === 1, 'the retained value');
    await publish(broker.url, 'ls/sub/b', '2');
    await until(() => got.length === 2, 'the live value');
    expect(got.map((d) => [d.topic, d.payload.toString(), d.retained, d.qos])).toEqual([
      ['ls/sub/a', '1', true, 1],
      ['ls/sub/b', '2', false, 1],
    ]);
    await session.end();
  });

  it('subscribes again after the broker restarts, and refuses to publish while it is away', async () => {
    let connections = 0;
    const session = new LiveSession(options('ls-restart', { onConnect: () => connections++ }));
    const got: string[] = [];
    await session.connect();
    await session.subscribe(['ls/restart/#'], (delivery) => got.push(delivery.payload.toString()));
    await broker.stop();
    await until(() => !session.connected, 'disconnected');
    await expect(session.publish([status('ls/restart/x', 'lost')])).rejects.toMatchObject({ code: 'MQTT_NOT_CONNECTED' });
    await broker.start();
    // onConnect is called once the subscriptions are renewed: a value published from now on must arrive.
    await until(() => connections === 2, 'reconnected', 10_000);
    expect(lines.some((line) => line.includes('connected again'))).toBe(true);
    await publish(broker.url, 'ls/restart/y', 'after');
    await until(() => got.includes('after'), 'the value published after the restart');
    await session.publish([status('ls/restart/z', 'sent')]);
    expect((await retainedSnapshot(broker.url, 'ls/restart/z')).get('ls/restart/z')?.payload).toBe('sent');
    await session.end();
  });

  it('with reconnect, waits for a broker away at start, and no error of its retries is left unhandled', async () => {
    const escaped: unknown[] = [];
    const onUncaught = (error: unknown) => escaped.push(error);
    process.on('uncaughtException', onUncaught);
    await broker.stop();
    const session = new LiveSession(options('ls-late'));
    const connecting = session.connect();
    const retries = () => lines.filter((line) => line.includes('reconnecting to the MQTT broker')).length;
    const before = retries();
    await until(() => retries() >= before + 3, 'three retries while the broker is away');
    await broker.start();
    await connecting;
    process.off('uncaughtException', onUncaught);
    expect(escaped).toEqual([]);
    await session.end();
  });

  it('without reconnect, a lost connection ends the session and calls onClose once', async () => {
    const own = await startBroker();
    let closes = 0;
    const session = new LiveSession(options('ls-no-reconnect', { url: own.url, reconnect: false, onClose: () => closes++ }));
    await session.connect();
    await own.stop();
    await until(() => closes === 1, 'onClose called');
    expect(session.connected).toBe(false);
    await own.start();
    await session.end();
    expect(closes).toBe(1);
  });

  it('a reconnection refused while the broker is away is logged, never thrown as an unhandled error', async () => {
    const unhandled: unknown[] = [];
    const onUncaught = (error: unknown) => unhandled.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      let connections = 0;
      const session = new LiveSession(options('ls-refused-again', { onConnect: () => connections++ }));
      await session.connect();
      await broker.stop();
      const before = lines.length;
      // Attempt 2 is scheduled once attempt 1 was refused (ECONNREFUSED).
      await until(() => lines.slice(before).some((line) => line.includes('(attempt 2)')), 'a refused reconnection', 10_000);
      await broker.start();
      await until(() => connections === 2, 'reconnected', 10_000);
      await session.end();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('a clean end after a restart that cut publishes in flight still ends (the farewell said, DISCONNECT sent)', async () => {
    let connections = 0;
    const session = new LiveSession(
      options('ls-end-after-restart', {
        onConnect: () => connections++,
        will: status('ls/end-restart/status', 'offline'),
        birth: status('ls/end-restart/status', 'online'),
      }),
    );
    await session.connect();
    // QoS 1 publishes the broker will never acknowledge: it stops while they are in flight.
    const inFlight = Array.from({ length: 50 }, (_, i) =>
      session.publish([status(`ls/end-restart/v${i}`, String(i))]).catch(() => undefined),
    );
    await broker.stop();
    await broker.start();
    await until(() => connections === 2, 'reconnected', 10_000);
    let ended = false;
    void session.end().then(() => (ended = true));
    await until(() => ended, 'the end', 5000);
    await Promise.all(inFlight);
    expect((await retainedSnapshot(broker.url, 'ls/end-restart/status')).get('ls/end-restart/status')?.payload).toBe('offline');
  });

  it.each([
    ['before its client is made', () => Promise.resolve()],
    ['while its client waits for CONNACK', () => new Promise<void>((resolve) => setImmediate(resolve))],
  ])('an end %s ends at once, and leaves no connection behind', async (when, wait) => {
    const topic = `ls/early/${when.length}/status`;
    const session = new LiveSession(
      options(`ls-early-end-${when.length}`, { birth: status(topic, 'online'), will: status(topic, 'offline') }),
    );
    const connecting = session.connect();
    await wait();
    // A stop signal right after start (\`owm2mqtt all\` stopping its parts when one cannot start).
    const ended = await Promise.race([
      session.end().then(() => 'ended'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3000)),
    ]);
    expect(ended).toBe('ended');
    await connecting.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(session.connected).toBe(false);
    expect((await retainedSnapshot(broker.url, topic)).get(topic)?.payload).not.toBe('online');
  });

  it('without reconnect, a refused connection rejects with an error naming the broker', async () => {
    const session = new LiveSession(options('ls-refused', { url: 'mqtt://127.0.0.1:1', reconnect: false }));
    await expect(session.connect()).rejects.toThrow(/the MQTT broker at mqtt:\/\/127\.0\.0\.1:1/);
  });
});

describe('matches', () => {
  it.each([
    ['a/+/c', 'a/b/c', true],
    ['a/+/c', 'a/b/d', false],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['#', '$SYS/x', false],
    ['$SYS/#', '$SYS/x', true],
    ['a/b', 'a/b/c', false],
    ['a/b/c', 'a/b', false],
    ['+', 'a', true],
    ['+/+', 'a', false],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(matches(filter, topic)).toBe(expected);
  });
});
