/** MQTT 5 DISCONNECT reason: another connection with the same client id took the session. */
export const SESSION_TAKEN_OVER = 142;
/** The longest the bridge stays away after being pushed off by a client with its id. */
export const MAX_TAKEOVER_WAIT_MS = 3_600_000;
/**
 * Under MQTT 3.1.1 (and with Mosquitto 2.0, which closes the socket before its DISCONNECT 142 goes
 * out, under MQTT 5 too) a takeover is a silent close: this many in a row, each soon after the
 * broker accepted us, look like one. A broker restart is a silent close too (Mosquitto sends no
 * DISCONNECT on shutdown): two quick restarts must not be taken for another client.
 */
const SILENT_CLOSES_FOR_TAKEOVER = 3;

export interface ClosedConnection {
  /** Reason code of the broker's DISCONNECT (MQTT 5), if it sent one. */
  readonly reasonCode: number | undefined;
  /** An error came on this connection (a reset, a timeout): not a close the broker chose. */
  readonly errored: boolean;
  readonly lastedMs: number;
  /** A publish of ours was still unacknowledged: the broker closed on it (a size limit), not for another client. */
  readonly unacknowledged: boolean;
}

export interface Takeover {
  /** MQTT 5 said so (reason 142); otherwise inferred from repeated silent closes (MQTT 3.1.1). */
  readonly certain: boolean;
  /** How long to stay off the broker, leaving it to the other client. */
  readonly waitMs: number;
  /** The first of a streak: the one to tell the user about. */
  readonly first: boolean;
}

/**
 * Two bridges with the same MQTT_CLIENT_ID push each other off the broker, each reconnect
 * taking over the other's session, with `bridge/status` flipping each time. The one pushed off
 * yields: it stays away MQTT_RECONNECT_MAX_MS, then twice as long after each takeover in a row,
 * up to an hour, so the pair settles instead of flip-flopping. A connection that then stays up
 * much longer than the last wait (the other client was a one-off) ends the streak.
 */
export class TakeoverDetector {
  private streak = 0;
  private lastWaitMs = 0;
  private silentCloses = 0;

  constructor(private readonly reconnectMaxMs: number) {}

  closed(connection: ClosedConnection): Takeover | undefined {
    if (this.streak > 0 && connection.lastedMs > 4 * this.lastWaitMs) {
      this.streak = 0;
      this.lastWaitMs = 0;
    }
    const certain = connection.reasonCode === SESSION_TAKEN_OVER;
    // Our connection lasts until the other client comes back from its own wait: MQTT_RECONNECT_MAX_MS, or doubled in a streak.
    const silent =
      connection.reasonCode === undefined &&
      !connection.errored &&
      !connection.unacknowledged &&
      connection.lastedMs < 2 * Math.max(this.reconnectMaxMs, this.lastWaitMs);
    this.silentCloses = silent ? this.silentCloses + 1 : 0;
    const likely = silent && (this.streak > 0 || this.silentCloses >= SILENT_CLOSES_FOR_TAKEOVER);
    if (!certain && !likely) return undefined;
    this.streak++;
    this.lastWaitMs = Math.min(MAX_TAKEOVER_WAIT_MS, this.reconnectMaxMs * 2 ** Math.min(this.streak - 1, 20));
    return { certain, waitMs: this.lastWaitMs, first: this.streak === 1 };
  }

  /** A connection attempt failed (refused, unreachable): the broker was away, restarting, not held by another client. */
  unreachable(): void {
    this.silentCloses = 0;
  }
}
