import { z } from 'zod';
import type { Units } from '../units.js';

/**
 * The body of `GET /data/2.5/weather`, as OWM really sends it: only `dt` and
 * `main.temp` are required (no observation without them); everything else may
 * be absent. What is present must be right, or the whole body is rejected.
 */
const CELSIUS_RANGE = { min: -100, max: 100 } as const;

const toUnits: Record<Units, (celsius: number) => number> = {
  metric: (c) => c,
  imperial: (c) => (c * 9) / 5 + 32,
  standard: (c) => c + 273.15,
};

const TEMPERATURE_SYMBOL: Record<Units, string> = { metric: ' °C', imperial: ' °F', standard: ' K' };

const percent = z.number().min(0).max(100);
const nonNegative = z.number().min(0);
const hectopascal = z.number().min(100).max(1200);
/** 2100-01-01: a later time is no observation (and far enough past it, more than a Date can hold). */
export const MAX_UNIX_SECONDS = 4_102_444_800;
const unixSeconds = z.number().int().min(0).max(MAX_UNIX_SECONDS);
const precipitation = z.object({ '1h': nonNegative.max(2000).optional(), '3h': nonNegative.max(2000).optional() });

function buildSchema(units: Units) {
  const [min, max] = [CELSIUS_RANGE.min, CELSIUS_RANGE.max].map((c) => Math.round(toUnits[units](c) * 100) / 100) as [number, number];
  const outOfRange = `is not a plausible ${units} temperature (${min} to ${max}${TEMPERATURE_SYMBOL[units]}): does OWM_UNITS match what the server sends?`;
  const temperature = z.number().min(min, outOfRange).max(max, outOfRange);
  return z.object({
    coord: z.object({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).optional(),
    weather: z
      .array(z.object({ id: z.number().int().min(0), main: z.string(), description: z.string(), icon: z.string() }))
      .min(1, 'is an empty list (OWM always sends at least one condition)')
      .optional(),
    main: z.object({
      temp: temperature,
      feels_like: temperature.optional(),
      temp_min: temperature.optional(),
      temp_max: temperature.optional(),
      pressure: hectopascal.optional(),
      humidity: percent.optional(),
      sea_level: hectopascal.optional(),
      grnd_level: hectopascal.optional(),
    }),
    visibility: nonNegative.optional(),
    wind: z
      .object({ speed: nonNegative.max(500).optional(), deg: z.number().min(0).max(360).optional(), gust: nonNegative.max(500).optional() })
      .optional(),
    clouds: z.object({ all: percent.optional() }).optional(),
    rain: precipitation.optional(),
    snow: precipitation.optional(),
    dt: unixSeconds.min(1),
    sys: z
      .object({ country: z.string().optional(), sunrise: unixSeconds.optional(), sunset: unixSeconds.optional() })
      .optional(),
    timezone: z.number().int().min(-50400).max(50400).optional(),
    id: z.number().int().min(0).optional(),
    name: z.string().optional(),
  });
}

export type WeatherReport = z.infer<ReturnType<typeof buildSchema>>;

const schemas = new Map<Units, ReturnType<typeof buildSchema>>();

export function weatherSchema(units: Units): ReturnType<typeof buildSchema> {
  let schema = schemas.get(units);
  if (!schema) {
    schema = buildSchema(units);
    schemas.set(units, schema);
  }
  return schema;
}

export type ParseResult = { ok: true; report: WeatherReport } | { ok: false; problems: string[] };

/** Validates a decoded body; each problem names the field, what was there and what is accepted. */
export function parseWeather(body: unknown, units: Units): ParseResult {
  const result = weatherSchema(units).safeParse(body);
  if (result.success) return { ok: true, report: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => describeIssue(issue, body)) };
}

function describeIssue(issue: z.core.$ZodIssue, body: unknown): string {
  const path = issue.path.map(String).join('.') || '(body)';
  const found = valueAt(body, issue.path);
  const shown = found === undefined ? 'missing' : JSON.stringify(found)?.slice(0, 60) ?? String(found);
  return `${path} ${issue.message} (got ${shown})`;
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = body;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
