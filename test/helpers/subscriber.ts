import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';

export interface Received {
  readonly topic: string;
  readonly payload: string;
  readonly retain: boolean;
  readonly qos: number;
}

/** A live subscriber (QoS 2, so each message arrives at the QoS it was published with). */
export class Subscriber {
  readonly messages: Received[] = [];
  private constructor(private readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => this.messages.push({ topic, payload: payload.toString('utf8'), retain: packet.retain, qos: packet.qos }));
  }

  static async connect(url: string, filter: string): Promise<Subscriber> {
    const client = await mqtt.connectAsync(url, { clientId: `test-sub-${randomUUID().slice(0, 8)}`, reconnectPeriod: 0 }, false);
    const subscriber = new Subscriber(client);
    await client.subscribeAsync(filter, { qos: 2 });
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
    await this.client.endAsync();
  }
}

/**
 * Every retained message under `filter`, read the way a new consumer sees them:
 * subscribe, then use a marker publish as a barrier (the broker sends the
 * retained messages of a subscription before anything published after it).
 */
export async function retainedSnapshot(url: string, filter: string): Promise<Map<string, Received>> {
  const client = await mqtt.connectAsync(url, { clientId: `test-snap-${randomUUID().slice(0, 8)}`, reconnectPeriod: 0 }, false);
  const marker = `owm2mqtt-test/barrier/${randomUUID()}`;
  const retained = new Map<string, Received>();
  try {
    const done = new Promise<void>((resolve) => {
      client.on('message', (topic, payload, packet) => {
        if (topic === marker) resolve();
        else if (packet.retain) retained.set(topic, { topic, payload: payload.toString('utf8'), retain: true, qos: packet.qos });
      });
    });
    await client.subscribeAsync([filter, marker], { qos: 2 });
    await client.publishAsync(marker, 'x', { qos: 1 });
    await done;
    return retained;
  } finally {
    await client.endAsync();
  }
}
