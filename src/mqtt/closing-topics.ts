import type { Logger } from '../core/log.js';
import type { Message } from '../core/message.js';

/** After this many closes right after one topic's publish, the daemon stops sending that topic at that size. */
const CLOSES_BEFORE_DROPPING = 3;

/**
 * Topics the broker closes the connection on: a broker over its packet size limit (Mosquitto's
 * `max_packet_size` under MQTT 3.1.1) says nothing, it closes. The publish left unacknowledged
 * when that happens is the suspect; after a few closes in a row it is no longer sent at that size,
 * so the other topics get through.
 */
export class ClosingTopics {
  /** Publishes sent and not yet acknowledged, with when. */
  private readonly unacked = new Set<{ message: Message; at: number }>();
  /** Per topic, how many closes came right after one of its publishes. */
  private readonly closedAfter = new Map<string, number>();
  /** Topics the broker keeps closing the connection on, and the payload size from which they are not sent. */
  private readonly dropped = new Map<string, number>();

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {}

  /** `message` is on its way; call the function returned once it is acknowledged or has failed. */
  sending(message: Message): () => void {
    const sent = { message, at: Date.now() };
    this.unacked.add(sent);
    return () => this.unacked.delete(sent);
  }

  /** The largest of our publishes sent within MQTT_TIMEOUT_MS and not acknowledged: what the broker closed the connection on, if it did. */
  closedOn(): Message | undefined {
    const since = Date.now() - this.timeoutMs;
    let largest: Message | undefined;
    for (const { message, at } of this.unacked) {
      if (at >= since && (largest === undefined || Buffer.byteLength(message.payload) > Buffer.byteLength(largest.payload)))
        largest = message;
    }
    return largest;
  }

  /**
   * The connection closed right after `message`: said the first time; true after a few in a row,
   * when the topic is no longer sent at that size (nor replayed: the caller forgets it).
   */
  closedRightAfter(message: Message): boolean {
    const bytes = Buffer.byteLength(message.payload);
    const times = (this.closedAfter.get(message.topic) ?? 0) + 1;
    this.closedAfter.set(message.topic, times);
    if (times === 1)
      this.log.warn(
        `the MQTT broker at ${this.url} closed the connection right after "${message.topic}" (${bytes} bytes) without acknowledging it: a size limit (Mosquitto: max_packet_size) or an ACL that disconnects?`,
      );
    if (times < CLOSES_BEFORE_DROPPING) return false;
    const first = !this.dropped.has(message.topic);
    this.dropped.set(message.topic, Math.min(bytes, this.dropped.get(message.topic) ?? bytes));
    if (first)
      this.log.warn(
        `"${message.topic}" is not sent any more at ${bytes} bytes or more: the MQTT broker at ${this.url} closed the connection right after it ${times} times; the other topics go on. Raise the broker's limit and restart owm2mqtt`,
      );
    return true;
  }

  isDropped(message: Message): boolean {
    const from = this.dropped.get(message.topic);
    return from !== undefined && Buffer.byteLength(message.payload) >= from;
  }
}
