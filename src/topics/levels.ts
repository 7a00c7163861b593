/** Pure checks on MQTT topic levels we build, so no configuration can publish to a wildcard or a system topic. */
import { BRIDGE_LEVEL } from './leaves.js';

/** Levels under the prefix that no location may take: the bridge's own topics are there. */
export const RESERVED_LEVELS = [BRIDGE_LEVEL] as const;

/** The longest topic level we build from configuration (an alias, a slug, a level of the prefix). */
export const MAX_LEVEL_BYTES = 256;

/** Why `level` cannot be one topic level, or undefined when it can. */
export function topicLevelProblem(level: string): string | undefined {
  if (level.length === 0) return 'is empty';
  if (/[/+#]/.test(level)) return 'contains "/", "+" or "#" (MQTT separators and wildcards)';
  if (level.includes('\0')) return 'contains a NUL character';
  // MQTT strings must be well-formed UTF-8 without control characters or noncharacters; Mosquitto drops the connection otherwise.
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(level))
    return 'is not well-formed Unicode (a lone surrogate)';
  if (/[\u0001-\u001f\u007f-\u009f]/.test(level)) return 'contains a control character (a tab, a newline…)';
  if ([...level].some((c) => isNoncharacter(c.codePointAt(0)!))) return 'contains a Unicode noncharacter (U+FDD0–U+FDEF, U+FFFE, U+FFFF…)';
  if (level.startsWith('$')) return 'starts with "$" (reserved for broker topics such as $SYS)';
  if (level !== level.trim()) return 'has leading or trailing spaces';
  if (Buffer.byteLength(level) > MAX_LEVEL_BYTES) return `is longer than ${MAX_LEVEL_BYTES} bytes`;
  return undefined;
}

function isNoncharacter(codePoint: number): boolean {
  return (codePoint >= 0xfdd0 && codePoint <= 0xfdef) || (codePoint & 0xfffe) === 0xfffe;
}

/** Leaves room under the prefix for a location level (≤ 256 bytes) and a leaf, within MQTT's 65,535-byte topics. */
export const MAX_PREFIX_BYTES = 1024;

/** Why `prefix` cannot be the first topic levels (it may hold several, `home/weather`), or undefined. */
export function topicPrefixProblem(prefix: string): string | undefined {
  if (prefix.length === 0) return 'is empty';
  if (Buffer.byteLength(prefix) > MAX_PREFIX_BYTES) return `is longer than ${MAX_PREFIX_BYTES} bytes`;
  for (const level of prefix.split('/')) {
    const problem = topicLevelProblem(level);
    if (problem)
      return level.length === 0 ? 'has an empty level (a leading, trailing or double "/")' : `has a level "${level}" that ${problem}`;
  }
  return undefined;
}

export function topic(...levels: string[]): string {
  return levels.join('/');
}
