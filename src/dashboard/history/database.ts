import type Database from 'better-sqlite3';
import type { Sample, SeriesInfo, SeriesPoint } from '../history-types.js';
import { bucketWidth, levelFor } from './bucket-width.js';
import { type BucketRow, downsample } from './downsample.js';
import { floorTo, HOUR, MINUTE, ROLLUP_WIDTHS } from './levels.js';
import { planRead } from './read-plan.js';
import { cutoffs, lateSampleTargets, pruneBoundaries, type Retention, rollupLimit, rollupStart, rollupWindow } from './retention.js';

/**
 * How much time of a series one maintenance step rolls up per level, so that a step stays short
 * (a few tens of ms on a Pi) even when it catches up after days: at 1 Hz, 600 raw samples per
 * series into the 1-minute level, 36 rows into the 10-minute one, 48 into the 30-minute one.
 */
export const STEP_SPANS: ReadonlyMap<number, number> = new Map([
  [ROLLUP_WIDTHS[0], 10 * MINUTE],
  [ROLLUP_WIDTHS[1], 6 * HOUR],
  [ROLLUP_WIDTHS[2], 24 * HOUR],
]);
/** Rows one maintenance step deletes at most per table and series. */
export const PRUNE_BUDGET = 20_000;

/** Integer bucket arithmetic: parameters are bound as REAL, so they are cast. */
const BUCKET = '(t / CAST(@w AS INTEGER)) * CAST(@w AS INTEGER)';

/**
 * The history's SQL, on an open database: one transaction per batch of samples and per
 * maintenance step. Keeps in memory the series ids and each series' roll-up progress, changed only
 * once a transaction has committed. Every method may throw what better-sqlite3 throws.
 */
export class HistoryDatabase {
  private readonly ids = new Map<string, number>();
  private readonly progress = new Map<number, Map<number, number>>();
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly retention: Retention,
  ) {
    const prepare = (sql: string) => db.prepare(sql);
    this.statements = {
      series: prepare('SELECT topic, id FROM series').raw(),
      progress: prepare('SELECT series, width, done FROM progress').raw(),
      insertSeries: prepare('INSERT INTO series (topic) VALUES (?) RETURNING id').pluck(),
      insertRaw: prepare('INSERT OR IGNORE INTO points (series, t, v) VALUES (@s, @t, @v)'),
      mergeRollup: prepare(
        `INSERT INTO rollups (series, width, t, min, sum, max, n) VALUES (@s, @w, @t, @v, @v, @v, 1)
         ON CONFLICT (series, width, t) DO UPDATE SET min = min(min, excluded.min), max = max(max, excluded.max), sum = sum + excluded.sum, n = n + 1`,
      ),
      latest: prepare('UPDATE series SET latest = @v, latest_t = @t WHERE id = @s AND (latest_t IS NULL OR latest_t <= @t)'),
      oldestRaw: prepare('SELECT t FROM points WHERE series = ? ORDER BY t LIMIT 1').pluck(),
      firstRaw: prepare('SELECT t FROM points WHERE series = @s AND t >= @a ORDER BY t LIMIT 1').pluck(),
      firstRollup: prepare('SELECT t FROM rollups WHERE series = @s AND width = @w AND t >= @a ORDER BY t LIMIT 1').pluck(),
      rollRaw: prepare(
        `INSERT OR REPLACE INTO rollups (series, width, t, min, sum, max, n)
         SELECT series, @w, ${BUCKET} AS b, min(v), sum(v), max(v), count(*) FROM points
         WHERE series = @s AND t >= @a AND t < @b GROUP BY b`,
      ),
      rollLevel: prepare(
        `INSERT OR REPLACE INTO rollups (series, width, t, min, sum, max, n)
         SELECT series, @w, ${BUCKET} AS b, min(min), sum(sum), max(max), sum(n) FROM rollups
         WHERE series = @s AND width = @from AND t >= @a AND t < @b GROUP BY b`,
      ),
      setProgress: prepare('INSERT OR REPLACE INTO progress (series, width, done) VALUES (@s, @w, @done)'),
      pruneRaw: prepare(
        `DELETE FROM points WHERE series = @s AND t < min(@b, coalesce((SELECT t FROM points WHERE series = @s ORDER BY t LIMIT 1 OFFSET @n), @b))`,
      ),
      pruneRollups: prepare(
        `DELETE FROM rollups WHERE series = @s AND width = @w
         AND t < min(@b, coalesce((SELECT t FROM rollups WHERE series = @s AND width = @w ORDER BY t LIMIT 1 OFFSET @n), @b))`,
      ),
      dropSeries: prepare(
        `DELETE FROM series WHERE id = @s AND (latest_t IS NULL OR latest_t < @h)
         AND NOT EXISTS (SELECT 1 FROM points WHERE series = @s) AND NOT EXISTS (SELECT 1 FROM rollups WHERE series = @s)`,
      ),
      dropProgress: prepare('DELETE FROM progress WHERE series = ?'),
      rawBuckets: prepare(
        `SELECT ${BUCKET} AS b, min(v), sum(v), max(v), count(*) FROM points
         WHERE series = @s AND t >= @a AND t < @b GROUP BY b ORDER BY b`,
      ).raw(),
      rollupBuckets: prepare(
        `SELECT ${BUCKET} AS b, min(min), sum(sum), max(max), sum(n) FROM rollups
         WHERE series = @s AND width = @from AND t >= @a AND t < @b GROUP BY b ORDER BY b`,
      ).raw(),
      // A level read at its own width needs no grouping: its rows come in key order, one per bucket.
      rollupRows: prepare(
        'SELECT t, min, sum, max, n FROM rollups WHERE series = @s AND width = @from AND t >= @a AND t < @b ORDER BY t',
      ).raw(),
      info: prepare(
        `SELECT topic, latest, latest_t,
           min(coalesce((SELECT t FROM points WHERE series = id ORDER BY t LIMIT 1), latest_t),
               coalesce((SELECT t FROM rollups WHERE series = id AND width = @w ORDER BY t LIMIT 1), latest_t)) AS first
         FROM series WHERE latest_t IS NOT NULL ORDER BY topic`,
      ).raw(),
    };
    for (const [topic, id] of this.statements.series.all() as [string, number][]) this.ids.set(topic, id);
    for (const [series, width, done] of this.statements.progress.all() as [number, number, number][]) this.doneOf(series).set(width, done);
  }

  get seriesCount(): number {
    return this.ids.size;
  }

  private doneOf(series: number): Map<number, number> {
    let done = this.progress.get(series);
    if (done === undefined) this.progress.set(series, (done = new Map()));
    return done;
  }

  /**
   * Writes `samples` in one transaction: new topics get a series (while fewer than `maxSeries`
   * exist; the first refused topic is returned), each sample its raw row, a late one (its bucket
   * already rolled up) is merged into its roll-ups too, and each series' latest value moves.
   */
  write(samples: readonly Sample[], now: number, maxSeries: number): { refused: string | undefined } {
    const created = new Map<string, number>();
    const latest = new Map<number, { t: number; v: number }>();
    const history = cutoffs(now, this.retention).history;
    const s = this.statements;
    let refused: string | undefined;
    this.db.transaction(() => {
      for (const sample of samples) {
        let id = this.ids.get(sample.topic) ?? created.get(sample.topic);
        if (id === undefined) {
          if (this.ids.size + created.size >= maxSeries) {
            refused ??= sample.topic;
            continue;
          }
          id = s.insertSeries.get(sample.topic) as number;
          created.set(sample.topic, id);
        }
        const { t, value: v } = sample;
        const done = this.progress.get(id);
        if (done !== undefined && t < (done.get(ROLLUP_WIDTHS[0]) ?? -Infinity)) {
          const targets = lateSampleTargets(t, done, s.oldestRaw.get(id) as number | undefined, history);
          const isNew = targets.raw ? s.insertRaw.run({ s: id, t, v }).changes === 1 : targets.levels.length > 0;
          if (isNew) for (const width of targets.levels) s.mergeRollup.run({ s: id, w: width, t: floorTo(t, width), v });
        } else s.insertRaw.run({ s: id, t, v });
        const last = latest.get(id);
        if (last === undefined || t >= last.t) latest.set(id, { t, v });
      }
      for (const [id, { t, v }] of latest) s.latest.run({ s: id, t, v });
    })();
    for (const [topic, id] of created) this.ids.set(topic, id);
    return { refused };
  }

  /**
   * One maintenance step, in one transaction: per series, rolls each level up a bounded stretch,
   * deletes at most PRUNE_BUDGET rows per table past the retention, and drops a series with
   * nothing left. True when work is left for another step.
   */
  maintain(now: number, graceMs: number): boolean {
    const cut = cutoffs(now, this.retention);
    const s = this.statements;
    const moved: [number, Map<number, number>][] = [];
    const dropped: [string, number][] = [];
    let more = false;
    this.db.transaction(() => {
      for (const [topic, id] of this.ids) {
        const done = new Map(this.progress.get(id));
        ROLLUP_WIDTHS.forEach((width, i) => {
          const finer = ROLLUP_WIDTHS[i - 1];
          const limit = rollupLimit(now, graceMs, width, finer === undefined ? undefined : done.get(finer), i === 0);
          const start = rollupStart(done.get(width), cut.history);
          if (limit <= start) return;
          const first = (finer === undefined ? s.firstRaw.get({ s: id, a: start }) : s.firstRollup.get({ s: id, w: finer, a: start })) as
            | number
            | undefined;
          const window = rollupWindow(start, first, limit, width, STEP_SPANS.get(width)!);
          if (window === undefined) return;
          if (window.to > window.from) {
            const range = { s: id, w: width, a: window.from, b: window.to };
            if (finer === undefined) s.rollRaw.run(range);
            else s.rollLevel.run({ ...range, from: finer });
          }
          s.setProgress.run({ s: id, w: width, done: window.to });
          done.set(width, window.to);
          if (window.to < limit) more = true;
        });
        const bounds = pruneBoundaries(cut, done);
        if (Number.isFinite(bounds.raw) && s.pruneRaw.run({ s: id, b: bounds.raw, n: PRUNE_BUDGET }).changes >= PRUNE_BUDGET) more = true;
        for (const [width, b] of bounds.levels)
          if (Number.isFinite(b) && s.pruneRollups.run({ s: id, w: width, b, n: PRUNE_BUDGET }).changes >= PRUNE_BUDGET) more = true;
        if (s.dropSeries.run({ s: id, h: cut.history }).changes === 1) {
          s.dropProgress.run(id);
          dropped.push([topic, id]);
        } else moved.push([id, done]);
      }
    })();
    for (const [id, done] of moved) this.progress.set(id, done);
    for (const [topic, id] of dropped) {
      this.ids.delete(topic);
      this.progress.delete(id);
    }
    return more;
  }

  /** Every series with a latest value, sorted by topic. */
  series(): SeriesInfo[] {
    return (this.statements.info.all({ w: ROLLUP_WIDTHS[0] }) as [string, number, number, number][]).map(
      ([topic, latest, last, first]) => ({
        topic,
        first,
        last,
        latest,
      }),
    );
  }

  /** The buckets of [from, to] (whole buckets: the first may start before `from`), see HistoryReader.range. */
  range(topic: string, from: number, to: number, maxPoints: number): SeriesPoint[] {
    const id = this.ids.get(topic);
    if (id === undefined) return [];
    const width = bucketWidth(to - from, maxPoints);
    const level = levelFor(width);
    const span = { from: floorTo(from, width), to: floorTo(to, width) + width };
    const rawStart = level === 0 ? (this.statements.oldestRaw.get(id) as number | undefined) : undefined;
    const segments = planRead(span, level, this.progress.get(id) ?? new Map(), rawStart);
    const rows = segments.flatMap((segment) => {
      if (segment.source === 0) return this.statements.rawBuckets.all({ s: id, w: width, a: segment.from, b: segment.to }) as BucketRow[];
      const where = { s: id, from: segment.source, a: segment.from, b: segment.to };
      const found = (
        segment.source === width ? this.statements.rollupRows.all(where) : this.statements.rollupBuckets.all({ ...where, w: width })
      ) as BucketRow[];
      // Roll-ups wider than the chart's buckets (old data in a short range): each row stands for its whole width.
      return segment.source > width ? found.map((row): BucketRow => [row[0], row[1], row[2], row[3], row[4], segment.source]) : found;
    });
    return downsample(rows, width);
  }

  /** Lets SQLite update its statistics (cheap), then closes the file (checkpointing the WAL). */
  close(): void {
    try {
      this.db.pragma('optimize');
    } finally {
      this.db.close();
    }
  }
}
