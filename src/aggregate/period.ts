/**
 * Periods aligned to the wall clock: with `AGG_PERIOD_S=60`, at every whole minute, whenever the
 * aggregator started. The first period is the part of one up to the first boundary.
 */
export function nextBoundary(nowMs: number, periodMs: number, lastBoundary: number | undefined): number {
  const after = (Math.floor(nowMs / periodMs) + 1) * periodMs;
  // A timer that fires a little early must not make the same boundary twice.
  return lastBoundary === undefined ? after : Math.max(after, lastBoundary + periodMs);
}
