/**
 * What the dashboard's history store gives the web server: the contract between
 * `src/dashboard/history/` (SQLite) and `src/dashboard/server/` (HTTP, SSE, page).
 */

/** One numeric sample as received: the topic, epoch milliseconds, the value. */
export interface Sample {
  readonly topic: string;
  readonly t: number;
  readonly value: number;
}

/**
 * One point of a series as the page draws it: epoch milliseconds, then min, mean and max over the
 * bucket (all three equal for a raw point). `null` values mark a gap: the series was silent there,
 * so the chart breaks its line instead of drawing across an outage.
 */
export type SeriesPoint = readonly [t: number, min: number | null, mean: number | null, max: number | null];

export interface SeriesInfo {
  readonly topic: string;
  /** Epoch milliseconds of the oldest and newest kept sample. */
  readonly first: number;
  readonly last: number;
  /** The newest value and when it arrived. */
  readonly latest: number;
}

export interface HistoryReader {
  /** Every series with history, sorted by topic. */
  series(): readonly SeriesInfo[];
  /**
   * The points of `topic` between `from` and `to` (epoch ms, inclusive), at most about
   * `maxPoints` buckets, each keeping the minimum and maximum seen in it, with gaps as nulls.
   */
  range(topic: string, from: number, to: number, maxPoints: number): readonly SeriesPoint[];
}

export interface HistoryWriter {
  /** Queues a sample; writes are batched (an SD card must not see one write per message). */
  add(sample: Sample): void;
  /** Writes what is queued now (on shutdown). */
  flush(): void;
  close(): void;
}
