import type { SeriesPoint } from '../history-types.js';

/**
 * Rows as the database gives them, sorted by time: a bucket start (or a sample's time), then the
 * minimum, the sum and the maximum of the values in it, how many there were, and how long a
 * stretch of time the row stands for when that is longer than the chart's buckets (a 1-minute
 * roll-up read into 2-second buckets: 60,000). A raw sample `v` at `t` is `[t, v, v, v, 1]`.
 */
export type BucketRow = readonly [t: number, min: number, sum: number, max: number, count: number, span?: number];

/** A series is silent (a gap) after more than this many of its usual intervals without a sample. */
export const GAP_FACTOR = 3;

interface Bucket {
  t: number;
  /** Where the data of the bucket may end: the bucket's end, or a wider row's. */
  end: number;
  min: number;
  sum: number;
  max: number;
  count: number;
}

/**
 * Merges `rows` (sorted by time) into buckets of `width` ms aligned on the epoch, each keeping the
 * minimum, the mean and the maximum, so that a spike narrower than a bucket still shows. Where the
 * series was silent for longer than `gapFactor` times its usual interval (see `usualInterval`),
 * a point of nulls is put at the end of the last bucket before the silence: the chart breaks its
 * line there instead of drawing across the outage. The silence is measured from the end of one
 * bucket (or of the widest row in it) to the start of the next, so it was at least that long: no
 * gap is ever invented.
 */
export function downsample(rows: readonly BucketRow[], width: number, gapFactor: number = GAP_FACTOR): SeriesPoint[] {
  const buckets: Bucket[] = [];
  for (const [t, min, sum, max, count, span = 0] of rows) {
    const start = Math.floor(t / width) * width;
    const end = Math.max(start + width, t + span);
    const last = buckets.at(-1);
    if (last !== undefined && last.t === start) {
      last.min = Math.min(last.min, min);
      last.max = Math.max(last.max, max);
      last.sum += sum;
      last.count += count;
      last.end = Math.max(last.end, end);
    } else buckets.push({ t: start, end, min, sum, max, count });
  }
  // Under two buckets there is no silence to measure.
  const threshold = gapFactor * (usualInterval(buckets) ?? Number.POSITIVE_INFINITY);
  const points: SeriesPoint[] = [];
  buckets.forEach((bucket, i) => {
    const before = buckets[i - 1];
    if (before !== undefined && bucket.t - before.end > threshold) points.push([before.end, null, null, null]);
    points.push([bucket.t, bucket.min, bucket.sum / bucket.count, bucket.max]);
  });
  return points;
}

/**
 * A series' usual time between samples, from its buckets: the median of (time to the next
 * bucket) / (samples in this one). A full bucket of a 1 Hz series gives its width / its count
 * = 1 s; a sparse series (one sample every 10 minutes, in 2-second buckets) gives the distance
 * to the next bucket = 10 minutes. The median ignores the outages themselves. Undefined with
 * fewer than two buckets.
 */
export function usualInterval(buckets: readonly { readonly t: number; readonly count: number }[]): number | undefined {
  const intervals = buckets
    .slice(1)
    .map((bucket, i) => (bucket.t - buckets[i]!.t) / buckets[i]!.count)
    .sort((a, b) => a - b);
  if (intervals.length === 0) return undefined;
  const middle = intervals.length >> 1;
  return intervals.length % 2 === 1 ? intervals[middle]! : (intervals[middle - 1]! + intervals[middle]!) / 2;
}
