import type { Logger } from '../core/log.js';
import type { ConnectionSettings } from './connection.js';

export interface PublisherOptions extends ConnectionSettings {
  readonly url: string;
  readonly clientId: string;
  /** Deadline for the first connection, and the longest wait for the next acknowledgement of a batch. */
  readonly timeoutMs: number;
  /** `P/bridge/status`: the daemon publishes `online` (retained) on every connect, `offline` as Last Will. */
  readonly statusTopic: string;
  /** The configured MQTT_QOS: `bridge/status` and the Last Will use it too. */
  readonly qos: 0 | 1 | 2;
  /** Daemon: Last Will, reconnect forever, keep the latest message per topic and replay it on every connect. */
  readonly daemon: boolean;
  /** Daemon reconnect backoff: the first wait, doubled after each failed attempt up to the max. */
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  /** MQTT 5: weather messages expire from the broker after this many seconds; 0 = never. */
  readonly messageExpirySeconds: number;
  readonly log: Logger;
  /** The reconnect backoff's jitter (tests); Math.random by default. */
  readonly random?: () => number;
  /**
   * Daemon: run on connecting, before the kept values are replayed, until one run completes on a
   * live connection (the read-back of what the broker holds). Publishes meanwhile wait for it.
   */
  readonly beforeFirstReplay?: () => Promise<void>;
}
