import cron from 'node-cron';

/** A (validated) cron expression's fields, as node-cron reads them, and the search for its next wall-clock time. */
export interface CronFields {
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly (number | string)[];
  readonly months: readonly number[];
  readonly daysOfWeek: readonly (number | string)[];
  /**
   * The hour field is a wildcard (`*`, or `*` with a step): the expression runs by real elapsed time through a DST change
   * (both passes of a repeated hour, nothing for the skipped one), as Vixie cron's wildcard jobs do.
   */
  readonly wildcardHour: boolean;
}

const DAY_MS = 86_400_000;
/** node-cron's own limit: an expression that matches no day in 100 years never runs. */
const MAX_DAYS = 366 * 100;

export function parseCron(expression: string): CronFields {
  const parsed = cron.parse(expression);
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const words = expression.trim().split(/\s+/);
  // A nickname (@hourly…) has no hour field of its own: all 24 hours is a wildcard.
  const hourField: string | undefined = words[words.length === 6 ? 2 : 1];
  return {
    seconds: sorted(parsed.second),
    minutes: sorted(parsed.minute),
    hours: sorted(parsed.hour),
    daysOfMonth: parsed.dayOfMonth,
    months: parsed.month,
    daysOfWeek: parsed.dayOfWeek,
    wildcardHour: hourField?.startsWith('*') === true || parsed.hour.length === 24,
  };
}

/**
 * The first whole second strictly after `wallMs` that the expression matches, on a clock with no
 * time zone: wall times are read as if they were UTC (the caller maps them to real instants).
 */
export function nextWallTime(fields: CronFields, wallMs: number): number | undefined {
  const first = Math.floor(wallMs / 1000) + 1;
  let day = Math.floor(first / 86_400) * DAY_MS;
  let fromSecond = first - day / 1000;
  // Stryker disable next-line EqualityOperator: one day more or less after a century without a match changes nothing
  for (let i = 0; i < MAX_DAYS; i++, day += DAY_MS, fromSecond = 0) {
    const date = new Date(day);
    if (!dayMatches(fields, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCDay())) continue;
    const second = firstTimeOfDay(fields, fromSecond);
    if (second !== undefined) return day + second * 1000;
  }
  return undefined;
}

function firstTimeOfDay(fields: CronFields, fromSecond: number): number | undefined {
  for (const hour of fields.hours) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut past hours gone by; the test below the loops decides alone
    if ((hour + 1) * 3600 <= fromSecond) continue;
    for (const minute of fields.minutes) {
      const base = hour * 3600 + minute * 60;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut past minutes gone by, as above
      if (base + 59 < fromSecond) continue;
      for (const second of fields.seconds) if (base + second >= fromSecond) return base + second;
    }
  }
  return undefined;
}

/** node-cron's day rules: month, day of month (`L`, `L-3`, `15W`, `LW`) and day of week (`5L`, `1#2`) must all match. */
export function dayMatches(fields: CronFields, year: number, month: number, day: number, weekday: number): boolean {
  return (
    fields.months.includes(month) &&
    fields.daysOfMonth.some((value) => dayOfMonthMatches(value, year, month, day)) &&
    fields.daysOfWeek.some((value) => dayOfWeekMatches(value, year, month, day, weekday))
  );
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** node-cron has checked and normalised the day-of-month forms: a number, `LW`, `15W`, `L-3`, `L`. */
function dayOfMonthMatches(value: number | string, year: number, month: number, day: number): boolean {
  if (typeof value === 'number') return value === day;
  const last = lastDayOfMonth(year, month);
  if (value === 'LW') return nearestWeekday(year, month, last) === day;
  if (value.endsWith('W')) return nearestWeekday(year, month, Number(value.slice(0, -1))) === day;
  // `L-3`, and `L` read as `L-0`.
  return last - Number(value.slice(2)) === day;
}

function nearestWeekday(year: number, month: number, target: number): number {
  const last = lastDayOfMonth(year, month);
  // `31W` in a 30-day month (node-cron refuses 0W).
  if (target > last) return -1;
  const weekday = new Date(Date.UTC(year, month - 1, target)).getUTCDay();
  if (weekday === 6) return target === 1 ? target + 2 : target - 1;
  if (weekday === 0) return target === last ? target - 2 : target + 1;
  return target;
}

/** node-cron has checked and normalised the day-of-week forms: a number 0-6, `5L` (the last Friday), `1#2` (the second Monday). */
function dayOfWeekMatches(value: number | string, year: number, month: number, day: number, weekday: number): boolean {
  if (typeof value === 'number') return value === weekday;
  if (Number(value[0]) !== weekday) return false;
  if (value.endsWith('L')) return day + 7 > lastDayOfMonth(year, month);
  return Math.floor((day - 1) / 7) + 1 === Number(value.slice(2));
}
