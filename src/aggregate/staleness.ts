/**
 * How long a member's last value counts. A source may set it (`@90s`), or `AGG_STALE_S` for
 * every source; otherwise it adapts to the member: three times the median of its last eight
 * intervals between live messages, at least 30 s and at most an hour. A 1 Hz sensor is left out
 * 30 s after its last message (a Wi-Fi hiccup of a few seconds does not flap it), a sensor
 * publishing every minute after 3 minutes, the bridge's outdoor values (every 10 to 20 minutes)
 * after 30 to 60 minutes. Until a member has shown an interval (one message so far, or a retained
 * value found at start-up) the limit is the hour.
 */
export const STALE_FLOOR_MS = 30_000;
export const STALE_CAP_MS = 3_600_000;
export const STALE_FACTOR = 3;
export const INTERVALS_KEPT = 8;

export class Intervals {
  private readonly gaps: number[] = [];
  private next = 0;
  private median: number | undefined;

  add(gapMs: number): void {
    if (this.gaps.length < INTERVALS_KEPT) this.gaps.push(gapMs);
    else this.gaps[this.next] = gapMs;
    this.next = (this.next + 1) % INTERVALS_KEPT;
    this.median = undefined;
  }

  /** The median of the intervals kept (the upper one of the middle two), or undefined before the first. */
  typical(): number | undefined {
    if (this.gaps.length === 0) return undefined;
    this.median ??= [...this.gaps].sort((a, b) => a - b)[this.gaps.length >> 1];
    return this.median;
  }
}

/** The staleness limit in ms: the fixed one when set, else adaptive from the typical interval. */
export function staleLimitMs(fixedMs: number | undefined, typicalMs: number | undefined): number {
  if (fixedMs !== undefined) return fixedMs;
  if (typicalMs === undefined) return STALE_CAP_MS;
  return Math.min(STALE_CAP_MS, Math.max(STALE_FLOOR_MS, STALE_FACTOR * typicalMs));
}
