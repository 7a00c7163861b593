import { isoSeconds } from '../core/time.js';
import type { Units } from '../core/units.js';
import type { AirReport } from '../owm/responses/air.js';
import { dewPoint } from './dewpoint.js';
import type { WeatherReport } from '../owm/responses/weather.js';

/**
 * The one list of published quantities. Topics, the `state` JSON, the README
 * table and (later) Home Assistant discovery are all derived from it.
 *
 * `read` returns the value to publish, or `undefined` when OWM did not give it
 * this time: the retained topic is then cleared, never filled with 0, except
 * for precipitation, where an absent `rain`/`snow` object means nothing fell.
 */
export type QuantityKind = 'number' | 'text' | 'timestamp';

export interface Quantity {
  readonly name: string;
  readonly source: string;
  readonly kind: QuantityKind;
  readonly unit: Readonly<Record<Units, string>> | undefined;
  readonly deviceClass?: string;
  readonly stateClass?: 'measurement' | 'measurement_angle';
  readonly whenAbsent: string;
  /** `units` is what the report is in (only computed quantities need it). */
  readonly read: (report: WeatherReport, units: Units) => number | string | undefined;
}

const TEMPERATURE = { metric: '°C', imperial: '°F', standard: 'K' } as const;
const WIND = { metric: 'm/s', imperial: 'mph', standard: 'm/s' } as const;
const same = (unit: string): Record<Units, string> => ({ metric: unit, imperial: unit, standard: unit });

const CLEARED = 'cleared';

function temperature(name: string, field: 'temp' | 'feels_like' | 'temp_min' | 'temp_max'): Quantity {
  return {
    name,
    source: `main.${field}`,
    kind: 'number',
    unit: TEMPERATURE,
    deviceClass: 'temperature',
    stateClass: 'measurement',
    whenAbsent: field === 'temp' ? 'never absent (required)' : CLEARED,
    read: (r) => r.main[field],
  };
}

function pressure(name: string, field: 'pressure' | 'sea_level' | 'grnd_level'): Quantity {
  return {
    name,
    source: `main.${field}`,
    kind: 'number',
    unit: same('hPa'),
    deviceClass: 'atmospheric_pressure',
    stateClass: 'measurement',
    whenAbsent: CLEARED,
    read: (r) => r.main[field],
  };
}

/** `X_1h` is 0 when OWM sends no `X` object at all; cleared when the object is there without `1h`. */
function precipitation(kind: 'rain' | 'snow', period: '1h' | '3h'): Quantity {
  const lastHour = period === '1h';
  return {
    name: `${kind}_${period}`,
    source: `${kind}.${period}`,
    kind: 'number',
    unit: same('mm'),
    deviceClass: 'precipitation',
    stateClass: 'measurement',
    whenAbsent: lastHour ? `0 when there is no \`${kind}\` object; cleared when the object lacks \`1h\`` : CLEARED,
    read: (r) => {
      const amounts = r[kind];
      if (amounts === undefined) return lastHour ? 0 : undefined;
      return amounts[period];
    },
  };
}

function timestamp(name: string, source: string, read: (r: WeatherReport) => number | undefined): Quantity {
  return {
    name,
    source,
    kind: 'timestamp',
    unit: undefined,
    deviceClass: 'timestamp',
    whenAbsent: source === 'dt' ? 'never absent (required)' : 'cleared (also when OWM sends 0, as in polar day and night)',
    read: (r) => {
      const seconds = read(r);
      return seconds === undefined || seconds === 0 ? undefined : isoSeconds(seconds);
    },
  };
}

type Condition = NonNullable<WeatherReport['weather']>[number];

/** The first `weather[]` entry is the primary condition; the `state` JSON keeps them all. */
function condition(name: string, field: keyof Condition, kind: QuantityKind): Quantity {
  // A validated `weather` has at least one entry.
  return {
    name,
    source: `weather[0].${field}`,
    kind,
    unit: undefined,
    whenAbsent: CLEARED, // biome-ignore lint/suspicious/noNonNullAssertedOptionalChain: a validated `weather` is never an empty list (the schema refuses one)
    read: (r) => r.weather?.[0]![field],
  };
}

export const QUANTITIES: readonly Quantity[] = [
  temperature('temperature', 'temp'),
  temperature('feels_like', 'feels_like'),
  temperature('temp_min', 'temp_min'),
  temperature('temp_max', 'temp_max'),
  {
    name: 'humidity',
    source: 'main.humidity',
    kind: 'number',
    unit: same('%'),
    deviceClass: 'humidity',
    stateClass: 'measurement',
    whenAbsent: CLEARED,
    read: (r) => r.main.humidity,
  },
  {
    name: 'dew_point',
    source: 'computed from main.temp and main.humidity (Magnus)',
    kind: 'number',
    unit: TEMPERATURE,
    deviceClass: 'temperature',
    stateClass: 'measurement',
    whenAbsent: 'cleared when humidity is absent or 0',
    read: (r, units) => dewPoint(r.main.temp, r.main.humidity, units),
  },
  pressure('pressure', 'pressure'),
  pressure('sea_level', 'sea_level'),
  pressure('grnd_level', 'grnd_level'),
  {
    name: 'wind_speed',
    source: 'wind.speed',
    kind: 'number',
    unit: WIND,
    deviceClass: 'wind_speed',
    stateClass: 'measurement',
    whenAbsent: CLEARED,
    read: (r) => r.wind?.speed,
  },
  {
    name: 'wind_direction',
    source: 'wind.deg',
    kind: 'number',
    unit: same('°'),
    deviceClass: 'wind_direction',
    stateClass: 'measurement_angle',
    whenAbsent: CLEARED,
    read: (r) => r.wind?.deg,
  },
  {
    name: 'wind_gust',
    source: 'wind.gust',
    kind: 'number',
    unit: WIND,
    deviceClass: 'wind_speed',
    stateClass: 'measurement',
    whenAbsent: CLEARED,
    read: (r) => r.wind?.gust,
  },
  {
    name: 'clouds',
    source: 'clouds.all',
    kind: 'number',
    unit: same('%'),
    stateClass: 'measurement',
    whenAbsent: CLEARED,
    read: (r) => r.clouds?.all,
  },
  {
    name: 'visibility',
    source: 'visibility',
    kind: 'number',
    unit: same('m'),
    deviceClass: 'distance',
    stateClass: 'measurement',
    whenAbsent: CLEARED,
    read: (r) => r.visibility,
  },
  precipitation('rain', '1h'),
  precipitation('rain', '3h'),
  precipitation('snow', '1h'),
  precipitation('snow', '3h'),
  condition('condition', 'main', 'text'),
  condition('condition_id', 'id', 'number'),
  condition('description', 'description', 'text'),
  condition('icon', 'icon', 'text'),
  timestamp('sunrise', 'sys.sunrise', (r) => r.sys?.sunrise),
  timestamp('sunset', 'sys.sunset', (r) => r.sys?.sunset),
  timestamp('observed_at', 'dt', (r) => r.dt),
];

/** With OWM_AIR_QUALITY=true: one `/data/2.5/air_pollution` call per location per poll. */
export interface AirQuantity {
  readonly name: string;
  readonly source: string;
  readonly unit: string | undefined;
  readonly deviceClass?: string;
  readonly read: (report: AirReport) => number | undefined;
}

type Component = keyof NonNullable<AirReport['components']>;
const component = (name: Component, deviceClass?: string): AirQuantity => ({
  name,
  source: `list[0].components.${name}`,
  unit: 'µg/m³',
  deviceClass,
  read: (r) => r.components?.[name],
});

export const AIR_QUANTITIES: readonly AirQuantity[] = [
  { name: 'aqi', source: 'list[0].main.aqi', unit: undefined, deviceClass: 'aqi', read: (r) => r.main?.aqi },
  component('co', 'carbon_monoxide'),
  component('no', 'nitrogen_monoxide'),
  component('no2', 'nitrogen_dioxide'),
  component('o3', 'ozone'),
  component('so2', 'sulphur_dioxide'),
  component('pm2_5', 'pm25'),
  component('pm10', 'pm10'),
  component('nh3'),
];
