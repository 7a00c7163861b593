/**
 * The daemon's wait before each reconnect attempt. Equal jitter: between half and all of a
 * ceiling that doubles per failed attempt from `minMs` up to `maxMs`, so a fleet of bridges does
 * not reconnect in step after a broker restart, and none retries at once.
 */
export class ReconnectBackoff {
  private attempts = 0;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** The ceiling of the next wait: `minMs × 2^attempts`, at most `maxMs`. */
  ceiling(): number {
    return Math.min(this.maxMs, this.minMs * 2 ** Math.min(this.attempts, 30));
  }

  /** The wait before the next attempt, and that attempt's number (1 after a reset). */
  next(): { waitMs: number; attempt: number } {
    const ceiling = this.ceiling();
    const waitMs = Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
    this.attempts++;
    return { waitMs, attempt: this.attempts };
  }

  /**
   * A broker that accepts and then drops us (an ACL that disconnects, a packet over its
   * max_packet_size) must not be hammered: the backoff restarts only after a connection that
   * lasted at least `maxMs`.
   */
  connectionLasted(ms: number): void {
    if (ms >= this.maxMs) this.attempts = 0;
  }
}
