/**
 * The daemon's Publisher really waits the reconnect backoff before each attempt: fake timers
 * (setTimeout and Date) drive its clock, a scripted broker on loopback counts the attempts.
 * A probe connection tells "no attempt yet" from "not arrived yet" without a wall-clock wait.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/core/log.js';
import { Publisher } from '../../src/mqtt/publisher.js';
import { startScriptedBroker, type ScriptedBroker } from './scripted-broker.js';

const MIN_MS = 100;
const MAX_MS = 1000;

let broker: ScriptedBroker;
let publisher: Publisher;
let lines: string[];

beforeEach(async () => {
  broker = await startScriptedBroker({});
  lines = [];
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  publisher = new Publisher({
    url: broker.url,
    clientId: 'backoff-test',
    username: undefined,
    password: undefined,
    protocolVersion: 4,
    // Long enough that no acknowledgement or CONNACK timer fires while the test moves the clock.
    timeoutMs: 600_000,
    tls: { ca: undefined, cert: undefined, key: undefined, insecure: false },
    statusTopic: 'backoff/bridge/status',
    qos: 1,
    daemon: true,
    reconnectMinMs: MIN_MS,
    reconnectMaxMs: MAX_MS,
    messageExpirySeconds: 0,
    log: createLogger({ level: 'debug', write: (line) => lines.push(line) }),
    // Three quarters of each ceiling.
    random: () => 0.5,
  });
});

afterEach(async () => {
  vi.useRealTimers();
  await publisher.close({ offline: false });
  await broker.close();
});

/** Real I/O happening meanwhile (setImmediate is not faked); fails after 5 s of real time. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  const end = performance.now() + 5000;
  while (!check()) {
    if (performance.now() > end) throw new Error(`not seen within 5 s: ${what}\n${lines.join('\n')}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const reconnectLines = () => lines.filter((line) => line.includes('reconnecting to the MQTT broker in'));

/** The n-th reconnect line names `waitMs` and `attempt`, and the next attempt comes after exactly that long. */
async function expectWait(line: number, waitMs: number, attempt = line): Promise<void> {
  await eventually(() => reconnectLines().length >= line, `reconnect line ${line}`);
  expect(reconnectLines()[line - 1]).toBe(`DEBUG reconnecting to the MQTT broker in ${waitMs} ms (attempt ${attempt})`);
  const before = await broker.acceptedBeforeNow();
  vi.advanceTimersByTime(waitMs - 1);
  expect(await broker.acceptedBeforeNow(), `no attempt ${waitMs - 1} ms into a ${waitMs} ms wait`).toBe(before);
  vi.advanceTimersByTime(1);
  expect(await broker.acceptedBeforeNow(), `an attempt after ${waitMs} ms`).toBe(before + 1);
}

it('waits 3/4 of a ceiling that doubles from MQTT_RECONNECT_MIN_MS and stops at MQTT_RECONNECT_MAX_MS', async () => {
  broker.refusing = true;
  void publisher.connect();
  // Ceilings 100, 200, 400, 800, then the cap: 1000, 1000.
  const waits = [75, 150, 300, 600, 750, 750];
  for (const [index, waitMs] of waits.entries()) await expectWait(index + 1, waitMs);
  expect(broker.accepted()).toBe(waits.length + 1);
});

/** Refused three times, then accepted: connected, with the backoff at attempt 3. */
async function connectAfterThreeRefusals(): Promise<void> {
  broker.refusing = true;
  const connected = publisher.connect();
  await expectWait(1, 75);
  await expectWait(2, 150);
  await eventually(() => reconnectLines().length === 3, 'reconnect line 3');
  broker.refusing = false;
  vi.advanceTimersByTime(300);
  await connected;
  await eventually(() => broker.published() === 1, 'bridge/status online');
}

it('starts again from MQTT_RECONNECT_MIN_MS once a connection lasted MQTT_RECONNECT_MAX_MS', async () => {
  await connectAfterThreeRefusals();
  vi.advanceTimersByTime(MAX_MS);
  broker.refusing = true;
  broker.dropAll();
  await eventually(() => lines.some((line) => /^WARN +lost the MQTT broker/.test(line)), 'lost the broker');
  await expectWait(4, 75, 1);
});

it('goes on growing after a connection that was dropped sooner: a broker that accepts and then drops us is not hammered', async () => {
  await connectAfterThreeRefusals();
  vi.advanceTimersByTime(MAX_MS - 1);
  broker.refusing = true;
  broker.dropAll();
  await eventually(() => lines.some((line) => /^WARN +lost the MQTT broker/.test(line)), 'lost the broker');
  await expectWait(4, 600);
});
