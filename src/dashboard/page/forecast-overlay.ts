import type { ForecastPoint, LiveForecast } from '../server/wire.js';
import type { Columns } from './series-store.js';

/**
 * The bridge's forecast after the history on the temperature chart: one dashed series per place,
 * in the colour of that place's temperature, with only the steps still ahead. Its own series, so
 * uPlot never draws a line from the last measured value to the first forecast step. Pure.
 */

const HOUR = 3600_000;
/** At least two 3-hour steps, even on the 1-hour range. */
const MIN_AHEAD_MS = 6 * HOUR;

/** `exterieur/lisbon` and `temperature` → `exterieur/lisbon/temperature`: the topic whose colour the forecast takes. */
export function forecastColourTopic(forecast: Pick<LiveForecast, 'place' | 'quantity'>): string {
  return `${forecast.place}/${forecast.quantity}`;
}

/** What the legend says: the place's temperature topic, then `(forecast)`. */
export function forecastLabel(forecast: Pick<LiveForecast, 'place' | 'quantity'>): string {
  return `${forecastColourTopic(forecast)} (forecast)`;
}

/** How far past now the chart goes when it has a forecast: half the range shown, at least 6 hours (a 30-day range shows the whole 5 days). */
export function forecastAheadMs(spanMs: number): number {
  return Math.max(spanMs / 2, MIN_AHEAD_MS);
}

/** The steps drawn: after `now`, up to `until`. */
export function stepsShown(steps: readonly ForecastPoint[], now: number, until: number): ForecastPoint[] {
  return steps.filter((step) => step.t > now && step.t <= until);
}

/**
 * The history's columns with one more column per forecast: the times are the union of both, the
 * history's series have no point (undefined) at a forecast's time and the other way round.
 */
export function withForecasts(columns: Columns, forecasts: readonly (readonly ForecastPoint[])[]): Columns {
  if (forecasts.length === 0) return columns;
  const times = new Set<number>(columns[0]);
  for (const steps of forecasts) for (const step of steps) times.add(step.t);
  const xs = [...times].sort((a, b) => a - b);
  const index = new Map(xs.map((t, i) => [t, i]));
  const at = columns[0].map((t) => index.get(t)!);
  const merged: Columns = [xs];
  for (const column of columns.slice(1)) {
    const wide = new Array<number | null | undefined>(xs.length).fill(undefined);
    column.forEach((value, i) => {
      wide[at[i]!] = value;
    });
    merged.push(wide);
  }
  for (const steps of forecasts) {
    const column = new Array<number | null | undefined>(xs.length).fill(undefined);
    for (const step of steps) column[index.get(step.t)!] = step.value;
    merged.push(column);
  }
  return merged;
}
