import * as z from 'zod/mini';
import { isoSeconds } from '../../core/time.js';
import type { Units } from '../../core/units.js';
import { EARLIEST_OBSERVATION_SECONDS, type ReferenceClock } from './observation-time.js';
import { describeIssue, int, MAX_UNIX_SECONDS, perUnits, plausibleTemperature, range } from './weather.js';

/**
 * The body of `GET /data/2.5/forecast` (5 days in 3-hour steps), as OWM really sends it: `cod` is
 * the string "200", `visibility`, `gust`, `rain` and `snow` come and go from step to step,
 * `humidity` can be 101, `dt_txt` is UTC that looks local (never read: `dt` is the time).
 * Required: `list` with at least one step, and in each step `dt` and `main.temp`.
 */
const percent = range(0, 100);
/** OWM's forecast says 101 % at times (recorded); more is no humidity. */
const humidity = range(0, 110);
const hectopascal = range(100, 1200);
const speed = range(0, 500);
const threeHours = z.object({ '3h': z.optional(range(0, 2000)) });

function buildSchema(units: Units) {
  const temperature = plausibleTemperature(units);
  const step = z.object({
    dt: int(1, MAX_UNIX_SECONDS),
    main: z.object({
      temp: temperature,
      feels_like: z.optional(temperature),
      temp_min: z.optional(temperature),
      temp_max: z.optional(temperature),
      pressure: z.optional(hectopascal),
      humidity: z.optional(humidity),
    }),
    weather: z.optional(
      z
        .array(z.object({ id: int(0, 999), main: z.string(), description: z.string(), icon: z.string() }))
        .check(z.minLength(1, 'is an empty list (OWM always sends at least one condition)')),
    ),
    clouds: z.optional(z.object({ all: z.optional(percent) })),
    wind: z.optional(z.object({ speed: z.optional(speed), deg: z.optional(range(0, 360)), gust: z.optional(speed) })),
    visibility: z.optional(range(0, 100_000)),
    /** A fraction, 0 to 1: 0.86 is 86 %. */
    pop: z.optional(range(0, 1)),
    rain: z.optional(threeHours),
    snow: z.optional(threeHours),
  });
  return z.object({
    cod: z.optional(z.union([z.string(), z.number()])),
    list: z.array(step).check(z.minLength(1, 'is an empty list: a forecast has at least one step')),
    city: z.optional(
      z.object({
        name: z.optional(z.string()),
        country: z.optional(z.string()),
        coord: z.optional(z.object({ lat: range(-90, 90), lon: range(-180, 180) })),
        /** Shift from UTC in seconds at the time of the request (one value for the whole body). */
        timezone: z.optional(int(-50_400, 50_400)),
      }),
    ),
  });
}

export type ForecastBody = z.infer<ReturnType<typeof buildSchema>>;
export type ForecastStep = ForecastBody['list'][number];

/** A validated forecast: its steps in time order, and the place's shift from UTC when it was asked. */
export interface Forecast {
  readonly steps: readonly ForecastStep[];
  readonly utcOffsetSeconds: number;
  /** When it was fetched (ms since the epoch, the reference clock's): what "now" was for it. */
  readonly fetchedAtMs: number;
}

const forecastSchema = perUnits(buildSchema);

export type ForecastParseResult = { ok: true; forecast: Forecast } | { ok: false; problems: string[] };

/** The forecast goes 5 days ahead: a step further than this past the clock is no forecast of OWM's. */
const MAX_AHEAD_SECONDS = 6 * 86_400;

/**
 * Validates a decoded forecast body against the clock that judges its times: every problem named
 * (field, what came, what is accepted). A body whose steps are all in the past is refused: it
 * would publish the past as the future.
 */
export function parseForecast(body: unknown, units: Units, clock: ReferenceClock): ForecastParseResult {
  const result = forecastSchema(units).safeParse(body, { reportInput: true });
  if (!result.success) return { ok: false, problems: result.error.issues.map(describeIssue) };
  const { cod, list, city } = result.data;
  const problems: string[] = [];
  if (cod !== undefined && Number(cod) !== 200) problems.push(`cod is ${JSON.stringify(cod)}, not "200"`);
  const nowSeconds = clock.ms / 1000;
  list.forEach((step, index) => {
    if (step.dt < EARLIEST_OBSERVATION_SECONDS)
      problems.push(`list.${index}.dt ${isoSeconds(step.dt)} is before 2012, when OpenWeatherMap began (got ${step.dt})`);
    else if (step.dt - nowSeconds > MAX_AHEAD_SECONDS)
      problems.push(`list.${index}.dt ${isoSeconds(step.dt)} is more than 6 days ahead of the clock: no 5-day forecast (got ${step.dt})`);
  });
  const steps = [...list].sort((a, b) => a.dt - b.dt);
  if (steps.some((step, index) => index > 0 && step.dt === steps[index - 1]!.dt)) problems.push('list holds two steps with the same dt');
  const last = steps.at(-1)!;
  // A step at the clock's very second is current, not past (as the horizons count it).
  if (problems.length === 0 && last.dt < nowSeconds)
    problems.push(`every step is in the past (the last, list dt ${isoSeconds(last.dt)}, is before ${isoSeconds(Math.floor(nowSeconds))})`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, forecast: { steps, utcOffsetSeconds: city?.timezone ?? 0, fetchedAtMs: clock.ms } };
}
