/**
 * The aggregator's topics, all under `AGG_PREFIX` (`P`, default `stats`). For a source `A/+/B`
 * (A and B: zero or more levels) and a member `m`, with `K` the source's key when the entry
 * names one (`:K`), else nothing:
 *
 *   P/A/B/K            the group's mean (plain number; cleared when no member is fresh)
 *   P/A/m/B/K          the member's mean over the period (plain number; cleared when it goes)
 *   P/A/B/K/summary    one JSON: mean, min, max, count, members used, stale, offline
 *   P/alerts/A/m/B/K/<rule>   one alert rule's state for one member (JSON, retained)
 *   P/status           `online`, `offline` (the Last Will), retained
 */
export interface SourceLevels {
  readonly before: readonly string[];
  readonly after: readonly string[];
  readonly key: readonly string[];
  readonly explicitKey: boolean;
}

export const SUMMARY_LEAF = 'summary';
export const ALERTS_LEVEL = 'alerts';
export const STATUS_LEAF = 'status';
/** The leaves a member's availability is read from: `<A>/<m>/status` (the course, ESPHome), Zigbee2MQTT's `availability`, Tasmota's `LWT`. */
export const MEMBER_STATUS_LEAVES = ['status', 'availability', 'LWT'] as const;

const keyLevel = (source: SourceLevels): string[] => (source.explicitKey ? [source.key.join('.')] : []);

export function groupTopic(prefix: string, source: SourceLevels): string {
  return [prefix, ...source.before, ...source.after, ...keyLevel(source)].join('/');
}

export function memberTopic(prefix: string, source: SourceLevels, member: string): string {
  return [prefix, ...source.before, member, ...source.after, ...keyLevel(source)].join('/');
}

export function summaryTopic(prefix: string, source: SourceLevels): string {
  return `${groupTopic(prefix, source)}/${SUMMARY_LEAF}`;
}

export function alertTopic(prefix: string, source: SourceLevels, member: string, ruleId: string): string {
  return [prefix, ALERTS_LEVEL, ...source.before, member, ...source.after, ...keyLevel(source), ruleId].join('/');
}

/** `P/status`: the aggregator's availability, and its Last Will. */
export function aggregatorStatusTopic(prefix: string): string {
  return `${prefix}/${STATUS_LEAF}`;
}

/** The filters that carry the members' availability: `A/+/status`, `A/+/availability`, `A/+/LWT`. */
export function memberStatusFilters(source: Pick<SourceLevels, 'before'>): string[] {
  return MEMBER_STATUS_LEAVES.map((leaf) => [...source.before, '+', leaf].join('/'));
}

/** Home Assistant discovery: `<ha>/<component>/<node>/<object>/config`. */
export function aggregateDiscoveryTopic(haPrefix: string, component: 'sensor' | 'binary_sensor', node: string, object: string): string {
  return [haPrefix, component, node, object, 'config'].join('/');
}

/** Whether `topic` is under `prefix/`: the aggregator's own outputs, never read back. */
export function isUnderPrefix(topic: string, prefix: string): boolean {
  return topic.length > prefix.length && topic.startsWith(prefix) && topic.charCodeAt(prefix.length) === 47;
}
