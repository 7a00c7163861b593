import type { AlertRule } from '../../src/aggregate/alert-rules.js';
import type { AlertEvent, GroupReport, PeriodReport } from '../../src/aggregate/engine.js';
import type { MemberPeriod } from '../../src/aggregate/member.js';
import { emptyCounts } from '../../src/aggregate/refusals.js';
import { parseSources, type Source } from '../../src/aggregate/sources.js';

/** Reports written by hand, for the output, table and discovery tests. */
export const AT = Date.UTC(2026, 7, 1, 14, 5, 0);

export function source(entry: string): Source {
  const parsed = parseSources(entry);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.sources[0]!;
}

export const fresh = (name: string, mean: number, min = mean, max = mean, samples = 60, retained = false): MemberPeriod => ({
  name,
  state: 'fresh',
  mean,
  min,
  max,
  samples,
  retained,
});

export function report(groups: GroupReport[], alerts: AlertEvent[] = [], raised: AlertEvent[] = []): PeriodReport {
  return { at: AT, windowMs: 60_000, groups, alerts, raised };
}

export function groupOf(src: Source, used: MemberPeriod[], stale: string[] = [], offline: string[] = []): GroupReport {
  const means = used.map((m) => m.mean!);
  const stats =
    used.length === 0
      ? {}
      : {
          mean: means.reduce((a, b) => a + b, 0) / means.length,
          min: Math.min(...used.map((m) => m.min!)),
          max: Math.max(...used.map((m) => m.max!)),
        };
  return { source: src, refused: emptyCounts(), ...stats, count: used.length, used, stale, offline };
}

export function rule(src: Source, op: AlertRule['op'], threshold: number, id: string): AlertRule {
  return { entry: `${src.name}${op}${threshold}`, source: src, op, threshold, hysteresis: 0.5, forMs: 0, id };
}
