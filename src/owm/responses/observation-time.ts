import { isoSeconds } from '../../core/time.js';

/**
 * Whether OWM's times can be current at all. The judge is the server's clock
 * (its HTTP `Date` header) when it sent one: a Raspberry Pi that booted
 * without a real-time clock may be days behind until NTP answers, and its
 * own clock would then refuse every observation.
 */
export interface ReferenceClock {
  readonly ms: number;
  readonly source: 'server' | 'local';
}

/** 2012-01-01: OpenWeatherMap did not exist before; an earlier time is no observation of theirs. */
export const EARLIEST_OBSERVATION_SECONDS = 1_325_376_000;
/** An observation may be stamped a little after the server's clock (clocks drift); not more than this. */
export const MAX_AHEAD_SECONDS = 60 * 60;
/** Sunrise and sunset are the location's day: up to about a day ahead where that day is far east. */
export const MAX_SUN_AHEAD_SECONDS = 2 * 24 * 60 * 60;

/** The `Date` header's time, else the local clock. */
export function referenceClock(dateHeader: string | string[] | undefined, now: number): ReferenceClock {
  const value = Array.isArray(dateHeader) ? dateHeader[0] : dateHeader;
  // No header: Date.parse('undefined') is NaN.
  const ms = Date.parse(String(value));
  return Number.isNaN(ms) ? { ms: now, source: 'local' } : { ms, source: 'server' };
}

function clockName(clock: ReferenceClock): string {
  const at = isoSeconds(Math.floor(clock.ms / 1000));
  return clock.source === 'server'
    ? `OpenWeatherMap's clock (${at}, its Date header)`
    : `this computer's clock (${at}; the server sent no Date header)`;
}

/** Why `seconds` at `field` is no time OWM could have sent for now, or undefined when it may be. */
function timeProblem(field: string, seconds: number, clock: ReferenceClock, maxAheadSeconds: number, what: string): string | undefined {
  if (!(seconds >= EARLIEST_OBSERVATION_SECONDS))
    return `${field} ${isoSeconds(seconds)} is before 2012, when OpenWeatherMap began: not a real ${what} (got ${seconds})`;
  const ahead = seconds - clock.ms / 1000;
  if (ahead > maxAheadSeconds) {
    return `${field} ${isoSeconds(seconds)} is more than ${describeSeconds(maxAheadSeconds)} ahead of ${clockName(clock)}: not a current ${what} (got ${seconds})`;
  }
  return undefined;
}

function describeSeconds(seconds: number): string {
  return seconds % 86_400 === 0 ? `${seconds / 86_400} days` : `${seconds / 3600} h`;
}

/** The weather report's `dt`, `sys.sunrise` and `sys.sunset` (0 = none, as in polar day and night). */
export function weatherTimeProblems(report: { dt: number; sys?: { sunrise?: number; sunset?: number } }, clock: ReferenceClock): string[] {
  const problems = [timeProblem('dt', report.dt, clock, MAX_AHEAD_SECONDS, 'observation time')];
  for (const field of ['sunrise', 'sunset'] as const) {
    const seconds = report.sys?.[field];
    if (seconds !== undefined && seconds !== 0)
      problems.push(timeProblem(`sys.${field}`, seconds, clock, MAX_SUN_AHEAD_SECONDS, `${field} time`));
  }
  return problems.filter((p): p is string => p !== undefined);
}

/** The air quality report's `dt`, when it has one. */
export function airTimeProblems(report: { dt?: number }, clock: ReferenceClock): string[] {
  const problem = report.dt === undefined ? undefined : timeProblem('list.0.dt', report.dt, clock, MAX_AHEAD_SECONDS, 'air quality time');
  return problem === undefined ? [] : [problem];
}

/**
 * How a new observation compares with the one the broker (or our last publish) holds.
 * A held time itself impossible by the clock (published by an older version, which took
 * a `dt` in 2099) guards nothing: it is replaced.
 */
const ORDER = ['older', 'same', 'newer'] as const;
export function compareWithHeld(dt: number, held: number | undefined, clock: ReferenceClock): 'newer' | 'same' | 'older' {
  if (held === undefined || held - clock.ms / 1000 > MAX_AHEAD_SECONDS) return 'newer';
  return ORDER[Math.sign(dt - held) + 1]!;
}

/** The log line for an observation older than the one held: what came, what stays, and why. */
export function olderObservationMessage(level: string, dt: number, held: number): string {
  return `${level}: OpenWeatherMap sent an older observation (observed ${isoSeconds(dt)}) than the one on the broker (observed ${isoSeconds(held)}): not published, the broker keeps the newer one`;
}

/** `observed_at` as the broker holds it (`2026-11-24T07:41:12Z`), in Unix seconds; undefined when it is no such time. */
export function observedAtSeconds(payload: string): number | undefined {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(payload)) return undefined;
  const ms = Date.parse(payload);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}
