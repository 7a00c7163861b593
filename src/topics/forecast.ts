/**
 * The forecast's topics, under a location: `P/L/forecast` (every step in one JSON object),
 * `P/L/forecast/<N>h/<quantity>` (the step nearest now + N hours) and
 * `P/L/forecast/{today,tomorrow}/<quantity>` (the place's local day).
 */
import { FORECAST_LEVEL, TODAY_LEVEL, TOMORROW_LEVEL } from './leaves.js';
import { topic } from './levels.js';

export type DayLevel = typeof TODAY_LEVEL | typeof TOMORROW_LEVEL;
export const DAY_LEVELS: readonly DayLevel[] = [TODAY_LEVEL, TOMORROW_LEVEL];

/** `3h`, `24h`: the level of a horizon of N hours. */
export function horizonLevel(hours: number): string {
  return `${hours}h`;
}

/** `P/L/forecast`: the whole forecast, one JSON object. */
export function forecastTopic(prefix: string, level: string): string {
  return topic(prefix, level, FORECAST_LEVEL);
}

/** `P/L/forecast/<group>/<leaf>`: a quantity of one horizon (`6h`) or one day (`today`). */
export function forecastQuantityTopic(prefix: string, level: string, group: string, leaf: string): string {
  return topic(prefix, level, FORECAST_LEVEL, group, leaf);
}

/** `P/+/forecast/#`: every forecast topic of every location, as `--purge` reads them. */
export function forecastFilter(prefix: string): string {
  return topic(prefix, '+', FORECAST_LEVEL, '#');
}

/** `P/L/forecast…` taken apart: the location level, and the group and leaf of a quantity topic. */
export function splitForecastTopic(prefix: string, t: string): { level: string; group?: string; leaf?: string } | undefined {
  if (!t.startsWith(`${prefix}/`)) return undefined;
  const levels = t.slice(prefix.length + 1).split('/');
  if (levels[1] !== FORECAST_LEVEL) return undefined;
  if (levels.length === 2) return { level: levels[0]! };
  if (levels.length === 4) return { level: levels[0]!, group: levels[2]!, leaf: levels[3]! };
  return undefined;
}
