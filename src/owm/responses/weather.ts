import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { fromCelsius, TEMPERATURE_UNIT, type Units } from '../../core/units.js';

// Problems quote zod's own messages ("Too big: expected number to be <=100"), and zod/mini loads no locale.
z.config(en());

/**
 * The body of `GET /data/2.5/weather`, as OWM really sends it: only `dt` and
 * `main.temp` are required (no observation without them); everything else may
 * be absent. What is present must be right, or the whole body is rejected.
 */
const CELSIUS_RANGE = { min: -100, max: 100 } as const;

export const range = (min: number, max: number) => z.number().check(z.minimum(min), z.maximum(max));
/** Checks run in order and the int check stops the rest, so 1.5 reports only "expected int" (as `.int().min().max()` did). */
export const int = (min: number, max?: number) => z.number().check(z.int(), z.minimum(min), ...(max === undefined ? [] : [z.maximum(max)]));

const percent = range(0, 100);
const nonNegative = z.number().check(z.minimum(0));
const hectopascal = range(100, 1200);
/** 2100-01-01: a later time is no observation (and far enough past it, more than a Date can hold). */
export const MAX_UNIX_SECONDS = 4_102_444_800;
const unixSeconds = int(0, MAX_UNIX_SECONDS);
const precipitation = z.object({ '1h': z.optional(range(0, 2000)), '3h': z.optional(range(0, 2000)) });

/** A temperature in `units` within -100 to 100 °C; out of it, the message asks whether OWM_UNITS is right. */
export function plausibleTemperature(units: Units) {
  const [min, max] = [CELSIUS_RANGE.min, CELSIUS_RANGE.max].map((c) => Math.round(fromCelsius[units](c) * 100) / 100) as [number, number];
  const outOfRange = `is not a plausible ${units} temperature (${min} to ${max} ${TEMPERATURE_UNIT[units]}): does OWM_UNITS match what the server sends?`;
  return z.number().check(z.minimum(min, outOfRange), z.maximum(max, outOfRange));
}

/** `build(units)`, made once per unit system and kept: a schema depends on nothing else. */
export function perUnits<T>(build: (units: Units) => T): (units: Units) => T {
  const made = new Map<Units, T>();
  return (units) => {
    let schema = made.get(units);
    if (!schema) {
      schema = build(units);
      made.set(units, schema);
    }
    return schema;
  };
}

function buildSchema(units: Units) {
  const temperature = plausibleTemperature(units);
  return z.object({
    coord: z.optional(z.object({ lon: range(-180, 180), lat: range(-90, 90) })),
    weather: z.optional(
      z
        .array(z.object({ id: int(0), main: z.string(), description: z.string(), icon: z.string() }))
        .check(z.minLength(1, 'is an empty list (OWM always sends at least one condition)')),
    ),
    main: z.object({
      temp: temperature,
      feels_like: z.optional(temperature),
      temp_min: z.optional(temperature),
      temp_max: z.optional(temperature),
      pressure: z.optional(hectopascal),
      humidity: z.optional(percent),
      sea_level: z.optional(hectopascal),
      grnd_level: z.optional(hectopascal),
    }),
    visibility: z.optional(nonNegative),
    wind: z.optional(z.object({ speed: z.optional(range(0, 500)), deg: z.optional(range(0, 360)), gust: z.optional(range(0, 500)) })),
    clouds: z.optional(z.object({ all: z.optional(percent) })),
    rain: z.optional(precipitation),
    snow: z.optional(precipitation),
    dt: unixSeconds.check(z.minimum(1)),
    sys: z.optional(z.object({ country: z.optional(z.string()), sunrise: z.optional(unixSeconds), sunset: z.optional(unixSeconds) })),
    timezone: z.optional(int(-50400, 50400)),
    id: z.optional(int(0)),
    name: z.optional(z.string()),
  });
}

export type WeatherReport = z.infer<ReturnType<typeof buildSchema>>;

export const weatherSchema: (units: Units) => ReturnType<typeof buildSchema> = perUnits(buildSchema);

export type ParseResult = { ok: true; report: WeatherReport } | { ok: false; problems: string[] };

/** Validates a decoded body; each problem names the field, what was there and what is accepted. */
export function parseWeather(body: unknown, units: Units): ParseResult {
  const result = weatherSchema(units).safeParse(body, { reportInput: true });
  if (result.success) return { ok: true, report: result.data };
  return { ok: false, problems: result.error.issues.map(describeIssue) };
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.') || '(body)';
  const found = issue.input;
  // A JSON number beyond a double's range (1e400) parses to ±Infinity, which JSON.stringify shows as null.
  if (typeof found === 'number' && !Number.isFinite(found))
    return `${path} is not a finite number (got ${found}: a number too large for a double, such as 1e400)`;
  const shown = found === undefined ? 'missing' : (JSON.stringify(found)?.slice(0, 60) ?? String(found));
  return `${path} ${issue.message} (got ${shown})`;
}
