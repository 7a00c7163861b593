import { DAY, floorTo, ROLLUP_WIDTHS } from './levels.js';

/** How long the store keeps what (HISTORY_RAW_DAYS, HISTORY_DAYS). */
export interface Retention {
  readonly rawDays: number;
  readonly historyDays: number;
}

/**
 * The times before which raw samples, and every roll-up, may go. Each is on a bucket boundary
 * (the finest level's for raw samples, the widest level's for roll-ups), so a bucket is never cut.
 */
export function cutoffs(now: number, retention: Retention, widths: readonly number[] = ROLLUP_WIDTHS): { raw: number; history: number } {
  return {
    raw: floorTo(now - retention.rawDays * DAY, widths[0]!),
    history: floorTo(now - retention.historyDays * DAY, widths.at(-1)!),
  };
}

/**
 * How far one level of one series may be rolled up now: the finest level up to the last whole
 * bucket that ended `graceMs` ago (samples wait in memory for up to the flush interval before they
 * are written; one that comes later still is merged into its roll-ups when it is written), a wider
 * level up to where the level below it is complete.
 */
export function rollupLimit(now: number, graceMs: number, width: number, finerDone: number | undefined, finest: boolean): number {
  if (finest) return floorTo(now - graceMs, width);
  return finerDone === undefined ? -Infinity : floorTo(finerDone, width);
}

/**
 * Where one maintenance step starts rolling up a level of a series: where it stopped (`done`),
 * but never before the history cutoff (what is older would be deleted at once).
 */
export function rollupStart(done: number | undefined, historyCutoff: number): number {
  return Math.max(done ?? -Infinity, historyCutoff);
}

/**
 * The stretch [from, to) to roll up in this step, `to` being the level's new `done`: it jumps over
 * an empty stretch to the bucket of the first source row at or after `start` (`first`), and spans
 * at most `span` ms so that a step after a long stop stays short. Nothing when there is nothing new
 * (`limit` not past `start`). Where no source row is left before `limit`, `done` moves to `limit`.
 */
export function rollupWindow(
  start: number,
  first: number | undefined,
  limit: number,
  width: number,
  span: number,
): { from: number; to: number } | undefined {
  if (limit <= start) return undefined;
  const from = first === undefined ? limit : Math.min(Math.max(start, floorTo(first, width)), limit);
  return { from, to: Math.min(limit, from + span) };
}

/**
 * The times before which each table of a series may be emptied: raw samples older than the raw
 * cutoff once rolled up into the finest level; a level's rows older than the history cutoff once
 * rolled up into the next level (the widest: at the cutoff).
 */
export function pruneBoundaries(
  cut: { readonly raw: number; readonly history: number },
  done: ReadonlyMap<number, number>,
  widths: readonly number[] = ROLLUP_WIDTHS,
): { raw: number; levels: Map<number, number> } {
  const levels = new Map(
    widths.map((width, i) => {
      const next = widths[i + 1];
      return [width, next === undefined ? cut.history : Math.min(cut.history, done.get(next) ?? -Infinity)] as const;
    }),
  );
  return { raw: Math.min(cut.raw, done.get(widths[0]!) ?? -Infinity), levels };
}

/**
 * Where a sample that arrives late (its bucket already rolled up) goes: into every level that has
 * rolled its bucket up, and into the raw table unless its raw bucket was already pruned (raw
 * samples are kept whole bucket by whole bucket from `rawStart`, the oldest one kept). Nowhere
 * when it is older than the history cutoff.
 */
export function lateSampleTargets(
  t: number,
  done: ReadonlyMap<number, number>,
  rawStart: number | undefined,
  historyCutoff: number,
  widths: readonly number[] = ROLLUP_WIDTHS,
): { raw: boolean; levels: number[] } {
  if (t < historyCutoff) return { raw: false, levels: [] };
  const levels = widths.filter((width) => t < (done.get(width) ?? -Infinity));
  const finest = widths[0]!;
  const rawPruned = levels.includes(finest) && (rawStart === undefined || t < floorTo(rawStart, finest));
  return { raw: !rawPruned, levels };
}
