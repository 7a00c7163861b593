import { topicLevelProblem } from '../topics/levels.js';
import { formatDuration, parseDuration } from './durations.js';

/**
 * `AGG_SOURCES`: entries separated by `;`, each a topic filter with exactly one `+` level (the
 * member: a room, a city, a device), then optionally `:key` (the JSON key to read, `a.b` for a
 * nested one) and `@90s` (this source's staleness limit), in that order, in the last level (the key
 * starts at its last `:`):
 *
 *     maison/+/temperature;zigbee2mqtt/+:temperature@10m;tele/+/SENSOR:AM2301.Temperature
 *
 * Without `:key`, the key is the filter's last level (`temperature` for `maison/+/temperature`).
 */
export interface Source {
  /** The entry as written, for messages. */
  readonly entry: string;
  /** What `ALERTS` names it by: the filter, and `:key` when one is given. */
  readonly name: string;
  /** The topic filter subscribed to. */
  readonly filter: string;
  /** The filter's levels before and after the member's `+`. */
  readonly before: readonly string[];
  readonly after: readonly string[];
  /** The JSON key's path (`['AM2301', 'Temperature']`), as written. */
  readonly key: readonly string[];
  /** True when the entry names its key (`:key`): the key is then a level of the output topics. */
  readonly explicitKey: boolean;
  /** The key's last step in lower case: what the quantity table is read by. */
  readonly quantity: string;
  /** The staleness limit the entry sets (`@90s`), or undefined for `AGG_STALE_S`. */
  readonly staleMs: number | undefined;
}

export type SourcesResult = { ok: true; sources: Source[] } | { ok: false; problems: string[] };

const EXAMPLE = 'maison/+/temperature';

function filterProblem(levels: readonly string[]): string | undefined {
  if (levels.includes('#'))
    return `a source reads one level per member and no "#": write its "+" level and the levels after it, like ${EXAMPLE}`;
  const members = levels.filter((level) => level === '+').length;
  if (members === 0) return `has no "+" level: write the level that names the member (the room, the device) as "+", like ${EXAMPLE}`;
  if (members > 1) return `has ${members} "+" levels: exactly one names the member; write the others out, like ${EXAMPLE}`;
  for (const level of levels) {
    if (level === '+') continue;
    if (level.length === 0) return 'has an empty level (a leading, trailing or double "/")';
    const problem = topicLevelProblem(level);
    if (problem) return `has a level "${level}" that ${problem}`;
  }
  return undefined;
}

function keyProblem(key: string): string | undefined {
  if (key.length === 0) return 'has an empty key after ":" (write the JSON key, like zigbee2mqtt/+:temperature)';
  if (key.split('.').some((step) => step.length === 0)) return `has an empty step in the key "${key}" (a nested key is written a.b)`;
  const problem = topicLevelProblem(key);
  return problem ? `has a key "${key}" that ${problem}` : undefined;
}

function parseEntry(entry: string): { source: Source } | { problem: string } {
  const slash = entry.lastIndexOf('/');
  const at = entry.indexOf('@', slash + 1);
  let staleMs: number | undefined;
  let rest = entry;
  if (at !== -1) {
    const duration = parseDuration(entry.slice(at + 1));
    if ('problem' in duration) return { problem: `has a bad staleness after "@": ${duration.problem}` };
    staleMs = duration.ms;
    rest = entry.slice(0, at);
  }
  // The last `:` of the last level: Shelly Gen2's `temperature:0` level is written `…/temperature:0:tC`.
  const colon = rest.lastIndexOf(':');
  const keyed = colon > slash;
  const filter = keyed ? rest.slice(0, colon) : rest;
  const levels = filter.split('/');
  const problem = filterProblem(levels);
  if (problem) return { problem };
  const member = levels.indexOf('+');
  const last = levels.at(-1)!;
  let keyText: string;
  if (keyed) {
    keyText = rest.slice(colon + 1);
    const bad = keyProblem(keyText);
    if (bad) return { problem: bad };
  } else if (last === '+') {
    return { problem: `ends with the member's "+", so there is no level to name the value: add its JSON key, like ${filter}:temperature` };
  } else keyText = last;
  const key = keyText.split('.');
  return {
    source: {
      entry,
      name: keyed ? `${filter}:${keyText}` : filter,
      filter,
      before: levels.slice(0, member),
      after: levels.slice(member + 1),
      key,
      explicitKey: keyed,
      quantity: key.at(-1)!.toLowerCase(),
      staleMs,
    },
  };
}

export function parseSources(value: string, variable = 'AGG_SOURCES'): SourcesResult {
  const problems: string[] = [];
  const sources: Source[] = [];
  value.split(';').forEach((raw, index) => {
    const entry = raw.trim();
    const where = `${variable} entry ${index + 1}`;
    if (entry.length === 0) {
      problems.push(`${where} is empty (entries are separated by a single ";")`);
      return;
    }
    const parsed = parseEntry(entry);
    if ('problem' in parsed) {
      problems.push(`${where} "${entry}" ${parsed.problem}`);
      return;
    }
    const same = sources.find((other) => other.name === parsed.source.name);
    if (same) {
      problems.push(`${where} "${entry}" reads the same values as "${same.entry}": keep one of them`);
      return;
    }
    sources.push(parsed.source);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, sources };
}

/** The member a topic's levels name for this source, or undefined when the topic is not the source's. */
export function memberOf(source: Source, levels: readonly string[]): string | undefined {
  const { before, after } = source;
  const offset = before.length + 1;
  if (levels.length !== offset + after.length) return undefined;
  if (!before.every((level, i) => levels[i] === level) || !after.every((level, i) => levels[offset + i] === level)) return undefined;
  return levels[before.length];
}

/** The entry written back from its parts: `maison/+/temperature:value@90s`. */
export function sourceText(source: Source): string {
  return source.staleMs === undefined ? source.name : `${source.name}@${formatDuration(source.staleMs)}`;
}
