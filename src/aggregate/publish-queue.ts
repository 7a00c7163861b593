import type { OutgoingMessage } from './ports.js';

/**
 * The aggregator's outgoing messages while a batch is being acknowledged, or the broker is away:
 * one per topic, the newest (every topic we publish is a state: a newer mean, summary or alert
 * state makes the older one worthless), in the order they were last queued. Memory stays
 * bounded by the number of topics however long the broker is gone.
 */
export class PublishQueue {
  private waiting = new Map<string, OutgoingMessage>();
  private sending: Promise<void> | undefined;

  constructor(
    private readonly publish: (messages: readonly OutgoingMessage[]) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Queues the messages and starts sending unless a batch is already on its way. */
  push(messages: readonly OutgoingMessage[]): void {
    for (const message of messages) {
      this.waiting.delete(message.topic);
      this.waiting.set(message.topic, message);
    }
    this.sending ??= this.drain();
  }

  size(): number {
    return this.waiting.size;
  }

  /** Resolves once everything queued so far has been sent (or failed). */
  async flushed(): Promise<void> {
    while (this.sending) await this.sending;
  }

  private async drain(): Promise<void> {
    while (this.waiting.size > 0) {
      const batch = [...this.waiting.values()];
      this.waiting = new Map();
      try {
        await this.publish(batch);
      } catch (error) {
        // Put back what the broker never took, unless something newer came for its topic meanwhile.
        for (const message of batch) if (!this.waiting.has(message.topic)) this.waiting.set(message.topic, message);
        this.onError(error);
        this.sending = undefined;
        return;
      }
    }
    this.sending = undefined;
  }
}
