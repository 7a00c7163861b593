import type { Clock } from '../schedule/clock.js';

/**
 * What `owm2mqtt aggregate` needs from the outside, and nothing more: the MQTT session is an
 * adapter the composition root wires (Last Will `P/status` = `offline`, retained, reconnects
 * with backoff, subscriptions renewed after a reconnect); the tests pass an in-memory one.
 */

export type Qos = 0 | 1 | 2;

/** One message the broker delivered. */
export interface IncomingMessage {
  readonly topic: string;
  readonly payload: Uint8Array | string;
  /**
   * The broker replayed it from its retained store when we subscribed (MQTT 3.1.1's retain flag on
   * delivery; under MQTT 5 subscribe without retain-as-published). False for a live message.
   */
  readonly retained: boolean;
}

/** One publish. Shaped as the bridge's `Message` (src/message.ts), so the adapter can take either. */
export interface OutgoingMessage {
  readonly topic: string;
  /** An empty payload with `retain` clears the topic's retained value. */
  readonly payload: string;
  readonly retain: boolean;
  readonly qos: Qos;
  /** The payload is JSON (MQTT 5 content type). */
  readonly json?: boolean;
  /** Never given an MQTT 5 message expiry (discovery configs). */
  readonly persistent?: boolean;
}

export interface AggregatePort {
  /**
   * Subscribes to every filter (at QoS 1) and calls `onMessage` for each message, retained ones
   * included, in the order they arrive; after a reconnect the adapter subscribes again itself.
   * Resolves once the broker has acknowledged the subscriptions.
   */
  subscribe(filters: readonly string[], onMessage: (message: IncomingMessage) => void): Promise<void>;
  /** Publishes a batch, in order; resolves when the broker has acknowledged it (QoS 1, 2). */
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
}

/** The wall clock (periods are aligned to it, records stamped with it), the monotonic one (durations), timers. */
export type AggregateClock = Clock;

/** Where the house table goes: a terminal (redrawn in place) or a pipe (one line per group and period). */
export interface Screen {
  readonly isTTY?: boolean;
  write(text: string): void;
}
