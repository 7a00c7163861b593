/**
 * The property tests' oracle, written out by hand from OWM's documented units
 * (/work/shared/owm/README.md §2: metric °C and m/s, imperial °F and mph, standard K and m/s;
 * hPa, %, m and mm in all three) and the bridge's plausible ranges. Nothing here calls src/:
 * a wrong conversion or range in the code cannot agree with itself.
 */
import type { Units } from '../../src/core/units.js';

/** -100 °C to 100 °C, in each system: °F = °C × 1.8 + 32 (-148, 212), K = °C + 273.15 (173.15, 373.15). */
export const TEMPERATURE_RANGE: Record<Units, readonly [number, number]> = {
  metric: [-100, 100],
  imperial: [-148, 212],
  standard: [173.15, 373.15],
};
export const TEMPERATURE_SYMBOL: Record<Units, string> = { metric: '°C', imperial: '°F', standard: 'K' };
export const toCelsius: Record<Units, (t: number) => number> = {
  metric: (t) => t,
  imperial: (t) => (t - 32) / 1.8,
  standard: (t) => t - 273.15,
};
export const fromCelsius: Record<Units, (c: number) => number> = {
  metric: (c) => c,
  imperial: (c) => c * 1.8 + 32,
  standard: (c) => c + 273.15,
};
/** 1 mph = 0.44704 m/s exactly (international mile / hour). */
export const METRES_PER_SECOND_PER_MPH = 0.44704;

export type Rule =
  | { kind: 'number'; path: string; min: number; max: number; int?: boolean; required?: boolean; temperature?: boolean }
  | { kind: 'text'; path: string; required?: boolean };

/** 2100-01-01T00:00:00Z: no later observation is believed. */
export const LAST_SECOND = 4_102_444_800;

/** Every checked field of a `/data/2.5/weather` body; `weather.*` applies to each condition. */
export function weatherRules(units: Units): Rule[] {
  const [tMin, tMax] = TEMPERATURE_RANGE[units];
  const n = (path: string, min: number, max: number, more: Partial<Extract<Rule, { kind: 'number' }>> = {}): Rule => ({
    kind: 'number',
    path,
    min,
    max,
    ...more,
  });
  const t = (path: string, required = false) => n(path, tMin, tMax, { temperature: true, required });
  return [
    t('main.temp', true),
    t('main.feels_like'),
    t('main.temp_min'),
    t('main.temp_max'),
    n('main.pressure', 100, 1200),
    n('main.humidity', 0, 100),
    n('main.sea_level', 100, 1200),
    n('main.grnd_level', 100, 1200),
    n('coord.lon', -180, 180, { required: true }),
    n('coord.lat', -90, 90, { required: true }),
    n('visibility', 0, Infinity),
    n('wind.speed', 0, 500),
    n('wind.deg', 0, 360),
    n('wind.gust', 0, 500),
    n('clouds.all', 0, 100),
    n('rain.1h', 0, 2000),
    n('rain.3h', 0, 2000),
    n('snow.1h', 0, 2000),
    n('snow.3h', 0, 2000),
    n('dt', 1, LAST_SECOND, { int: true, required: true }),
    n('sys.sunrise', 0, LAST_SECOND, { int: true }),
    n('sys.sunset', 0, LAST_SECOND, { int: true }),
    n('timezone', -50_400, 50_400, { int: true }),
    n('id', 0, Infinity, { int: true }),
    { kind: 'text', path: 'name' },
    { kind: 'text', path: 'sys.country' },
    n('weather.*.id', 0, Infinity, { int: true, required: true }),
    { kind: 'text', path: 'weather.*.main', required: true },
    { kind: 'text', path: 'weather.*.description', required: true },
    { kind: 'text', path: 'weather.*.icon', required: true },
  ];
}

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const shown = (v: unknown): string => (v === undefined ? 'missing' : JSON.stringify(v).slice(0, 60));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The problems a rule finds in one value, word for word. */
function judge(rule: Rule, path: string, value: unknown, units: Units): string[] {
  if (value === undefined && !rule.required) return [];
  const expected = rule.kind === 'text' ? 'string' : 'number';
  if (typeof value !== expected) return [`${path} Invalid input: expected ${expected}, received ${kindOf(value)} (got ${shown(value)})`];
  if (rule.kind === 'text') return [];
  const v = value as number;
  if (!Number.isFinite(v)) return [`${path} is not a finite number (got ${v}: a number too large for a double, such as 1e400)`];
  if (rule.int && !Number.isInteger(v)) return [`${path} Invalid input: expected int, received number (got ${shown(v)})`];
  const problems: string[] = [];
  // An int must also be a safe integer (zod says so before the field's own bounds).
  if (rule.int && v > Number.MAX_SAFE_INTEGER)
    problems.push(`${path} Too big: expected int to be <=${Number.MAX_SAFE_INTEGER} (got ${shown(v)})`);
  if (rule.int && v < Number.MIN_SAFE_INTEGER)
    problems.push(`${path} Too small: expected int to be >=${Number.MIN_SAFE_INTEGER} (got ${shown(v)})`);
  if (rule.temperature) {
    if (v >= rule.min && v <= rule.max) return [];
    const [min, max] = TEMPERATURE_RANGE[units];
    return [
      `${path} is not a plausible ${units} temperature (${min} to ${max} ${TEMPERATURE_SYMBOL[units]}): does OWM_UNITS match what the server sends? (got ${shown(v)})`,
    ];
  }
  // dt is a Unix time (>= 0) and then an observation (>= 1): a negative one fails both.
  const minimums = rule.path === 'dt' ? [0, 1] : [rule.min];
  problems.push(...minimums.filter((min) => v < min).map((min) => `${path} Too small: expected number to be >=${min} (got ${shown(v)})`));
  if (v > rule.max) problems.push(`${path} Too big: expected number to be <=${rule.max} (got ${shown(v)})`);
  return problems;
}

/** Exactly the problems parseWeather should list for an object body, sorted. */
export function expectedProblems(body: Record<string, unknown>, units: Units): string[] {
  const problems: string[] = [];
  const weather = body.weather;
  if (Array.isArray(weather) && weather.length === 0)
    problems.push('weather is an empty list (OWM always sends at least one condition) (got [])');
  else if (weather !== undefined && !Array.isArray(weather))
    problems.push(`weather Invalid input: expected array, received ${kindOf(weather)} (got ${shown(weather)})`);
  for (const rule of weatherRules(units)) {
    const [head, second, leaf] = rule.path.split('.') as [string, string?, string?];
    if (second === undefined) {
      problems.push(...judge(rule, head, body[head], units));
    } else if (second === '*') {
      if (!Array.isArray(weather)) continue;
      weather.forEach((c, i) => {
        if (isObject(c)) problems.push(...judge(rule, `weather.${i}.${leaf}`, c[leaf!], units));
        else problems.push(`weather.${i} Invalid input: expected object, received ${kindOf(c)} (got ${shown(c)})`);
      });
    } else {
      const parent = body[head];
      // A required parent (main) must be there; the others may be absent as a whole.
      if (isObject(parent)) problems.push(...judge(rule, rule.path, parent[second], units));
      else if (head === 'main' || parent !== undefined)
        problems.push(`${head} Invalid input: expected object, received ${kindOf(parent)} (got ${shown(parent)})`);
    }
  }
  return [...new Set(problems)].sort();
}

/** `YYYY-MM-DDThh:mm:ssZ` from Unix seconds, by the civil-from-days algorithm (H. Hinnant), not by Date. */
export function utcIso(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const secondOfDay = seconds - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const two = (n: number) => String(n).padStart(2, '0');
  const hms = [Math.floor(secondOfDay / 3600), Math.floor((secondOfDay % 3600) / 60), secondOfDay % 60].map(two).join(':');
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${hms}Z`;
}

/**
 * Dew point (°C) from the saturation vapour pressure over water, e_s(T) = 6.112 hPa ×
 * exp(17.62 T / (243.12 + T)) (WMO, Sonntag 1990), solved for the temperature where
 * e_s equals the actual vapour pressure RH × e_s(T). Undefined when RH is 0 (no such point).
 */
export function dewPointCelsius(celsius: number, humidityPercent: number): number | undefined {
  const vapourPressure = (humidityPercent / 100) * 6.112 * Math.exp((17.62 * celsius) / (243.12 + celsius));
  const x = Math.log(vapourPressure / 6.112);
  const dew = (243.12 * x) / (17.62 - x);
  return Number.isFinite(dew) ? dew : undefined;
}

const at = (body: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (isObject(v) || Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined), body);

/**
 * What each quantity should publish for an accepted body (undefined = cleared), read from the raw
 * body: OWM already sends temperatures and wind in the requested units, so they pass unchanged;
 * the dew point is the one computed value, in those units.
 */
export function expectedValues(body: Record<string, unknown>, units: Units): Record<string, number | string | undefined> {
  const num = (path: string) => at(body, path) as number | undefined;
  const time = (path: string) => (num(path) === undefined || num(path) === 0 ? undefined : utcIso(num(path)!));
  const rainOrSnow = (kind: string, period: string) =>
    at(body, kind) === undefined ? (period === '1h' ? 0 : undefined) : num(`${kind}.${period}`);
  const humidity = num('main.humidity');
  const dew = humidity === undefined || humidity === 0 ? undefined : dewPointCelsius(toCelsius[units](num('main.temp')!), humidity);
  return {
    temperature: num('main.temp'),
    feels_like: num('main.feels_like'),
    temp_min: num('main.temp_min'),
    temp_max: num('main.temp_max'),
    humidity,
    dew_point: dew === undefined ? undefined : fromCelsius[units](dew),
    pressure: num('main.pressure'),
    sea_level: num('main.sea_level'),
    grnd_level: num('main.grnd_level'),
    wind_speed: num('wind.speed'),
    wind_direction: num('wind.deg'),
    wind_gust: num('wind.gust'),
    clouds: num('clouds.all'),
    visibility: num('visibility'),
    rain_1h: rainOrSnow('rain', '1h'),
    rain_3h: rainOrSnow('rain', '3h'),
    snow_1h: rainOrSnow('snow', '1h'),
    snow_3h: rainOrSnow('snow', '3h'),
    condition: at(body, 'weather.0.main') as string | undefined,
    condition_id: num('weather.0.id'),
    description: at(body, 'weather.0.description') as string | undefined,
    icon: at(body, 'weather.0.icon') as string | undefined,
    sunrise: time('sys.sunrise'),
    sunset: time('sys.sunset'),
    observed_at: utcIso(num('dt')!),
  };
}
