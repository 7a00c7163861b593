/** Pure checks on MQTT topic levels we build, so no configuration can publish to a wildcard or a system topic. */

export const RESERVED_LEVELS = ['bridge'] as const;

/** Why `level` cannot be one topic level, or undefined when it can. */
export function topicLevelProblem(level: string): string | undefined {
  if (level.length === 0) return 'is empty';
  if (/[/+#]/.test(level)) return 'contains "/", "+" or "#" (MQTT separators and wildcards)';
  if (level.includes('\0')) return 'contains a NUL character';
  if (level.startsWith('$')) return 'starts with "$" (reserved for broker topics such as $SYS)';
  if (level !== level.trim()) return 'has leading or trailing spaces';
  if (Buffer.byteLength(level, 'utf8') > 256) return 'is longer than 256 bytes';
  return undefined;
}

/** Why `prefix` cannot be the first topic levels (it may hold several, `home/weather`), or undefined. */
export function topicPrefixProblem(prefix: string): string | undefined {
  if (prefix.length === 0) return 'is empty';
  for (const level of prefix.split('/')) {
    const problem = topicLevelProblem(level);
    if (problem) return level.length === 0 ? 'has an empty level (a leading, trailing or double "/")' : `has a level "${level}" that ${problem}`;
  }
  return undefined;
}

export function topic(...levels: string[]): string {
  return levels.join('/');
}
