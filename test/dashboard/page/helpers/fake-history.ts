import type { HistoryReader, Sample, SeriesInfo, SeriesPoint } from '../../../../src/dashboard/history-types.js';

/**
 * An in-memory HistoryReader for the page's tests: samples per topic, downsampled on request to
 * buckets aligned on `from` (min, mean, max), with a null point where a topic was silent longer
 * than `gapMs`. `failWith` makes every read throw, as a damaged database would.
 */
export class FakeHistory implements HistoryReader {
  private readonly byTopic = new Map<string, Sample[]>();
  failWith: string | undefined;
  /** Every range() call, for tests that check what the page asked. */
  readonly requests: { topic: string; from: number; to: number; maxPoints: number }[] = [];

  constructor(private readonly gapMs = 30 * 60_000) {}

  add(sample: Sample): void {
    const samples = this.byTopic.get(sample.topic);
    if (samples === undefined) this.byTopic.set(sample.topic, [sample]);
    else samples.push(sample);
  }

  /** `count` samples of `topic`, every `stepMs`, ending at `end`, values from `valueAt(i)`. */
  fill(topic: string, end: number, stepMs: number, count: number, valueAt: (i: number) => number): void {
    for (let i = 0; i < count; i++) this.add({ topic, t: end - (count - 1 - i) * stepMs, value: valueAt(i) });
  }

  series(): readonly SeriesInfo[] {
    if (this.failWith !== undefined) throw new Error(this.failWith);
    return [...this.byTopic.keys()].sort().map((topic) => {
      const samples = this.byTopic.get(topic)!;
      const last = samples.at(-1)!;
      return { topic, first: samples[0]!.t, last: last.t, latest: last.value };
    });
  }

  range(topic: string, from: number, to: number, maxPoints: number): readonly SeriesPoint[] {
    if (this.failWith !== undefined) throw new Error(this.failWith);
    this.requests.push({ topic, from, to, maxPoints });
    const width = Math.max(1, (to - from) / maxPoints);
    const buckets = new Map<number, { min: number; max: number; sum: number; n: number; lastT: number }>();
    for (const { t, value } of this.byTopic.get(topic) ?? []) {
      if (t < from || t > to) continue;
      const key = from + Math.floor((t - from) / width) * width;
      const bucket = buckets.get(key);
      if (bucket === undefined) buckets.set(key, { min: value, max: value, sum: value, n: 1, lastT: t });
      else {
        bucket.min = Math.min(bucket.min, value);
        bucket.max = Math.max(bucket.max, value);
        bucket.sum += value;
        bucket.n++;
        bucket.lastT = t;
      }
    }
    const points: SeriesPoint[] = [];
    let previousEnd: number | undefined;
    for (const [t, bucket] of [...buckets.entries()].sort(([a], [b]) => a - b)) {
      if (previousEnd !== undefined && t - previousEnd > this.gapMs) points.push([previousEnd + 1, null, null, null]);
      points.push([t, bucket.min, bucket.sum / bucket.n, bucket.max]);
      previousEnd = bucket.lastT;
    }
    return points;
  }
}
