import type { Config } from '../config/index.js';
import { LOCATION_QUANTITIES } from '../quantities/location.js';
import { isBridgeLevel, isDiscoveryTopic, splitUnderPrefix } from '../topics/contract.js';
import { splitForecastTopic } from '../topics/forecast.js';
import { ERRORS_LEAF, LAST_SUCCESS_LEAF, OBSERVED_AT_LEAF, STATE_LEAF } from '../topics/leaves.js';

/** Every leaf owm2mqtt publishes under `P/L/`. */
const OUR_LEAVES = new Set(LOCATION_QUANTITIES.map((q) => q.name).concat(STATE_LEAF, LAST_SUCCESS_LEAF, ERRORS_LEAF));

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
  const configured = new Set(config.owm.locations.map((l) => l.level));
  const split = (t: string | undefined): { level: string; leaf: string } | undefined => {
    if (t === undefined) return undefined;
    const parts = splitUnderPrefix(config.topicPrefix, t);
    if (parts && OUR_LEAVES.has(parts.leaf)) return parts;
    // The forecast's topics (`P/L/forecast`, `P/L/forecast/<group>/<q>`) go with their location.
    const forecast = splitForecastTopic(config.topicPrefix, t);
    return forecast ? { level: forecast.level, leaf: forecast.leaf ?? '' } : undefined;
  };
  const ourLevels = new Set<string>();
  for (const t of retained.keys()) {
    const parts = split(t);
    if (parts && (parts.leaf === LAST_SUCCESS_LEAF || parts.leaf === OBSERVED_AT_LEAF)) ourLevels.add(parts.level);
  }
  const gone = (level: string) => !isBridgeLevel(level) && !configured.has(level);
  const stale: string[] = [];
  for (const [t, payload] of retained) {
    const isConfig = isDiscoveryTopic(config.homeAssistant.prefix, t);
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
