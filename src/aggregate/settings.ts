import { topicPrefixProblem } from '../topics/levels.js';
import { type AlertRule, parseAlerts } from './alert-rules.js';
import { ownOutputProblems } from './own-outputs.js';
import type { Qos } from './ports.js';
import { parseSources, type Source } from './sources.js';

/**
 * `owm2mqtt aggregate`'s settings, checked together (alerts against sources, sources against the prefix).
 * Their rows are in the settings table (src/config/settings.ts, section `aggregate`), which hands their
 * text over; src/commands/aggregate.ts calls this on it.
 */
export interface AggregateSettings {
  readonly sources: readonly Source[];
  readonly periodMs: number;
  readonly prefix: string;
  readonly qos: Qos;
  readonly retain: boolean;
  readonly maxMembers: number;
  /** `AGG_STALE_S` in ms; undefined for `auto`. */
  readonly staleMs: number | undefined;
  readonly alerts: readonly AlertRule[];
}

export type AggregateSettingsResult = { ok: true; settings: AggregateSettings } | { ok: false; problems: string[] };

/** Each setting: its default (empty: none) and its one line for `aggregate --help`. */
export const AGGREGATE_SETTINGS = [
  {
    name: 'AGG_SOURCES',
    default: 'maison/+/temperature;maison/+/humidity;exterieur/+/temperature',
    help: 'topic filters to average, ";"-separated; the "+" level names the member; optional :key and @staleness',
  },
  { name: 'AGG_PERIOD_S', default: '60', help: 'seconds between publishes, aligned to the clock, 1-86400' },
  { name: 'AGG_PREFIX', default: 'stats', help: 'first level(s) of every topic the aggregator publishes' },
  { name: 'AGG_QOS', default: '1', help: 'QoS of every publish: 0, 1 or 2' },
  { name: 'AGG_RETAIN', default: 'true', help: 'retain the means and summaries (alerts and status always are)' },
  { name: 'AGG_MAX_MEMBERS', default: '1000', help: 'most members followed at once, all sources together, 1-100000' },
  {
    name: 'AGG_STALE_S',
    default: 'auto',
    help: 'seconds without a message before a member leaves the mean, or auto (3 intervals, 30 s to 1 h)',
  },
  { name: 'ALERTS', default: '', help: 'alert rules, ";"-separated: source>25~0.5 for 2m' },
] as const;

type Name = (typeof AGGREGATE_SETTINGS)[number]['name'];

const TRUE = ['true', 'yes', 'on', '1'];
const FALSE = ['false', 'no', 'off', '0'];

export function parseAggregateSettings(env: Readonly<Record<string, string | undefined>>): AggregateSettingsResult {
  const problems: string[] = [];
  const read = (name: Name): string => {
    const value = env[name]?.trim() ?? '';
    return value === '' ? AGGREGATE_SETTINGS.find((s) => s.name === name)!.default : value;
  };
  const whole = (name: Name, min: number, max: number): number => {
    const text = read(name);
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (value >= min && value <= max) return value;
    problems.push(`${name}="${text}" must be a whole number from ${min} to ${max}`);
    return min;
  };

  const periodS = whole('AGG_PERIOD_S', 1, 86_400);
  const maxMembers = whole('AGG_MAX_MEMBERS', 1, 100_000);

  const prefix = read('AGG_PREFIX');
  const prefixProblem = topicPrefixProblem(prefix);
  if (prefixProblem) problems.push(`AGG_PREFIX="${prefix}" ${prefixProblem}; use levels like stats or home/stats`);

  const qosText = read('AGG_QOS');
  if (!['0', '1', '2'].includes(qosText)) problems.push(`AGG_QOS="${qosText}" must be 0, 1 or 2`);

  const retainText = read('AGG_RETAIN').toLowerCase();
  if (!TRUE.includes(retainText) && !FALSE.includes(retainText))
    problems.push(`AGG_RETAIN="${read('AGG_RETAIN')}" must be true or false (also accepted: yes/no, on/off, 1/0)`);

  const staleText = read('AGG_STALE_S');
  let staleMs: number | undefined;
  if (staleText.toLowerCase() !== 'auto') {
    const seconds = /^\d+$/.test(staleText) ? Number(staleText) : Number.NaN;
    if (seconds >= 1 && seconds <= 604_800) staleMs = seconds * 1000;
    else problems.push(`AGG_STALE_S="${staleText}" must be auto or a whole number of seconds from 1 to 604800`);
  }

  const parsed = parseSources(read('AGG_SOURCES'));
  let alerts: AlertRule[] = [];
  if (!parsed.ok) problems.push(...parsed.problems);
  else {
    if (!prefixProblem) problems.push(...ownOutputProblems(parsed.sources, prefix));
    const rules = parseAlerts(env.ALERTS ?? '', parsed.sources);
    if (rules.ok) alerts = rules.rules;
    else problems.push(...rules.problems);
  }

  if (problems.length > 0 || !parsed.ok) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      sources: parsed.sources,
      periodMs: periodS * 1000,
      prefix,
      qos: Number(qosText) as Qos,
      retain: TRUE.includes(retainText),
      maxMembers,
      staleMs,
      alerts,
    },
  };
}
