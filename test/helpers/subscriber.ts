import { randomUUID } from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { trackChild } from './processes.js';

const MOSQUITTO_SUB =
  ['mosquitto_sub', '/usr/bin/mosquitto_sub'].find((bin) => spawnSync(bin, ['--help'], { stdio: 'ignore' }).error === undefined) ??
  'mosquitto_sub';
const MOSQUITTO_PUB =
  ['mosquitto_pub', '/usr/bin/mosquitto_pub'].find((bin) => spawnSync(bin, ['--help'], { stdio: 'ignore' }).error === undefined) ??
  'mosquitto_pub';

export interface Received {
  readonly topic: string;
  readonly payload: string;
  readonly retain: boolean;
  readonly qos: number;
  /** MQTT 5 properties (with `mqtt5: true`), named as mqtt.js names them: contentType, messageExpiryInterval… */
  readonly properties?: Record<string, unknown>;
}

/** How the witness logs in: the same broker may need TLS files, a login or MQTT 5. */
export interface WitnessOptions {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly username?: string;
  readonly password?: string;
  readonly mqtt5?: boolean;
}

function connectArgs(url: string, options: WitnessOptions): string[] {
  const { hostname, port, protocol } = new URL(url);
  if (protocol !== 'mqtt:' && protocol !== 'mqtts:')
    throw new Error(`the mosquitto_sub witness speaks mqtt:// and mqtts:// only, not ${url}`);
  const args = ['-h', hostname, '-p', port || (protocol === 'mqtts:' ? '8883' : '1883')];
  if (options.caFile) args.push('--cafile', options.caFile);
  if (options.certFile) args.push('--cert', options.certFile);
  if (options.keyFile) args.push('--key', options.keyFile);
  if (options.username !== undefined) args.push('-u', options.username);
  if (options.password !== undefined) args.push('-P', options.password);
  if (options.mqtt5) args.push('-V', 'mqttv5');
  return args;
}

interface JsonLine {
  topic: string;
  qos: number;
  retain: number;
  payload: string | null;
  properties?: Record<string, unknown>;
}

/** mosquitto_sub -F %j names properties like the spec (message-expiry-interval); mqtt.js and the tests use camelCase. */
function parseLine(line: string): Received {
  const m = JSON.parse(line) as JsonLine;
  const properties =
    m.properties &&
    Object.fromEntries(
      Object.entries(m.properties).map(([key, value]) => [key.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()), value]),
    );
  return { topic: m.topic, payload: m.payload ?? '', retain: m.retain === 1, qos: m.qos, ...(properties ? { properties } : {}) };
}

/**
 * Debian's `mosquitto_sub` subscribed to `filters`, one JSON line per message (`-F %j`: topic,
 * payload, QoS, retain flag, MQTT 5 properties): an independent client, not mqtt.js, the library
 * the bridge itself uses. Resolves once the broker acknowledged the subscription.
 */
async function witness(
  url: string,
  filters: string[],
  qos: number,
  options: WitnessOptions,
  onMessage: (message: Received) => void,
): Promise<ChildProcess> {
  const topics = filters.flatMap((filter) => ['-t', filter]);
  // stdbuf: line-buffered output, so each message is seen as it arrives, not when the pipe buffer fills.
  const child = trackChild(
    spawn(
      'stdbuf',
      [
        '-oL',
        MOSQUITTO_SUB,
        ...connectArgs(url, options),
        '-q',
        String(qos),
        ...topics,
        '-F',
        '%j',
        '-d',
        '-i',
        `test-sub-${randomUUID().slice(0, 8)}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ),
    `mosquitto_sub ${filters.join(' ')}`,
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('{')) onMessage(parseLine(line));
      else if (line.includes('SUBACK')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`mosquitto_sub exited (${code}): ${stderr}`)));
  });
  return child;
}

async function end(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * A live subscriber, played by `mosquitto_sub` at QoS 2 (so each message arrives at the QoS it was
 * published with). (mqtt.js 5.16 as a QoS 2 subscriber also stalls after 20 messages against
 * Mosquitto 2.0.)
 */
export class Subscriber {
  readonly messages: Received[] = [];
  private child: ChildProcess | undefined;
  private constructor() {}

  static async connect(url: string, filter: string | string[], options: WitnessOptions = {}): Promise<Subscriber> {
    const subscriber = new Subscriber();
    subscriber.child = await witness(url, typeof filter === 'string' ? [filter] : filter, 2, options, (message) =>
      subscriber.messages.push(message),
    );
    return subscriber;
  }

  /** Waits until `predicate` holds on what arrived so far. */
  async waitFor(predicate: (messages: readonly Received[]) => boolean, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      if (Date.now() > until)
        throw new Error(
          `condition not met within ${timeoutMs} ms; received: ${this.messages.map((m) => `${m.topic}=${m.payload}`).join(', ')}`,
        );
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /**
   * Waits until everything the broker had received before this call has reached this subscriber:
   * publishes a marker on `topic` (one of this subscriber's filters must match it) and waits for
   * it. Mosquitto forwards in the order it received, so a message still to come was sent later.
   * Returns the messages before the marker; the marker is removed from `messages`.
   */
  async barrier(url: string, topic: string, options: WitnessOptions = {}): Promise<readonly Received[]> {
    const marker = `barrier-${randomUUID()}`;
    await publish(url, topic, marker, options);
    await this.waitFor((messages) => messages.some((m) => m.topic === topic && m.payload === marker));
    const at = this.messages.findIndex((m) => m.topic === topic && m.payload === marker);
    this.messages.splice(at, 1);
    return this.messages.slice(0, at);
  }

  async close(): Promise<void> {
    if (this.child) await end(this.child);
  }
}

/** Publishes one message with `mosquitto_pub` at QoS 1, retained with `retain: true`. */
export async function publish(
  url: string,
  topic: string,
  payload: string,
  options: WitnessOptions & { retain?: boolean } = {},
): Promise<void> {
  const args = [...connectArgs(url, options), '-q', '1', '-t', topic, '-m', payload, ...(options.retain ? ['-r'] : [])];
  const child = trackChild(spawn(MOSQUITTO_PUB, args, { stdio: ['ignore', 'ignore', 'pipe'] }), `mosquitto_pub ${topic}`);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`mosquitto_pub to ${topic} exited (${code}): ${stderr}`);
}

/**
 * Every retained message under `filter`, read by `mosquitto_sub` the way a new consumer sees them:
 * subscribe, then use a marker publish as a barrier (the broker sends the retained messages of a
 * subscription before anything published after it). Subscribed at QoS 1: `qos` is
 * min(published QoS, 1); the live Subscriber checks QoS 2.
 */
export async function retainedSnapshot(url: string, filter: string, options: WitnessOptions = {}): Promise<Map<string, Received>> {
  const marker = `owm2mqtt-test/barrier/${randomUUID()}`;
  const retained = new Map<string, Received>();
  let markerSeen!: () => void;
  const done = new Promise<void>((resolve) => (markerSeen = resolve));
  const child = await witness(url, [filter, marker], 1, options, (message) => {
    if (message.topic === marker) markerSeen();
    else if (message.retain) retained.set(message.topic, message);
  });
  try {
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`mosquitto_sub exited (${code}) before the barrier on ${url}`))),
    );
    exited.catch(() => undefined);
    await publish(url, marker, 'x', options);
    // A barrier that never comes (seen once in a few runs through a broker with max_inflight_messages 1)
    // is an error the caller can retry, not a test hung until its timeout.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the barrier on ${url} did not come back within 10 s (${retained.size} retained messages so far)`)),
        10_000,
      );
    });
    try {
      await Promise.race([done, exited, late]);
    } finally {
      clearTimeout(timer);
    }
    return retained;
  } finally {
    await end(child);
  }
}
