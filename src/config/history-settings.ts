import { defaultDatabasePath } from './database-path.js';

/** The history store's settings (moved into the program's settings table later). */
export interface HistorySettings {
  /** DASHBOARD_DB: the SQLite file (`:memory:` keeps nothing across restarts). */
  readonly databasePath: string;
  /** HISTORY_RAW_DAYS: days every sample is kept as it came. */
  readonly rawDays: number;
  /** HISTORY_DAYS: days the 1-, 10- and 30-minute min/mean/max roll-ups are kept. */
  readonly historyDays: number;
}

export const HISTORY_DEFAULTS = { HISTORY_RAW_DAYS: '2', HISTORY_DAYS: '30' } as const;
export const RAW_DAYS_RANGE = [0, 365] as const;
export const HISTORY_DAYS_RANGE = [1, 3650] as const;

/** The number, or NaN (its problem pushed) when it is not a whole number in range. */
function wholeNumber(name: string, raw: string, [min, max]: readonly [number, number], problems: string[]): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (value >= min && value <= max) return value;
  problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
  return Number.NaN;
}

/**
 * Reads DASHBOARD_DB, HISTORY_RAW_DAYS and HISTORY_DAYS from `env` (an empty value counts as not
 * set), with every problem at once, each naming its variable.
 */
export function parseHistorySettings(
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; settings: HistorySettings } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const given = (name: string) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  let databasePath = given('DASHBOARD_DB') ?? '';
  if (databasePath === '') {
    const fallback = defaultDatabasePath(env);
    if (fallback.ok) databasePath = fallback.path;
    else problems.push(fallback.problem);
  } else if (/[\x00-\x1f\x7f]/.test(databasePath)) {
    problems.push(`DASHBOARD_DB=${JSON.stringify(databasePath)} contains a control character: give a plain file path`);
  }
  const rawDays = wholeNumber('HISTORY_RAW_DAYS', given('HISTORY_RAW_DAYS') ?? HISTORY_DEFAULTS.HISTORY_RAW_DAYS, RAW_DAYS_RANGE, problems);
  const historyDays = wholeNumber('HISTORY_DAYS', given('HISTORY_DAYS') ?? HISTORY_DEFAULTS.HISTORY_DAYS, HISTORY_DAYS_RANGE, problems);
  // A refused number is NaN, and NaN compares false: no second problem for it.
  if (historyDays < rawDays)
    problems.push(
      `HISTORY_DAYS="${historyDays}" must be at least HISTORY_RAW_DAYS (${rawDays}): the roll-ups are kept at least as long as the raw samples`,
    );
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, settings: { databasePath, rawDays, historyDays } };
}
