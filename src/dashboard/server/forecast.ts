/**
 * The bridge's forecast as the dashboard reads it. `P/L/forecast` (one JSON object, `steps` each
 * with `time` ISO 8601 UTC and `temperature`) feeds the temperature chart's forecast line; the
 * per-horizon and per-day topics under it (`P/L/forecast/3h/temperature`,
 * `P/L/forecast/today/temp_max`) are ignored: each would be a history series of its own (dozens
 * per place) holding values for another time than the one it arrived at. Pure; the payload comes
 * from the broker and is untrusted: anything but a well-formed forecast is refused whole.
 */

import { FORECAST_STEP_QUANTITIES } from '../../quantities/forecast.js';
import { FORECAST_LEVEL, TODAY_LEVEL, TOMORROW_LEVEL } from '../../topics/leaves.js';

/** The quantity the line continues: a forecast step's first, its temperature (the bridge's `P/L/<it>` has the same name). */
export const FORECAST_LINE_QUANTITY = FORECAST_STEP_QUANTITIES[0]!.name;
/** The bridge's document is about 9 KB for OWM's 40 steps. */
export const MAX_FORECAST_BYTES = 64 * 1024;
/** OWM's 5-day / 3-hour forecast has at most 40 steps. */
export const MAX_FORECAST_STEPS = 64;
/** Earlier than OWM's 2.5 API, or further ahead than a 5-day forecast: not a forecast's step. */
const EARLIEST_STEP_MS = Date.UTC(2012, 0, 1);
const MAX_AHEAD_MS = 7 * 24 * 3600_000;
/** Wider than any temperature in °C, °F or K. */
const TEMPERATURE_LIMIT = 1000;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const QUANTITY_TOPIC = new RegExp(`/${FORECAST_LEVEL}/(?:\\d{1,3}h|${TODAY_LEVEL}|${TOMORROW_LEVEL})/[^/]+$`);

/** One step of the forecast line: its time (epoch ms) and its value (the step's temperature). */
export interface ForecastPoint {
  readonly t: number;
  readonly value: number;
}

/** `P/L/forecast`: the steps with a temperature, in time order. */
export interface LiveForecast {
  readonly topic: string;
  /** `P/L`: the place whose temperature the forecast continues. */
  readonly place: string;
  /** The last level of the topic the line continues (`temperature`): its chart, and its colour with `place`. */
  readonly quantity: string;
  readonly steps: readonly ForecastPoint[];
  /** When it arrived (epoch ms). */
  readonly t: number;
}

/** `P/L/forecast`: the whole forecast as one JSON object. */
export function isForecastTopic(topic: string): boolean {
  return topic.endsWith(`/${FORECAST_LEVEL}`) && topic.length > FORECAST_LEVEL.length + 1;
}

/** `P/L/forecast/<N>h/<q>`, `P/L/forecast/today/<q>`, `P/L/forecast/tomorrow/<q>`: not recorded, not shown. */
export function isForecastQuantityTopic(topic: string): boolean {
  return QUANTITY_TOPIC.test(topic);
}

/** The forecast in `payload`, or undefined when it is not one (bad JSON, a wrong type, a time that does not parse, too many steps). */
export function parseForecast(topic: string, payload: string, arrivedAt: number): LiveForecast | undefined {
  if (payload.length > MAX_FORECAST_BYTES) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || !Array.isArray(parsed.steps) || parsed.steps.length > MAX_FORECAST_STEPS) return undefined;
  const steps: ForecastPoint[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (const step of parsed.steps as unknown[]) {
    if (!isObject(step)) return undefined;
    const t = stepTime(step.time, arrivedAt);
    if (t === undefined || t <= previous) return undefined;
    previous = t;
    const value = step[FORECAST_LINE_QUANTITY];
    // OWM may send none for a step (the bridge writes null): no point there, the rest stays.
    if (value === null || value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > TEMPERATURE_LIMIT) return undefined;
    steps.push({ t, value });
  }
  return { topic, place: topic.slice(0, -FORECAST_LEVEL.length - 1), quantity: FORECAST_LINE_QUANTITY, steps, t: arrivedAt };
}

function stepTime(time: unknown, arrivedAt: number): number | undefined {
  if (typeof time !== 'string' || !ISO_UTC.test(time)) return undefined;
  const t = Date.parse(time);
  if (!Number.isFinite(t) || t < EARLIEST_STEP_MS || t > arrivedAt + MAX_AHEAD_MS) return undefined;
  // A date that does not exist (February 30th, 24:00) is refused, not moved to another day.
  return new Date(t).toISOString().slice(0, 19) === time.slice(0, 19) ? t : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
