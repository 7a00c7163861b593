/**
 * Durations written in the aggregator's settings: a whole number and a unit, `90s`, `10m`, `2h`
 * (the `@` of an `AGG_SOURCES` entry, the `for` of an `ALERTS` rule).
 */
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;

export const MAX_DURATION_MS = 7 * 24 * 3_600_000;

/** Milliseconds, or a problem that says what to write. */
export function parseDuration(text: string): { ms: number } | { problem: string } {
  const match = /^(\d{1,9})([smh])$/.exec(text);
  if (!match) return { problem: `"${text}" is not a duration: write a whole number and s, m or h, like 90s, 10m or 2h` };
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (ms < 1000 || ms > MAX_DURATION_MS) return { problem: `"${text}" is outside 1s..7 days` };
  return { ms };
}

/** `90000` → `90s`, `600000` → `10m`, `7200000` → `2h`: the largest unit that divides it. */
export function formatDuration(ms: number): string {
  if (ms % UNIT_MS.h === 0) return `${ms / UNIT_MS.h}h`;
  if (ms % UNIT_MS.m === 0) return `${ms / UNIT_MS.m}m`;
  return `${ms / UNIT_MS.s}s`;
}
