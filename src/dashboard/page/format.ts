/** Text for values, ages and staleness. Pure: the clock is an argument. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A value published once a second is stale after a minute; one published every 10 minutes, after 30. */
export const MIN_STALE_MS = MINUTE;
/** When the interval is not known yet (one message seen): the bridge's 10-minute polls, missed about three times. */
export const UNKNOWN_INTERVAL_STALE_MS = 30 * MINUTE;

/** Whether a value `ageMs` old is stale for a topic seen every `intervalMs` (three intervals without news, at least a minute). */
export function isStale(ageMs: number, intervalMs: number | undefined): boolean {
  const limit = intervalMs === undefined ? UNKNOWN_INTERVAL_STALE_MS : Math.max(3 * intervalMs, MIN_STALE_MS);
  return ageMs > limit;
}

/** `now`, `12 s ago`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function formatAge(ageMs: number): string {
  if (ageMs < 1000) return 'now';
  if (ageMs < MINUTE) return `${Math.floor(ageMs / 1000)} s ago`;
  if (ageMs < HOUR) return `${Math.floor(ageMs / MINUTE)} min ago`;
  if (ageMs < DAY) return `${Math.floor(ageMs / HOUR)} h ago`;
  return `${Math.floor(ageMs / DAY)} d ago`;
}

const NUMBER = new Intl.NumberFormat('en', { maximumFractionDigits: 2, useGrouping: false });

export function formatValue(value: number): string {
  return NUMBER.format(value);
}

/** `21.5 °C`, `77 %`, `3` (no unit known). */
export function withUnit(value: number, unit: string | undefined): string {
  return unit === undefined || unit === '' ? formatValue(value) : `${formatValue(value)} ${unit}`;
}
