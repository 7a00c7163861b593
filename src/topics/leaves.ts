/**
 * Every topic level the program writes itself, apart from the prefixes (`TOPIC_PREFIX`,
 * `HA_DISCOVERY_PREFIX`), the location levels and the quantity names (src/quantities/). Only
 * src/topics/ spells them; test/topics/leaves-in-source.test.ts holds every other file to it.
 */

/** `P/bridge/…`: the bridge's own topics, a level no location may take (`RESERVED_LEVELS`). */
export const BRIDGE_LEVEL = 'bridge';
/** `P/bridge/status`: `online` / `offline`. */
export const STATUS_LEAF = 'status';
/** `P/bridge/purge`: the barrier `--purge` publishes (not retained) to know the retained messages have all come. */
export const PURGE_LEAF = 'purge';

/** `P/L/state`: every quantity of a location in one JSON object. */
export const STATE_LEAF = 'state';
/** `P/L/last_success`: when the bridge last fetched and published this location (ISO 8601 UTC). */
export const LAST_SUCCESS_LEAF = 'last_success';
/** `P/L/errors`: how many polls in a row have failed for this location (0 after a success). */
export const ERRORS_LEAF = 'errors';
/** `P/L/observed_at`: when OWM measured; a weather quantity, and what is read back so no older observation replaces it. */
export const OBSERVED_AT_LEAF = 'observed_at';

/** `<HA prefix>/sensor/<node>/<leaf>/config`: Home Assistant's discovery topics for an MQTT sensor. */
export const HA_SENSOR_LEVEL = 'sensor';
export const HA_CONFIG_LEAF = 'config';
/** `<HA prefix>/status`: Home Assistant's own `online` / `offline`. */
export const HA_STATUS_LEAF = 'status';

/** `P/L/forecast`, `P/L/forecast/<N>h/<q>`, `P/L/forecast/{today,tomorrow}/<q>` (./forecast.ts). */
export const FORECAST_LEVEL = 'forecast';
export const TODAY_LEVEL = 'today';
export const TOMORROW_LEVEL = 'tomorrow';

/** Every leaf above, for the test that no other file spells one. */
export const CONTRACT_LEAVES: readonly string[] = [
  BRIDGE_LEVEL,
  STATUS_LEAF,
  PURGE_LEAF,
  STATE_LEAF,
  LAST_SUCCESS_LEAF,
  ERRORS_LEAF,
  OBSERVED_AT_LEAF,
  HA_SENSOR_LEVEL,
  HA_CONFIG_LEAF,
  HA_STATUS_LEAF,
  FORECAST_LEVEL,
  TODAY_LEVEL,
  TOMORROW_LEVEL,
];
