import { isoSeconds } from '../core/time.js';
import { sameUnit as same, TEMPERATURE_UNIT as TEMPERATURE, type UnitPerSystem, WIND_SPEED_UNIT as WIND } from '../core/units.js';
import type { ForecastStep } from '../owm/responses/forecast.js';
import type { Quantity } from './quantity.js';

/**
 * The forecast's quantities. A horizon (`P/L/forecast/6h/<q>`) is one step of OWM's 3-hour
 * forecast; a day (`P/L/forecast/today/<q>`) sums up the steps of the place's local day.
 */
export type ForecastStepQuantity = Quantity<ForecastStep, UnitPerSystem>;
export type ForecastDayQuantity = Quantity<ForecastDay, UnitPerSystem>;

/** The steps of one local day that are still ahead, summed up. */
export interface ForecastDay {
  readonly steps: readonly ForecastStep[];
}

const CLEARED = 'cleared';
const round2 = (n: number) => Math.round(n * 100) / 100;

/** rain.3h + snow.3h, mm over the step; 0 when OWM forecasts neither (it then sends no object). */
export function stepPrecipitation(step: ForecastStep): number {
  return round2((step.rain?.['3h'] ?? 0) + (step.snow?.['3h'] ?? 0));
}

/** `pop` is a fraction (0.86); published as a percentage (86). */
function popPercent(step: ForecastStep): number | undefined {
  return step.pop === undefined ? undefined : Math.round(step.pop * 100);
}

export const FORECAST_STEP_QUANTITIES: readonly ForecastStepQuantity[] = [
  {
    name: 'temperature',
    source: 'list[].main.temp',
    kind: 'number',
    unit: TEMPERATURE,
    deviceClass: 'temperature',
    stateClass: 'measurement',
    whenAbsent: CLEARED,
    read: (s) => s.main.temp,
  },
  {
    name: 'feels_like',
    source: 'list[].main.feels_like',
    kind: 'number',
    unit: TEMPERATURE,
    deviceClass: 'temperature',
    stateClass: 'measurement',
    whenAbsent: CLEARED,
    read: (s) => s.main.feels_like,
  },
  {
    name: 'humidity',
    source: 'list[].main.humidity (OWM says 101 at times: published as 100)',
    kind: 'number',
    unit: same('%'),
    deviceClass: 'humidity',
    stateClass: 'measurement',
    whenAbsent: CLEARED,
    read: (s) => (s.main.humidity === undefined ? undefined : Math.min(100, s.main.humidity)),
  },
  {
    name: 'pressure',
    source: 'list[].main.pressure',
    kind: 'number',
    unit: same('hPa'),
    deviceClass: 'atmospheric_pressure',
    stateClass: 'measurement',
    whenAbsent: CLEARED,
    read: (s) => s.main.pressure,
  },
  {
    name: 'wind_speed',
    source: 'list[].wind.speed',
    kind: 'number',
    unit: WIND,
    deviceClass: 'wind_speed',
    stateClass: 'measurement',
    whenAbsent: CLEARED,
    read: (s) => s.wind?.speed,
  },
  {
    name: 'wind_gust',
    source: 'list[].wind.gust',
    kind: 'number',
    unit: WIND,
    deviceClass: 'wind_speed',
    stateClass: 'measurement',
    whenAbsent: CLEARED,
    read: (s) => s.wind?.gust,
  },
  {
    name: 'wind_direction',
    source: 'list[].wind.deg',
    kind: 'number',
    unit: same('°'),
    deviceClass: 'wind_direction',
    stateClass: 'measurement_angle',
    whenAbsent: CLEARED,
    read: (s) => s.wind?.deg,
  },
  {
    name: 'clouds',
    source: 'list[].clouds.all',
    kind: 'number',
    unit: same('%'),
    stateClass: 'measurement',
    whenAbsent: CLEARED,
    read: (s) => s.clouds?.all,
  },
  {
    name: 'pop',
    label: 'Precipitation probability',
    source: 'list[].pop × 100 (OWM sends a fraction)',
    kind: 'number',
    unit: same('%'),
    stateClass: 'measurement',
    whenAbsent: CLEARED,
    read: popPercent,
  },
  {
    name: 'precipitation',
    source: 'list[].rain.3h + list[].snow.3h (mm over the 3-hour step)',
    kind: 'number',
    unit: same('mm'),
    deviceClass: 'precipitation',
    stateClass: 'measurement',
    whenAbsent: '0 when OWM forecasts neither rain nor snow',
    read: stepPrecipitation,
  },
  {
    name: 'condition',
    source: 'list[].weather[0].main',
    kind: 'text',
    unit: undefined,
    whenAbsent: CLEARED,
    read: (s) => s.weather?.[0]?.main,
  },
  {
    name: 'icon',
    source: 'list[].weather[0].icon',
    kind: 'text',
    unit: undefined,
    whenAbsent: CLEARED,
    read: (s) => s.weather?.[0]?.icon,
  },
  {
    name: 'time',
    label: 'Forecast time',
    source: 'list[].dt (never dt_txt)',
    kind: 'timestamp',
    unit: undefined,
    deviceClass: 'timestamp',
    whenAbsent: 'never absent',
    read: (s) => isoSeconds(s.dt),
  },
];

/** Severity of a condition group, to break a tie between conditions as frequent: the rougher weather wins. */
function severity(id: number): number {
  if (id >= 200 && id < 300) return 7; // thunderstorm
  if (id >= 600 && id < 700) return 6; // snow
  if (id >= 500 && id < 600) return 5; // rain
  if (id >= 300 && id < 400) return 4; // drizzle
  if (id >= 700 && id < 800) return 3; // mist, fog, dust…
  if (id > 800) return 2; // clouds
  return 1; // clear
}

/** The day's condition: the one of most steps; a tie goes to the rougher weather, then to the earlier step. */
export function dominantCondition(steps: readonly ForecastStep[]): string | undefined {
  // A Map keeps the order conditions first appear in: with strict comparisons, the earlier one stays on a full tie.
  const counts = new Map<string, { count: number; severity: number }>();
  for (const step of steps) {
    const condition = step.weather?.[0];
    if (!condition) continue;
    const seen = counts.get(condition.main);
    if (seen) seen.count++;
    else counts.set(condition.main, { count: 1, severity: severity(condition.id) });
  }
  let best: { main: string; count: number; severity: number } | undefined;
  for (const [main, e] of counts)
    if (!best || e.count > best.count || (e.count === best.count && e.severity > best.severity)) best = { main, ...e };
  return best?.main;
}

const temperatures = (day: ForecastDay) => day.steps.map((s) => s.main.temp);

export const FORECAST_DAY_QUANTITIES: readonly ForecastDayQuantity[] = [
  {
    name: 'temp_min',
    source: 'the lowest list[].main.temp of the day',
    kind: 'number',
    unit: TEMPERATURE,
    deviceClass: 'temperature',
    stateClass: 'measurement',
    whenAbsent: 'cleared when no step of that day is ahead',
    read: (d) => (d.steps.length === 0 ? undefined : Math.min(...temperatures(d))),
  },
  {
    name: 'temp_max',
    source: 'the highest list[].main.temp of the day',
    kind: 'number',
    unit: TEMPERATURE,
    deviceClass: 'temperature',
    stateClass: 'measurement',
    whenAbsent: 'cleared when no step of that day is ahead',
    read: (d) => (d.steps.length === 0 ? undefined : Math.max(...temperatures(d))),
  },
  {
    name: 'precipitation',
    source: 'the sum of rain.3h + snow.3h over the day',
    kind: 'number',
    unit: same('mm'),
    deviceClass: 'precipitation',
    stateClass: 'measurement',
    whenAbsent: 'cleared when no step of that day is ahead',
    read: (d) => (d.steps.length === 0 ? undefined : round2(d.steps.reduce((sum, s) => sum + stepPrecipitation(s), 0))),
  },
  {
    name: 'pop',
    label: 'Precipitation probability',
    source: 'the highest list[].pop of the day × 100',
    kind: 'number',
    unit: same('%'),
    stateClass: 'measurement',
    whenAbsent: 'cleared when no step of that day is ahead or none has pop',
    read: (d) => {
      const pops = d.steps.flatMap((s) => (s.pop === undefined ? [] : [s.pop]));
      return pops.length === 0 ? undefined : Math.round(Math.max(...pops) * 100);
    },
  },
  {
    name: 'condition',
    source: 'the weather[0].main of most steps (a tie: the rougher)',
    kind: 'text',
    unit: undefined,
    whenAbsent: 'cleared when no step of that day is ahead',
    read: (d) => dominantCondition(d.steps),
  },
];
