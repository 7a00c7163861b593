/**
 * What `owm2mqtt simulate` needs from the outside world, and nothing more: MQTT sessions (one per room,
 * each with its own client id and Last Will), one followed topic, and a clock. The command is written
 * against these; the real MQTT layer (mqtt.js) is wired in by an adapter, and the tests use fakes.
 */

export type Qos = 0 | 1 | 2;

export interface OutgoingMessage {
  readonly topic: string;
  /** UTF-8 text; an empty payload with `retain` clears the topic's retained value. */
  readonly payload: string;
  readonly qos: Qos;
  readonly retain: boolean;
}

export interface SessionOptions {
  readonly clientId: string;
  /** Published by the broker when the connection is lost without a DISCONNECT. */
  readonly will: OutgoingMessage;
  /** Called on every connection the broker accepts: the first, and each one after a lost connection. */
  onConnect(): void;
  /** Called when an accepted connection is lost; the adapter then reconnects with backoff by itself. */
  onClose(): void;
}

export interface Session {
  /**
   * Sends one message; nothing to await, the adapter logs a failure. Called only between `onConnect` and
   * `onClose`, so nothing piles up while the broker is away.
   */
  publish(message: OutgoingMessage): void;
  /** A clean end: what was published is sent, then DISCONNECT, so the broker drops the Will. No reconnection. */
  end(): Promise<void>;
  /** An abrupt end (the socket closed, no DISCONNECT), so the broker publishes the Will. No reconnection. */
  drop(): void;
}

export interface Subscription {
  close(): Promise<void>;
}

export interface BrokerPort {
  /** A new MQTT client of its own: it connects, and reconnects with backoff, until `end` or `drop`. */
  open(options: SessionOptions): Session;
  /** Delivers each message on `topic` (one topic, no wildcard; retained ones too), its payload as UTF-8. */
  follow(topic: string, onMessage: (payload: string) => void): Subscription;
}

/** The same shape as the scheduler's clock (src/schedule/clock.ts), so `systemClock` fits. */
export interface SimClock {
  /** The wall clock, ms since the epoch: where simulated time starts when SIM_START is unset. */
  now(): number;
  /** A clock that only moves forward, ms: when each reading is due. */
  monotonic(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SimLog {
  info(message: string): void;
  warn(message: string): void;
}
