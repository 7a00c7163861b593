import type { HistoryReader, HistoryWriter, Sample, SeriesInfo, SeriesPoint } from '../history-types.js';
import { HistoryDatabase } from './database.js';
import { type HistoryActivity, type HistoryError, describeFailure, recoveredMessage, tooManySeries } from './history-error.js';
import type { Retention } from './retention.js';
import { type OpenDatabase, openHistoryDatabase } from './schema.js';

/** The time and the timers the store uses (the scheduler's Clock fits; tests pass a fake one). */
export interface HistoryClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Real time; the store's timers never keep the process alive by themselves. */
export const systemHistoryClock: HistoryClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface HistoryStoreOptions {
  /** The SQLite file (made with its folder when missing), or `:memory:`. */
  readonly path: string;
  readonly retention: Retention;
  readonly clock?: HistoryClock;
  /** Queued samples are written at the latest this long after the first of them arrived. */
  readonly flushIntervalMs?: number;
  /** …or as soon as this many are queued. */
  readonly maxBatch?: number;
  /** Roll-up and pruning: one step this often (more often while catching up). */
  readonly maintenanceIntervalMs?: number;
  /** …and this soon after a step that left work (catching up after a stop), so the event loop breathes between steps. */
  readonly catchUpDelayMs?: number;
  /** After a failed write, the next try comes this much later. */
  readonly retryMs?: number;
  /** While writes fail, at most this many samples wait in memory; the oldest go first. */
  readonly maxPending?: number;
  /** Topics recorded at most; the broker is untrusted, and each series costs memory and disk. */
  readonly maxSeries?: number;
  /** How long a write waits for another program's lock; the event loop waits with it. */
  readonly busyTimeoutMs?: number;
  /** Called once per kind of failure (a full disk, a damaged file…) until writing (or reading) works again. */
  readonly onError?: (error: HistoryError) => void;
  /** Called when writing works again after a failure. */
  readonly onRecovered?: (message: string) => void;
  /** Opens the SQLite file: tests pass their own. */
  readonly open?: OpenDatabase;
}

/**
 * Defaults, argued in docs/dashboard.md ("History"). Each commit rewrites, in the WAL, the last
 * page of every series it touches, so the bytes written to the card depend on commits per day
 * far more than on samples: a commit a minute (or every 5,000 samples) and a maintenance step
 * every 5 minutes keep them to about the size of the data itself at 1 Hz; a power cut loses at most
 * the last minute (a clean stop loses nothing: close() writes what waits). A retry every 30 s;
 * 200,000 samples (about 1 h of 50 series at 1 Hz, some 20 MB) wait in memory while the disk is
 * full; 1,000 series; a lock waited for 200 ms at most, since the event loop waits with it.
 */
export const STORE_DEFAULTS = {
  flushIntervalMs: 60_000,
  maxBatch: 5_000,
  maintenanceIntervalMs: 300_000,
  catchUpDelayMs: 200,
  retryMs: 30_000,
  maxPending: 200_000,
  maxSeries: 1_000,
  busyTimeoutMs: 200,
} as const;

/** Opens the history database at `options.path`; throws a HistoryError that names the file and what to do. */
export function openHistoryStore(options: HistoryStoreOptions): HistoryStore {
  const busyTimeoutMs = options.busyTimeoutMs ?? STORE_DEFAULTS.busyTimeoutMs;
  const db = openHistoryDatabase(options.path, options.open === undefined ? { busyTimeoutMs } : { busyTimeoutMs, open: options.open });
  return new HistoryStore(new HistoryDatabase(db, options.retention), options);
}

/**
 * The dashboard's history: samples are queued and written in batches; reads come from SQLite.
 * A failing database never throws at the caller: the failure is reported (once per kind) through
 * `onError`, samples wait in memory (bounded) and are written when a retry succeeds, and reads
 * return nothing meanwhile. Single-threaded: every call runs to its end (better-sqlite3 is synchronous).
 */
export class HistoryStore implements HistoryReader, HistoryWriter {
  private pending: Sample[] = [];
  private dropped = 0;
  private writeFailing = false;
  private readonly reported = new Set<string>();
  private flushTimer: unknown;
  private maintenanceTimer: unknown;
  private closed = false;
  private readonly clock: HistoryClock;
  private readonly settings: { -readonly [K in keyof typeof STORE_DEFAULTS]: number };

  constructor(
    private readonly database: HistoryDatabase,
    private readonly options: HistoryStoreOptions,
  ) {
    this.clock = options.clock ?? systemHistoryClock;
    this.settings = { ...STORE_DEFAULTS };
    for (const name of Object.keys(STORE_DEFAULTS) as (keyof typeof STORE_DEFAULTS)[]) {
      const value = (options as Partial<Record<keyof typeof STORE_DEFAULTS, number>>)[name];
      if (value !== undefined) this.settings[name] = value;
    }
    this.scheduleMaintenance(this.settings.maintenanceIntervalMs);
  }

  /** Samples waiting in memory. */
  get pendingCount(): number {
    return this.pending.length;
  }

  add(sample: Sample): void {
    if (this.closed || !Number.isFinite(sample.value) || !Number.isFinite(sample.t) || sample.t < 0) return;
    this.pending.push({ topic: sample.topic, t: Math.round(sample.t), value: sample.value });
    if (this.pending.length > this.settings.maxPending) {
      // A tenth at once, so that a long outage does not cost a copy of the queue per sample.
      const excess = this.pending.length - this.settings.maxPending + Math.ceil(this.settings.maxPending / 10);
      this.pending.splice(0, excess);
      this.dropped += excess;
    }
    if (!this.writeFailing && this.pending.length >= this.settings.maxBatch) this.flush();
    else if (this.flushTimer === undefined) this.armFlush(this.writeFailing ? this.settings.retryMs : this.settings.flushIntervalMs);
  }

  flush(): void {
    if (this.flushTimer !== undefined) {
      this.clock.clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.closed || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      const { refused } = this.database.write(batch, this.clock.now(), this.settings.maxSeries);
      if (refused !== undefined) this.report(tooManySeries(this.options.path, this.settings.maxSeries, refused), 'write');
      if (this.writeFailing) {
        this.writeFailing = false;
        this.forget('write');
        this.options.onRecovered?.(recoveredMessage(this.options.path, batch.length, this.dropped, this.settings.maxPending));
        this.dropped = 0;
      }
    } catch (error) {
      this.pending = batch.concat(this.pending);
      this.writeFailing = true;
      this.report(describeFailure(this.options.path, error, 'write'), 'write');
      this.armFlush(this.settings.retryMs);
    }
  }

  series(): readonly SeriesInfo[] {
    return this.read(() => this.database.series(), []);
  }

  range(topic: string, from: number, to: number, maxPoints: number): readonly SeriesPoint[] {
    if (!Number.isFinite(from) || !Number.isFinite(to) || to < from || !(maxPoints >= 1)) return [];
    return this.read(() => this.database.range(topic, from, to, Math.min(maxPoints, 100_000)), []);
  }

  /**
   * One step of roll-up and pruning (the store runs them itself; tests and the bench call this).
   * True when work is left for another step.
   */
  maintain(): boolean {
    if (this.closed) return false;
    this.flushIfHealthy();
    try {
      return this.database.maintain(this.clock.now(), this.settings.flushIntervalMs);
    } catch (error) {
      this.report(describeFailure(this.options.path, error, 'write'), 'write');
      return false;
    }
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    for (const timer of [this.flushTimer, this.maintenanceTimer]) if (timer !== undefined) this.clock.clearTimeout(timer);
    this.flushTimer = this.maintenanceTimer = undefined;
    try {
      this.database.close();
    } catch (error) {
      this.report(describeFailure(this.options.path, error, 'write'), 'write');
    }
  }

  /** Reads see the samples still queued: they are written first (reads are rare: a page opened, a range changed). */
  private read<T>(query: () => T, empty: T): T {
    if (this.closed) return empty;
    this.flushIfHealthy();
    try {
      const result = query();
      this.forget('read');
      return result;
    } catch (error) {
      this.report(describeFailure(this.options.path, error, 'read'), 'read');
      return empty;
    }
  }

  private flushIfHealthy(): void {
    if (!this.writeFailing && this.pending.length > 0) this.flush();
  }

  private armFlush(ms: number): void {
    this.flushTimer = this.clock.setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, ms);
  }

  private scheduleMaintenance(ms: number): void {
    this.maintenanceTimer = this.clock.setTimeout(() => {
      this.maintenanceTimer = undefined;
      const more = this.maintain();
      if (!this.closed) this.scheduleMaintenance(more ? this.settings.catchUpDelayMs : this.settings.maintenanceIntervalMs);
    }, ms);
  }

  private report(error: HistoryError, activity: HistoryActivity): void {
    const key = `${activity}:${error.problem}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.options.onError?.(error);
  }

  private forget(activity: HistoryActivity): void {
    for (const key of this.reported) if (key.startsWith(`${activity}:`)) this.reported.delete(key);
  }
}
