import type { AggregatePort, IncomingMessage, OutgoingMessage } from '../../src/aggregate/ports.js';

/** MQTT topic filter matching, `+` and `#`, for the in-memory broker. */
export function matches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return i > 0 || !topic.startsWith('$');
    if (i >= t.length) return false;
    if (f[i] === '+') {
      if (i === 0 && t[0]!.startsWith('$')) return false;
      continue;
    }
    if (f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/**
 * A broker in memory, as the aggregator's port sees it: retained store, live delivery to every
 * matching subscription (the aggregator's own publishes included, so a read-back would show), and
 * a log of everything the aggregator published.
 */
export class InMemoryBroker {
  readonly retained = new Map<string, string>();
  readonly published: OutgoingMessage[] = [];
  private readonly subscriptions: { filters: readonly string[]; onMessage: (message: IncomingMessage) => void }[] = [];
  subscribedFilters: readonly string[] = [];
  /** Makes the next publish batches fail, as a broker that went away. */
  failing = false;

  /** Another client publishes. */
  send(topic: string, payload: string, retain = false): void {
    if (retain) {
      if (payload === '') this.retained.delete(topic);
      else this.retained.set(topic, payload);
    }
    for (const subscription of this.subscriptions)
      if (subscription.filters.some((filter) => matches(filter, topic)))
        subscription.onMessage({ topic, payload: Buffer.from(payload), retained: false });
  }

  readonly port: AggregatePort = {
    subscribe: async (filters, onMessage) => {
      this.subscribedFilters = filters;
      this.subscriptions.push({ filters, onMessage });
      for (const [topic, payload] of this.retained)
        if (filters.some((filter) => matches(filter, topic))) onMessage({ topic, payload: Buffer.from(payload), retained: true });
    },
    publish: async (messages) => {
      if (this.failing) throw new Error('connection lost');
      for (const message of messages) {
        this.published.push(message);
        this.send(message.topic, message.payload, message.retain);
      }
    },
  };

  /** The payloads published on `topic`, in order. */
  on(topic: string): string[] {
    return this.published.filter((m) => m.topic === topic).map((m) => m.payload);
  }

  last(topic: string): string | undefined {
    return this.on(topic).at(-1);
  }
}

/** Lets queued publishes go through. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
