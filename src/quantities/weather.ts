import { isoSeconds } from '../core/time.js';
import { sameUnit as same, TEMPERATURE_UNIT as TEMPERATURE, type UnitPerSystem, WIND_SPEED_UNIT as WIND } from '../core/units.js';
import type { WeatherReport } from '../owm/responses/weather.js';
import { OBSERVED_AT_LEAF } from '../topics/leaves.js';
import { dewPoint } from './dewpoint.js';
import type { Quantity, QuantityKind } from './quantity.js';

/** A quantity of OWM's current weather (`/data/2.5/weather`): its units change with `OWM_UNITS`. */
export type WeatherQuantity = Quantity<WeatherReport, UnitPerSystem>;

const CLEARED = 'cleared';

function temperature(name: string, field: 'temp' | 'feels_like' | 'temp_min' | 'temp_max'): WeatherQuantity {
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

function pressure(name: string, field: 'pressure' | 'sea_level' | 'grnd_level'): WeatherQuantity {
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
function precipitation(kind: 'rain' | 'snow', period: '1h' | '3h'): WeatherQuantity {
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

function timestamp(name: string, source: string, read: (r: WeatherReport) => number | undefined): WeatherQuantity {
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
function condition(name: string, field: keyof Condition, kind: QuantityKind): WeatherQuantity {
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

/** The weather's quantities, in publishing order (that of docs/topics.md). */
export const WEATHER_QUANTITIES: readonly WeatherQuantity[] = [
  { ...temperature('temperature', 'temp'), column: 'temp' },
  { ...temperature('feels_like', 'feels_like'), column: 'feels' },
  temperature('temp_min', 'temp_min'),
  temperature('temp_max', 'temp_max'),
  {
    name: 'humidity',
    source: 'main.humidity',
    kind: 'number',
    unit: same('%'),
    deviceClass: 'humidity',
    stateClass: 'measurement',
    column: 'hum',
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
    column: 'dew',
    whenAbsent: 'cleared when humidity is absent or 0',
    read: (r, units) => dewPoint(r.main.temp, r.main.humidity, units),
  },
  { ...pressure('pressure', 'pressure'), column: 'hPa' },
  pressure('sea_level', 'sea_level'),
  pressure('grnd_level', 'grnd_level'),
  {
    name: 'wind_speed',
    source: 'wind.speed',
    kind: 'number',
    unit: WIND,
    deviceClass: 'wind_speed',
    stateClass: 'measurement',
    column: 'wind',
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
    column: 'dir',
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
  { ...precipitation('rain', '1h'), column: 'rain' },
  precipitation('rain', '3h'),
  precipitation('snow', '1h'),
  precipitation('snow', '3h'),
  condition('condition', 'main', 'text'),
  // OWM's condition code: a number, but no measurement (no unit, no state class, no statistics).
  condition('condition_id', 'id', 'number'),
  { ...condition('description', 'description', 'text'), column: 'sky' },
  condition('icon', 'icon', 'text'),
  timestamp('sunrise', 'sys.sunrise', (r) => r.sys?.sunrise),
  timestamp('sunset', 'sys.sunset', (r) => r.sys?.sunset),
  { ...timestamp(OBSERVED_AT_LEAF, 'dt', (r) => r.dt), column: 'observed (UTC)' },
];
