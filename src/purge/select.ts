import type { Config } from '../config/index.js';
import { AIR_QUANTITIES, QUANTITIES } from '../quantities/tables.js';
import { ERRORS_LEAF, LAST_SUCCESS_LEAF, STATE_LEAF } from '../topics/bridge.js';

/** Every leaf owm2mqtt publishes under `P/L/`. */
const OUR_LEAVES = new Set([...QUANTITIES, ...AIR_QUANTITIES].map((q) => q.name).concat(STATE_LEAF, LAST_SUCCESS_LEAF, ERRORS_LEAF));

/**
 * Pure: which retained topics belong to locations that are no longer configured.
 * Only `P/L/<one of our leaves>` counts, and only for a level that holds a
 * retained `last_success` or `observed_at` (so it is one of ours, not another
 * device's `P/livingroom/temperature`). A discovery config counts only when
 * owm2mqtt made it and its state topic is exactly such a topic.
 */
export function staleTopics(
  retained: ReadonlyMap<string, string>,
  config: Pick<Config, 'topicPrefix' | 'owm' | 'homeAssistant'>,
): string[] {
  const prefix = `${config.topicPrefix}/`;
  const configured = new Set(config.owm.locations.map((l) => l.level));
  const split = (t: string | undefined): { level: string; leaf: string } | undefined => {
    if (t === undefined || !t.startsWith(prefix)) return undefined;
    const rest = t.slice(prefix.length).split('/');
    return rest.length === 2 && OUR_LEAVES.has(rest[1]!) ? { level: rest[0]!, leaf: rest[1]! } : undefined;
  };
  const ourLevels = new Set<string>();
  for (const t of retained.keys()) {
    const parts = split(t);
    if (parts && (parts.leaf === LAST_SUCCESS_LEAF || parts.leaf === 'observed_at')) ourLevels.add(parts.level);
  }
  const gone = (level: string) => level !== 'bridge' && !configured.has(level);
  const stale: string[] = [];
  for (const [t, payload] of retained) {
    const isConfig = t.startsWith(`${config.homeAssistant.prefix}/`) && t.endsWith('/config');
    // A config owm2mqtt made is evidence enough; a value needs its level to look like ours.
    const parts = split(isConfig ? ownStateTopic(payload) : t);
    if (parts && gone(parts.level) && (isConfig || ourLevels.has(parts.level))) stale.push(t);
  }
  return stale.sort();
}

/** The state topic of a discovery config owm2mqtt published, else undefined. */
function ownStateTopic(payload: string): string | undefined {
  let config: { origin?: { name?: unknown }; state_topic?: unknown } | null | undefined;
  try {
    config = JSON.parse(payload) as typeof config;
  } catch {
    // Not JSON: not a config of ours.
  }
  return config?.origin?.name === 'owm2mqtt' && typeof config.state_topic === 'string' ? config.state_topic : undefined;
}
