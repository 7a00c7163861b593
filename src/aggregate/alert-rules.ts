import { formatDuration, parseDuration } from './durations.js';
import { quantityLimits } from '../quantities/plausible-ranges.js';
import type { Source } from './sources.js';

/**
 * `ALERTS`: rules separated by `;`, each `<source><op><threshold>[~<hysteresis>][ for <duration>]`:
 *
 *     maison/+/temperature>25~0.5 for 2m;maison/+/temperature<16;exterieur/+/wind_gust>=15
 *
 * `<source>` is an `AGG_SOURCES` entry as written there without its `@` (`zigbee2mqtt/+:temperature`);
 * `<op>` is `>`, `>=`, `<` or `<=`. Each member of the source gets its own alert: raised when its
 * value meets the condition for the whole duration (default: at once), cleared when the value is
 * back past the threshold by the hysteresis (default: the quantity's, 0.5 for a temperature) for
 * the whole duration too.
 */
export type Comparison = '>' | '>=' | '<' | '<=';

export interface AlertRule {
  readonly entry: string;
  readonly source: Source;
  readonly op: Comparison;
  readonly threshold: number;
  readonly hysteresis: number;
  readonly forMs: number;
  /** Its topic level: `gt_25`, `ge_15`, `lt_16`, `le_-5.5`. */
  readonly id: string;
}

export type AlertRulesResult = { ok: true; rules: AlertRule[] } | { ok: false; problems: string[] };

const OP_NAMES: Readonly<Record<Comparison, string>> = { '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le' };
const NUMBER = /^[+-]?\d+(?:\.\d+)?$/;
const EXAMPLE = 'maison/+/temperature>25~0.5 for 2m';

function parseRule(entry: string, sources: readonly Source[]): { rule: AlertRule } | { problem: string } {
  const comparison = /(>=|<=|>|<)/.exec(entry);
  if (!comparison) return { problem: `has no comparison: write the source, then >, >=, < or <=, then the threshold, like ${EXAMPLE}` };
  const op = comparison[1] as Comparison;
  const sourceName = entry.slice(0, comparison.index).trim();
  let rest = entry.slice(comparison.index + op.length).trim();
  const source = sources.find((s) => s.name === sourceName);
  if (!source) {
    const known = sources.map((s) => s.name).join(', ');
    return { problem: `reads "${sourceName}", which is not an AGG_SOURCES entry (${known}): add it to AGG_SOURCES, or name one of those` };
  }
  let forMs = 0;
  const forMatch = /\s+for\s+(\S*)$/.exec(rest);
  if (forMatch) {
    const duration = parseDuration(forMatch[1]!);
    if ('problem' in duration) return { problem: `has a bad minimum duration after "for": ${duration.problem}` };
    forMs = duration.ms;
    rest = rest.slice(0, forMatch.index);
  }
  const [thresholdText, hysteresisText, ...extra] = rest.split('~').map((part) => part.trim());
  if (extra.length > 0) return { problem: `has more than one "~": write one hysteresis, like ${EXAMPLE}` };
  if (!NUMBER.test(thresholdText!))
    return {
      problem: `has a threshold "${thresholdText}" that is not a number: write it like 25 or -5.5 (then ~hysteresis and " for 2m" if wanted)`,
    };
  const threshold = Number(thresholdText);
  let hysteresis = quantityLimits(source.quantity).hysteresis;
  if (hysteresisText !== undefined) {
    if (!/^\d+(?:\.\d+)?$/.test(hysteresisText))
      return { problem: `has a hysteresis "${hysteresisText}" that is not a number of 0 or more: write it after "~", like >25~0.5` };
    hysteresis = Number(hysteresisText);
  }
  return { rule: { entry, source, op, threshold, hysteresis, forMs, id: `${OP_NAMES[op]}_${threshold}` } };
}

export function parseAlerts(value: string, sources: readonly Source[], variable = 'ALERTS'): AlertRulesResult {
  if (value.trim().length === 0) return { ok: true, rules: [] };
  const problems: string[] = [];
  const rules: AlertRule[] = [];
  value.split(';').forEach((raw, index) => {
    const entry = raw.trim();
    const where = `${variable} entry ${index + 1}`;
    if (entry.length === 0) {
      problems.push(`${where} is empty (entries are separated by a single ";")`);
      return;
    }
    const parsed = parseRule(entry, sources);
    if ('problem' in parsed) {
      problems.push(`${where} "${entry}" ${parsed.problem}`);
      return;
    }
    const same = rules.find((other) => other.source === parsed.rule.source && other.id === parsed.rule.id);
    if (same) {
      problems.push(`${where} "${entry}" has the same source, comparison and threshold as "${same.entry}": keep one of them`);
      return;
    }
    rules.push(parsed.rule);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rules };
}

/** The rule written back in full, defaults included: `maison/+/temperature>25~0.5 for 2m`. */
export function ruleText(rule: AlertRule): string {
  const duration = rule.forMs > 0 ? ` for ${formatDuration(rule.forMs)}` : '';
  return `${rule.source.name}${rule.op}${rule.threshold}~${rule.hysteresis}${duration}`;
}
