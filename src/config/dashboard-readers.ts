import { NO_DATABASE_PLACE } from './database-path.js';
import { DEFAULT_DASHBOARD_HOST, DEFAULT_DASHBOARD_PORT, parseDashboardSettings } from './dashboard-settings.js';
import { HISTORY_DEFAULTS, parseHistorySettings } from './history-settings.js';
import * as z from 'zod/mini';
import { reject } from './fields.js';
import type { ReadContext, Reading } from './row.js';

/**
 * How the dashboard's rows of the settings table are read. The checks are those of
 * parseDashboardSettings and parseHistorySettings (what holds between DASHBOARD_HOST and the
 * password, between HISTORY_DAYS and HISTORY_RAW_DAYS included); each row reports the problems
 * that name its own variable, so each is said once.
 */

type Owner = 'DASHBOARD_HOST' | 'DASHBOARD_PORT' | 'DASHBOARD_PASSWORD' | 'DASHBOARD_DB' | 'HISTORY_RAW_DAYS' | 'HISTORY_DAYS';

/** Which row a problem belongs to: the variable it starts with (the password's file and credential count as the password). */
function ownerOf(problem: string): Owner {
  for (const name of ['DASHBOARD_HOST', 'DASHBOARD_PORT', 'DASHBOARD_DB', 'HISTORY_RAW_DAYS', 'HISTORY_DAYS'] as const)
    if (problem.startsWith(`${name}=`) || problem.startsWith(`${name} `)) return name;
  return 'DASHBOARD_PASSWORD';
}

function mine<V>(owner: Owner, problems: readonly string[], value: () => V, secrets?: readonly (string | undefined)[]): Reading<V> {
  const own = problems.filter((problem) => ownerOf(problem) === owner);
  if (own.length > 0) return { ok: false, problems: own };
  return { ok: true, value: value(), ...(secrets ? { secrets } : {}) };
}

const server = ({ env }: ReadContext) => parseDashboardSettings(env);
const history = ({ env }: ReadContext) => parseHistorySettings(env);

export function readDashboardHost(text: string | undefined, context: ReadContext): Reading<string> {
  const parsed = server(context);
  return parsed.ok
    ? { ok: true, value: parsed.settings.host }
    : mine('DASHBOARD_HOST', parsed.problems, () => (text ?? DEFAULT_DASHBOARD_HOST).trim().replace(/^\[(.*)\]$/, '$1'));
}

export function readDashboardPort(text: string | undefined, context: ReadContext): Reading<number> {
  const parsed = server(context);
  return parsed.ok
    ? { ok: true, value: parsed.settings.port }
    : mine('DASHBOARD_PORT', parsed.problems, () => Number(text ?? DEFAULT_DASHBOARD_PORT));
}

export function readDashboardPassword(_text: string | undefined, context: ReadContext): Reading<string | undefined> {
  const parsed = server(context);
  if (!parsed.ok) return mine('DASHBOARD_PASSWORD', parsed.problems, () => undefined);
  const { password } = parsed.settings;
  if (password === undefined) return { ok: true, value: undefined };
  const source = context.env.DASHBOARD_PASSWORD?.trim()
    ? 'DASHBOARD_PASSWORD'
    : context.env.DASHBOARD_PASSWORD_FILE?.trim()
      ? 'DASHBOARD_PASSWORD_FILE'
      : '$CREDENTIALS_DIRECTORY/dashboard-password';
  return { ok: true, value: password, source, secrets: [password] };
}

/**
 * DASHBOARD_DB, or its default place; '' when no variable says where that is (no HOME): only the
 * dashboard needs a file, and it says so at start (NO_DATABASE_PLACE), so other commands run.
 */
export function readDashboardDb(_text: string | undefined, context: ReadContext): Reading<string> {
  const parsed = history(context);
  if (parsed.ok) return { ok: true, value: parsed.settings.databasePath };
  return mine(
    'DASHBOARD_DB',
    parsed.problems.filter((problem) => problem !== NO_DATABASE_PLACE),
    () => '',
  );
}

export function readRawDays(text: string | undefined, context: ReadContext): Reading<number> {
  const parsed = history(context);
  return parsed.ok
    ? { ok: true, value: parsed.settings.rawDays }
    : mine('HISTORY_RAW_DAYS', parsed.problems, () => Number(text ?? HISTORY_DEFAULTS.HISTORY_RAW_DAYS));
}

export function readHistoryDays(text: string | undefined, context: ReadContext): Reading<number> {
  const parsed = history(context);
  return parsed.ok
    ? { ok: true, value: parsed.settings.historyDays }
    : mine('HISTORY_DAYS', parsed.problems, () => Number(text ?? HISTORY_DEFAULTS.HISTORY_DAYS));
}

/** DASHBOARD_TOPICS: MQTT topic filters separated by ";", each as MQTT allows it; the first problem is said. */
export const topicFilters = z.pipe(
  z.string(),
  z.transform((raw: string, ctx): readonly string[] => {
    const filters = raw.split(';').map((entry) => entry.trim());
    for (const [index, filter] of filters.entries()) {
      const problem = topicFilterProblem(filter);
      if (problem !== undefined) return reject(ctx, `has entry ${index + 1} ${JSON.stringify(filter)} that ${problem}`);
    }
    return [...new Set(filters)];
  }),
);

export const DEFAULT_DASHBOARD_TOPICS = 'exterieur/#;maison/#;stats/#';

function topicFilterProblem(filter: string): string | undefined {
  if (filter === '') return 'is empty: write topic filters separated by ";", like exterieur/#;maison/#;stats/#';
  if (Buffer.byteLength(filter) > 65_535) return 'is longer than MQTT allows (65,535 bytes)';
  const levels = filter.split('/');
  for (const [index, level] of levels.entries()) {
    if (level.includes('#') && (level !== '#' || index !== levels.length - 1))
      return 'has "#" where MQTT does not allow it: "#" is a whole level, and the last one (maison/#)';
    if (level.includes('+') && level !== '+') return 'has "+" inside a level: "+" stands for a whole level (maison/+/temperature)';
  }
  return undefined;
}
