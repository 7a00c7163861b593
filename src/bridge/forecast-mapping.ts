import type { Message } from '../core/message.js';
import { isoSeconds } from '../core/time.js';
import type { Location } from '../owm/locations.js';
import type { Forecast, ForecastStep } from '../owm/responses/forecast.js';
import { FORECAST_DAY_QUANTITIES, FORECAST_STEP_QUANTITIES, type ForecastDay } from '../quantities/forecast.js';
import type { Quantity } from '../quantities/quantity.js';
import { DAY_LEVELS, type DayLevel, forecastQuantityTopic, forecastTopic, horizonLevel } from '../topics/forecast.js';
import type { MappingSettings } from './mapping.js';

const HOUR = 3600;
/** A horizon is published only from a step at most one step (3 h) from its instant: past the forecast's end, it is cleared. */
const MAX_STEP_DISTANCE = 3 * HOUR;
const DAY = 86_400;

/**
 * The step for the instant `target` (Unix s): among the steps not in the past at `now`, the one
 * nearest `target`, a tie going to the earlier; none when the nearest is more than a step away.
 */
export function stepFor(steps: readonly ForecastStep[], nowSeconds: number, target: number): ForecastStep | undefined {
  let best: ForecastStep | undefined;
  for (const step of steps) {
    if (step.dt < nowSeconds) continue;
    // Steps are in time order: on a tie the earlier one is kept.
    if (!best || Math.abs(step.dt - target) < Math.abs(best.dt - target)) best = step;
  }
  return best && Math.abs(best.dt - target) <= MAX_STEP_DISTANCE ? best : undefined;
}

/** The local day number (days since the epoch at the place) of a Unix time, with the place's UTC offset. */
function localDay(seconds: number, offsetSeconds: number): number {
  return Math.floor((seconds + offsetSeconds) / DAY);
}

/** The steps not in the past at `now` whose local date is today (`0`) or tomorrow (`1`) at the place. */
export function dayOf(forecast: Forecast, nowSeconds: number, day: DayLevel): ForecastDay {
  const wanted = localDay(nowSeconds, forecast.utcOffsetSeconds) + DAY_LEVELS.indexOf(day);
  return { steps: forecast.steps.filter((s) => s.dt >= nowSeconds && localDay(s.dt, forecast.utcOffsetSeconds) === wanted) };
}

function values<R>(
  quantities: readonly Quantity<R>[],
  from: R | undefined,
  settings: MappingSettings,
): [string, number | string | undefined][] {
  return quantities.map((q) => [q.name, from === undefined ? undefined : q.read(from, settings.units)]);
}

/**
 * Every forecast message of a location at `now` (ms): each horizon's quantities, today's and
 * tomorrow's, then `P/L/forecast` with every step still ahead. Recomputed from the kept forecast
 * at every weather poll, so horizons move with the clock without a new call. A quantity without a
 * value (no step near its instant, a day without steps ahead) is an empty payload: cleared.
 */
export function mapForecast(
  location: Location,
  forecast: Forecast,
  nowMs: number,
  hours: readonly number[],
  settings: MappingSettings,
): Message[] {
  const now = Math.floor(nowMs / 1000);
  const messages: Message[] = [];
  const message = (topic: string, payload: string): Message => ({ topic, payload, retain: settings.retain, qos: settings.qos });
  const group = (name: string, entries: [string, number | string | undefined][]) => {
    for (const [leaf, value] of entries)
      messages.push(
        message(forecastQuantityTopic(settings.topicPrefix, location.level, name, leaf), value === undefined ? '' : String(value)),
      );
  };
  for (const n of hours) group(horizonLevel(n), values(FORECAST_STEP_QUANTITIES, stepFor(forecast.steps, now, now + n * HOUR), settings));
  for (const day of DAY_LEVELS) {
    const summary = dayOf(forecast, now, day);
    group(day, values(FORECAST_DAY_QUANTITIES, summary.steps.length === 0 ? undefined : summary, settings));
  }
  const ahead = forecast.steps.filter((s) => s.dt >= now);
  const document = {
    units: settings.units,
    fetched_at: isoSeconds(Math.floor(forecast.fetchedAtMs / 1000)),
    utc_offset_seconds: forecast.utcOffsetSeconds,
    steps: ahead.map((step) => Object.fromEntries(values(FORECAST_STEP_QUANTITIES, step, settings).map(([k, v]) => [k, v ?? null]))),
  };
  messages.push({ ...message(forecastTopic(settings.topicPrefix, location.level), JSON.stringify(document)), json: true });
  return messages;
}
