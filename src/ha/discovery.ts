import { createHash } from 'node:crypto';
import type { Config } from '../config/index.js';
import { slugify, type Location } from '../owm/locations.js';
import type { Message } from '../core/message.js';
import type { Units } from '../core/units.js';
import { locationQuantities } from '../quantities/location.js';
import { type AnyQuantity, unitIn } from '../quantities/quantity.js';
import { scheduleLoad } from '../schedule/load.js';
import { BRIDGE_STATUS, discoveryTopic, locationTopic, statusTopic } from '../topics/contract.js';
import { ERRORS_LEAF, FORECAST_LEVEL, LAST_SUCCESS_LEAF } from '../topics/leaves.js';
import { DAY_LEVELS, forecastQuantityTopic, horizonLevel } from '../topics/forecast.js';
import { FORECAST_DAY_QUANTITIES, FORECAST_STEP_QUANTITIES } from '../quantities/forecast.js';

/**
 * Home Assistant MQTT discovery, derived from the quantity table: one device
 * per location, one `sensor` per quantity (plus `last_success` and `errors` as
 * diagnostics), retained under `<HA prefix>/sensor/<node>/<quantity>/config`.
 * The state topics are the plain contract topics, unchanged.
 */
export interface DiscoverySettings {
  readonly haPrefix: string;
  readonly topicPrefix: string;
  readonly units: Units;
  readonly qos: Config['mqtt']['qos'];
  /** Seconds after which Home Assistant shows a value as unavailable if nothing new came. */
  readonly expireAfterSeconds: number;
  readonly version: string;
  /** Announce the air quality entities too (OWM_AIR_QUALITY=true). */
  readonly airQuality?: boolean;
  /** Announce the forecast's entities for these horizons, and today's and tomorrow's (OWM_FORECAST=true). */
  readonly forecastHours?: readonly number[];
}

interface Entity {
  readonly leaf: string;
  readonly name: string;
  readonly deviceClass?: string;
  readonly stateClass?: string;
  readonly unit?: string;
  readonly diagnostic?: boolean;
  /** The levels of its state topic after `P/L/` when they are not its leaf alone (the forecast's). */
  readonly path?: readonly string[];
  /**
   * No `expire_after`: a forecast topic is published when it changes, and may rightly stay the same
   * for days (a dry week's precipitation); it is cleared, not left stale, once its steps are past.
   */
  readonly keeps?: boolean;
}

const ORIGIN_URL = 'https://github.com/owm2mqtt/owm2mqtt';

/** `wind_speed` → `Wind speed`. */
function label(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function entityOf(quantity: AnyQuantity, units: Units): Entity {
  return {
    leaf: quantity.name,
    name: quantity.label ?? label(quantity.name),
    deviceClass: quantity.deviceClass,
    stateClass: quantity.stateClass,
    unit: unitIn(quantity.unit, units),
  };
}

function forecastEntities(units: Units, hours: readonly number[]): Entity[] {
  const group = (level: string, title: string, quantities: readonly AnyQuantity[]) =>
    quantities.map((q): Entity => {
      const entity = entityOf(q, units);
      return {
        ...entity,
        leaf: `${FORECAST_LEVEL}_${level}_${q.name}`,
        name: `Forecast ${title} ${entity.name.toLowerCase()}`,
        path: [FORECAST_LEVEL, level, q.name],
        keeps: true,
      };
    });
  return [
    ...hours.flatMap((n) => group(horizonLevel(n), `${n} h`, FORECAST_STEP_QUANTITIES)),
    ...DAY_LEVELS.flatMap((day) => group(day, day, FORECAST_DAY_QUANTITIES)),
  ];
}

export function entities(units: Units, airQuality = false, forecastHours?: readonly number[]): Entity[] {
  return [
    ...locationQuantities(airQuality).map((q) => entityOf(q, units)),
    ...(forecastHours ? forecastEntities(units, forecastHours) : []),
    { leaf: LAST_SUCCESS_LEAF, name: 'Last success', deviceClass: 'timestamp', diagnostic: true },
    { leaf: ERRORS_LEAF, name: 'Failed polls', stateClass: 'measurement', diagnostic: true },
  ];
}

/**
 * A node id per location, as discovery topics allow it (`[a-zA-Z0-9_-]`), that
 * depends on its topic level alone (so `unique_id`s never change when other
 * locations come and go): the level itself when it is already a slug, else its
 * slug and a short hash of the level (`Home Office` and `home-office` differ).
 */
export function nodeId(level: string): string {
  const slug = slugify(level);
  if (slug === level) return `owm2mqtt_${slug.replace(/-/g, '_')}`;
  const hash = createHash('sha256').update(level).digest('hex').slice(0, 8);
  return `owm2mqtt_${slug === '' ? hash : `${slug.replace(/-/g, '_')}_${hash}`}`;
}

export function nodeIds(locations: readonly Location[]): Map<string, string> {
  return new Map(locations.map((location) => [location.level, nodeId(location.level)]));
}

/** Every discovery config for every location: retained, at the configured QoS. */
export function discoveryMessages(locations: readonly Location[], settings: DiscoverySettings): Message[] {
  const nodes = nodeIds(locations);
  const availability = statusTopic(settings.topicPrefix);
  return locations.flatMap((location) => {
    const node = nodes.get(location.level)!;
    const device = {
      identifiers: [node],
      name: `Weather ${location.level}`,
      manufacturer: 'OpenWeatherMap',
      model: `Current weather (${location.entry})`,
      sw_version: settings.version,
    };
    return entities(settings.units, settings.airQuality, settings.forecastHours).map((entity): Message => {
      const id = `${node}_${entity.leaf}`;
      const config: Record<string, unknown> = {
        name: entity.name,
        unique_id: id,
        default_entity_id: `sensor.${id}`,
        state_topic: entity.path
          ? forecastQuantityTopic(settings.topicPrefix, location.level, entity.path[1]!, entity.path[2]!)
          : locationTopic(settings.topicPrefix, location.level, entity.leaf),
        availability_topic: availability,
        payload_available: BRIDGE_STATUS.online,
        payload_not_available: BRIDGE_STATUS.offline,
        qos: settings.qos,
        device,
        origin: { name: 'owm2mqtt', sw_version: settings.version, support_url: ORIGIN_URL },
        // JSON leaves out what is undefined: an entity without a class or a unit has no such key.
        device_class: entity.deviceClass,
        state_class: entity.stateClass,
        unit_of_measurement: entity.unit,
      };
      if (entity.diagnostic) config.entity_category = 'diagnostic';
      else if (!entity.keeps) config.expire_after = settings.expireAfterSeconds;
      return {
        topic: discoveryTopic(settings.haPrefix, node, entity.leaf),
        payload: JSON.stringify(config),
        retain: true,
        qos: settings.qos,
        json: true,
        persistent: true,
      };
    });
  });
}

/**
 * How long a value may go without a new message: three of the schedule's
 * longest gaps (overnight, for a daytime schedule) plus 30 minutes, since an
 * observation OWM has not refreshed is not published again; at least an hour.
 */
export function expireAfterSeconds(longestGapSeconds: number): number {
  return Math.max(3600, Math.round(3 * longestGapSeconds + 1800));
}

export function discoverySettings(config: Config, version: string): DiscoverySettings {
  return {
    haPrefix: config.homeAssistant.prefix,
    topicPrefix: config.topicPrefix,
    units: config.owm.units,
    qos: config.mqtt.qos,
    expireAfterSeconds: expireAfterSeconds(scheduleLoad(config.schedule).longestGapSeconds),
    version,
    airQuality: config.owm.airQuality,
    ...(config.owm.forecast ? { forecastHours: config.owm.forecastHours } : {}),
  };
}

/** Every discovery config for the configured locations: the daemon and `--once` announce the same. */
export function discoveryFor(config: Config, version = '0.0.0'): Message[] {
  return discoveryMessages(config.owm.locations, discoverySettings(config, version));
}
