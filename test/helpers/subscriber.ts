import { randomUUID } from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import mqtt, { type IClientOptions, type IPublishPacket } from 'mqtt';

const MOSQUITTO_SUB = ['mosquitto_sub', '/usr/bin/mosquitto_sub'].find((bin) => spawnSync(bin, ['--help'], { stdio: 'ignore' }).error === undefined) ?? 'mosquitto_sub';

export interface Received {
  readonly topic: string;
  readonly payload: string;
  readonly retain: boolean;
  readonly qos: number;
  /** MQTT 5 properties, when the snapshot client speaks MQTT 5. */
  readonly properties?: IPublishPacket['properties'];
}

/**
 * A live subscriber, played by Debian's `mosquitto_sub` at QoS 2 (so each
 * message arrives at the QoS it was published with): an independent client,
 * not the library the bridge itself uses. (mqtt.js 5.16 as a QoS 2 subscriber
 * stalls after 20 messages against Mosquitto 2.0, so it cannot be the witness.)
 */
export class Subscriber {
  readonly messages: Received[] = [];
  private constructor(private readonly child: ChildProcess) {}

  static async connect(url: string, filter: string): Promise<Subscriber> {
    const { hostname, port } = new URL(url);
    // stdbuf: line-buffered output, so each message is seen as it arrives, not when the pipe buffer fills.
    const child = spawn('stdbuf', ['-oL', MOSQUITTO_SUB, '-h', hostname, '-p', port, '-q', '2', '-t', filter, '-F', '%j', '-d', '-i', `test-sub-${randomUUID().slice(0, 8)}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const subscriber = new Subscriber(child);
    killOnExit(child);
    const lines = createInterface({ input: child.stdout! });
    const subscribed = new Promise<void>((resolve, reject) => {
      lines.on('line', (line) => {
        if (line.startsWith('{')) {
          const m = JSON.parse(line) as { topic: string; qos: number; retain: number; payload: string | null };
          subscriber.messages.push({ topic: m.topic, payload: m.payload ?? '', retain: m.retain === 1, qos: m.qos });
        } else if (line.includes('SUBACK')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`mosquitto_sub exited (${code})`)));
    });
    await subscribed;
    return subscriber;
  }

  /** Waits until `predicate` holds on what arrived so far. */
  async waitFor(predicate: (messages: readonly Received[]) => boolean, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms; received: ${this.messages.map((m) => `${m.topic}=${m.payload}`).join(', ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

/**
 * Every retained message under `filter`, read the way a new consumer sees them:
 * subscribe, then use a marker publish as a barrier (the broker sends the
 * retained messages of a subscription before anything published after it).
 * Subscribed at QoS 1: `qos` is min(published QoS, 1); the live Subscriber checks QoS 2.
 */
export async function retainedSnapshot(url: string, filter: string, options: IClientOptions = {}): Promise<Map<string, Received>> {
  const client = await mqtt.connectAsync(url, { clientId: `test-snap-${randomUUID().slice(0, 8)}`, reconnectPeriod: 0, ...options }, false);
  const marker = `owm2mqtt-test/barrier/${randomUUID()}`;
  const retained = new Map<string, Received>();
  try {
    const done = new Promise<void>((resolve) => {
      client.on('message', (topic, payload, packet) => {
        if (topic === marker) resolve();
        else if (packet.retain) retained.set(topic, { topic, payload: payload.toString('utf8'), retain: true, qos: packet.qos, properties: packet.properties });
      });
    });
    await client.subscribeAsync([filter, marker], { qos: 1 });
    await client.publishAsync(marker, 'x', { qos: 1 });
    await done;
    return retained;
  } finally {
    await client.endAsync();
  }
}

/** A test that fails before its cleanup must not leave a process behind: the worker's exit ends it. */
export function killOnExit(child: ChildProcess): void {
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
}
