/** The ranges the page offers, and the URL fragment that remembers the choice (`#7d`). */
export const RANGES = [
  { id: '1h', label: '1 h', ms: 3600_000 },
  { id: '24h', label: '24 h', ms: 24 * 3600_000 },
  { id: '7d', label: '7 d', ms: 7 * 24 * 3600_000 },
  { id: '30d', label: '30 d', ms: 30 * 24 * 3600_000 },
] as const;

export type RangeChoice = (typeof RANGES)[number];

export const DEFAULT_RANGE: RangeChoice = RANGES[1];

export function rangeFromHash(hash: string): RangeChoice {
  const id = hash.replace(/^#/, '');
  return RANGES.find((range) => range.id === id) ?? DEFAULT_RANGE;
}
