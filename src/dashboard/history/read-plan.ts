import { floorTo, ROLLUP_WIDTHS } from './levels.js';

/** Where to read one stretch of a series: `source` 0 is the raw samples, else a roll-up width. */
export interface Segment {
  readonly source: number;
  readonly from: number;
  /** Exclusive. */
  readonly to: number;
}

/**
 * Which tables to read for the buckets of [from, to) of one series, so that every sample is
 * counted exactly once. `level` is the roll-up width the chart's buckets are made of (0: raw).
 * `done` gives, per roll-up width, the time up to which that level is complete (the series'
 * roll-up progress); `rawStart` is the time of the oldest raw sample kept, if any.
 *
 * - A roll-up level holds everything before its `done`; after it, the next finer level does, and
 *   after the finest level's `done`, the raw samples (they are pruned only where rolled up).
 * - Raw samples older than `rawStart` were pruned: that stretch comes from the finest level.
 *   Pruning cuts at the finest level's bucket boundaries, so the bucket of `rawStart` is whole.
 */
export function planRead(
  range: { readonly from: number; readonly to: number },
  level: number,
  done: ReadonlyMap<number, number>,
  rawStart: number | undefined,
  widths: readonly number[] = ROLLUP_WIDTHS,
): Segment[] {
  const finest = widths[0]!;
  const sources: { source: number; until: number }[] =
    level === 0
      ? [{ source: finest, until: Math.min(rawStart === undefined ? Infinity : floorTo(rawStart, finest), done.get(finest) ?? -Infinity) }]
      : widths
          .filter((width) => width <= level)
          .reverse()
          .map((width) => ({ source: width, until: done.get(width) ?? -Infinity }));
  sources.push({ source: 0, until: Infinity });
  const segments: Segment[] = [];
  let start = range.from;
  for (const { source, until } of sources) {
    const end = Math.min(until, range.to);
    if (end > start) {
      segments.push({ source, from: start, to: end });
      start = end;
    }
  }
  return segments;
}
