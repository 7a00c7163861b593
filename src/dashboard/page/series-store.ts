import type { SeriesPoint } from '../history-types.js';

/** One point of a chart: a bucket of `n` live values, or a point of the history (`n` undefined). Nulls: a gap. */
export interface Bucket {
  readonly t: number;
  min: number | null;
  mean: number | null;
  max: number | null;
  n?: number;
}

/** uPlot's aligned columns: the times, then for each topic its mean, min and max (undefined: no point there). */
export type Columns = [number[], ...(number | null | undefined)[][]];

/**
 * The points of one chart, per topic: the history as the server sent it, then the live values,
 * merged into buckets as wide as the server's (about one point per pixel), with a gap where a
 * topic was silent longer than it should be. Pure: the chart draws what `columns` returns.
 */
export class SeriesStore {
  private readonly byTopic = new Map<string, Bucket[]>();

  constructor(private bucketMs: number) {}

  setBucketMs(bucketMs: number): void {
    this.bucketMs = bucketMs;
  }

  /** The history of `topic`; live values newer than its last point stay (the history is written in batches, behind the broker). */
  replace(topic: string, points: readonly SeriesPoint[]): void {
    const history: Bucket[] = points.map(([t, min, mean, max]) => ({ t, min, mean, max }));
    const end = history.at(-1)?.t ?? Number.NEGATIVE_INFINITY;
    const live = (this.byTopic.get(topic) ?? []).filter((bucket) => bucket.n !== undefined && bucket.t > end);
    this.byTopic.set(topic, [...history, ...live]);
  }

  /** A live value; `gapAfterMs`: silence longer than this before it breaks the line. Returns false when too old to draw. */
  append(topic: string, t: number, value: number, gapAfterMs: number): boolean {
    let buckets = this.byTopic.get(topic);
    if (buckets === undefined) this.byTopic.set(topic, (buckets = []));
    const last = buckets.at(-1);
    if (last !== undefined && t < last.t) return false;
    if (last?.n !== undefined && last.mean !== null && t - last.t < this.bucketMs) {
      last.n += 1;
      last.mean += (value - last.mean) / last.n;
      last.min = Math.min(last.min ?? value, value);
      last.max = Math.max(last.max ?? value, value);
      return true;
    }
    if (last !== undefined && last.mean !== null && t - last.t > gapAfterMs) {
      buckets.push({ t: last.t + Math.floor((t - last.t) / 2), min: null, mean: null, max: null });
    }
    buckets.push({ t, min: value, mean: value, max: value, n: 1 });
    return true;
  }

  /** Drops what slid out of the range shown. */
  dropBefore(from: number): void {
    for (const buckets of this.byTopic.values()) {
      let first = 0;
      while (first < buckets.length && buckets[first]!.t < from) first++;
      if (first > 0) buckets.splice(0, first);
    }
  }

  has(topic: string): boolean {
    return this.byTopic.has(topic);
  }

  get(topic: string): readonly Bucket[] {
    return this.byTopic.get(topic) ?? [];
  }

  /** Every topic's points, in `topics` order (for the CSV). */
  entries(topics: readonly string[]): Map<string, readonly Bucket[]> {
    return new Map(topics.map((topic) => [topic, this.get(topic)]));
  }

  /** The union of every topic's times; a topic with no point at a time gets undefined there (uPlot draws across it, a null breaks it). */
  columns(topics: readonly string[]): Columns {
    const times = new Set<number>();
    for (const topic of topics) for (const bucket of this.get(topic)) times.add(bucket.t);
    const xs = [...times].sort((a, b) => a - b);
    const index = new Map(xs.map((t, i) => [t, i]));
    const columns: Columns = [xs];
    for (const topic of topics) {
      const mean = new Array<number | null | undefined>(xs.length).fill(undefined);
      const min = new Array<number | null | undefined>(xs.length).fill(undefined);
      const max = new Array<number | null | undefined>(xs.length).fill(undefined);
      for (const bucket of this.get(topic)) {
        const i = index.get(bucket.t)!;
        mean[i] = bucket.mean;
        min[i] = bucket.min;
        max[i] = bucket.max;
      }
      columns.push(mean, min, max);
    }
    return columns;
  }
}
