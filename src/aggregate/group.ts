import type { MemberPeriod } from './member.js';

/** A source's members over one period, put together. */
export interface GroupStats {
  /** The mean of the fresh members' means, each weighted once; absent when none is fresh. */
  readonly mean?: number;
  /** The lowest and highest value any fresh member held in the period. */
  readonly min?: number;
  readonly max?: number;
  /** Fresh members: those in the mean. */
  readonly count: number;
  readonly used: readonly MemberPeriod[];
  /** Left out: silent past their staleness limit. */
  readonly stale: readonly string[];
  /** Left out: their status said `offline`. */
  readonly offline: readonly string[];
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function groupStats(members: readonly MemberPeriod[]): GroupStats {
  const used = members.filter((m) => m.state === 'fresh' && Number.isFinite(m.mean)).sort(byName);
  const stale = members
    .filter((m) => m.state === 'stale')
    .map((m) => m.name)
    .sort();
  const offline = members
    .filter((m) => m.state === 'offline')
    .map((m) => m.name)
    .sort();
  if (used.length === 0) return { count: 0, used, stale, offline };
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const member of used) {
    sum += member.mean!;
    min = Math.min(min, member.min!);
    max = Math.max(max, member.max!);
  }
  return { mean: sum / used.length, min, max, count: used.length, used, stale, offline };
}
