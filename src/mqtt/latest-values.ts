import type { Message } from '../core/message.js';

/**
 * The daemon's latest message per topic, clears included, replayed on every connect: values kept
 * while the broker was away, or lost by a broker restarted without persistence. While the
 * broker's own values are read back first (a hold), publishes wait, and the replay leaves their
 * messages out: they send them themselves.
 */
export class LatestValues {
  private readonly latest = new Map<string, Message>();
  /** Settles when the read-back before the first replay has run on this connection. */
  private held: Promise<void> | undefined;
  /** Messages of publishes waiting for `held`. */
  private readonly heldBack = new Set<Message>();

  get size(): number {
    return this.latest.size;
  }

  /** Publishes wait: what the broker holds is being read back. */
  get holding(): boolean {
    return this.held !== undefined;
  }

  keep(message: Message): void {
    this.latest.set(message.topic, message);
  }

  forget(topic: string): void {
    this.latest.delete(topic);
  }

  /** The payload kept on `topic`, if any. */
  payload(topic: string): string | undefined {
    return this.latest.get(topic)?.payload;
  }

  /** Forgets the kept messages whose topic starts with `prefix`. */
  forgetUnder(prefix: string): void {
    for (const topic of this.latest.keys()) if (topic.startsWith(prefix)) this.latest.delete(topic);
  }

  /** Publishes wait until the returned function is called; `over`: no hold any more (this connection's read-back ran). */
  hold(): (over: boolean) => void {
    let release: () => void = () => undefined;
    this.held = new Promise<void>((resolve) => (release = resolve));
    return (over) => {
      // The waiting publishes go on after this replay has left their messages out.
      release();
      if (over) this.held = undefined;
    };
  }

  /**
   * `messages` once no hold is on: those still the latest of their topic (what the read-back
   * dropped, older than the broker's, or a later publish replaced is not sent).
   */
  async afterHold(messages: readonly Message[]): Promise<readonly Message[]> {
    for (const message of messages) this.heldBack.add(message);
    try {
      while (this.held) await this.held;
    } finally {
      for (const message of messages) this.heldBack.delete(message);
    }
    return messages.filter((message) => this.latest.get(message.topic) === message);
  }

  /** What a connect replays: every kept message but those a waiting publish sends itself. */
  toReplay(): Message[] {
    return [...this.latest.values()].filter((message) => !this.heldBack.has(message));
  }
}
