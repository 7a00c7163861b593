/**
 * The topic contract: every topic the program publishes, subscribes to or reads back is built
 * (or taken apart) here, from the leaves in ./leaves.ts. `P` is `TOPIC_PREFIX`, `L` a location's
 * level, `HA` `HA_DISCOVERY_PREFIX`; docs/topics.md says what each topic holds.
 */
import { BRIDGE_LEVEL, HA_CONFIG_LEAF, HA_SENSOR_LEVEL, HA_STATUS_LEAF, OBSERVED_AT_LEAF, PURGE_LEAF, STATUS_LEAF } from './leaves.js';
import { topic } from './levels.js';

/** MQTT's single-level wildcard, in the filters below. */
const ANY = '+';

/** The payloads of `P/bridge/status`, always retained: the daemon's Last Will is `offline`. */
export const BRIDGE_STATUS = { online: 'online', offline: 'offline' } as const;
export type BridgeStatus = (typeof BRIDGE_STATUS)[keyof typeof BRIDGE_STATUS];

/** What Home Assistant publishes on `HA/status` when it starts (its birth message): time to announce again. */
export const HA_ONLINE = 'online';

/** `P/L/<leaf>`: a quantity, `state`, `last_success` or `errors` of one location. */
export function locationTopic(prefix: string, level: string, leaf: string): string {
  return topic(prefix, level, leaf);
}

/** `P/L/`: the start of every topic of one location. */
export function locationTopicsStart(prefix: string, level: string): string {
  return topic(prefix, level, '');
}

/** `P/L/observed_at`: the observation time the broker holds for a location. */
export function observedAtTopic(prefix: string, level: string): string {
  return locationTopic(prefix, level, OBSERVED_AT_LEAF);
}

/** `P/+/observed_at`: every location's observation time, read back before publishing. */
export function observedAtFilter(prefix: string): string {
  return observedAtTopic(prefix, ANY);
}

/** `P/+/+`: every leaf of every location (and the bridge's own topics), as `--purge` reads them. */
export function leavesFilter(prefix: string): string {
  return topic(prefix, ANY, ANY);
}

/** `P/#`: everything under the prefix, as `watch` shows it. */
export function everythingFilter(prefix: string): string {
  return topic(prefix, '#');
}

/** `P/bridge/status`: `online` / `offline`. */
export function statusTopic(prefix: string): string {
  return topic(prefix, BRIDGE_LEVEL, STATUS_LEAF);
}

/** `P/bridge/purge`: `--purge`'s barrier, published not retained after subscribing. */
export function purgeBarrierTopic(prefix: string): string {
  return topic(prefix, BRIDGE_LEVEL, PURGE_LEAF);
}

/** The last level of a topic: the leaf of `P/L/<leaf>`. */
export function leafOf(t: string): string {
  return t.slice(t.lastIndexOf('/') + 1);
}

/** `P/<level>/<leaf>` taken apart; undefined for a topic outside the prefix or at another depth. */
export function splitUnderPrefix(prefix: string, t: string): { level: string; leaf: string } | undefined {
  if (!t.startsWith(`${prefix}/`)) return undefined;
  const levels = t.slice(prefix.length + 1).split('/');
  if (levels.length !== 2) return undefined;
  const [level, leaf] = levels as [string, string];
  return { level, leaf };
}

/** Whether a level under the prefix holds the bridge's own topics, not a location's. */
export function isBridgeLevel(level: string): boolean {
  return level === BRIDGE_LEVEL;
}

/** Whether `P/<level>/<leaf>` is `P/bridge/status`. */
export function isStatus(level: string, leaf: string): boolean {
  return isBridgeLevel(level) && leaf === STATUS_LEAF;
}

/** `HA/sensor/<node>/<leaf>/config`: the discovery config of one Home Assistant entity. */
export function discoveryTopic(haPrefix: string, node: string, leaf: string): string {
  return topic(haPrefix, HA_SENSOR_LEVEL, node, leaf, HA_CONFIG_LEAF);
}

/** `HA/sensor/+/+/config`: every sensor's discovery config, as `--purge` reads them. */
export function discoveryFilter(haPrefix: string): string {
  return discoveryTopic(haPrefix, ANY, ANY);
}

/** Whether a topic may be a discovery config under `HA/` (`--purge` then reads its state topic). */
export function isDiscoveryTopic(haPrefix: string, t: string): boolean {
  return t.startsWith(`${haPrefix}/`) && t.endsWith(`/${HA_CONFIG_LEAF}`);
}

/** `HA/status`: Home Assistant's `online` when it (re)starts. */
export function homeAssistantStatusTopic(haPrefix: string): string {
  return topic(haPrefix, HA_STATUS_LEAF);
}
