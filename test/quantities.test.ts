/** The one table of quantities: names, order, kinds and units; and how absent values read. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isoSeconds } from '../src/core/time.js';
import { AIR_QUANTITIES } from '../src/quantities/air.js';
import { WEATHER_QUANTITIES as QUANTITIES } from '../src/quantities/weather.js';
import { UNITS } from '../src/core/units.js';
import { parseWeather, type WeatherReport } from '../src/owm/responses/weather.js';

// biome-ignore lint/suspicious/noExplicitAny: fixture bodies edited field by field, deliberately wrong; the schema under test is what types them
type Body = Record<string, any>;

const NAMES = [
  'temperature',
  'feels_like',
  'temp_min',
  'temp_max',
  'humidity',
  'dew_point',
  'pressure',
  'sea_level',
  'grnd_level',
  'wind_speed',
  'wind_direction',
  'wind_gust',
  'clouds',
  'visibility',
  'rain_1h',
  'rain_3h',
  'snow_1h',
  'snow_3h',
  'condition',
  'condition_id',
  'description',
  'icon',
  'sunrise',
  'sunset',
  'observed_at',
];

const TEMPERATURE = { metric: '°C', imperial: '°F', standard: 'K' };
const WIND = { metric: 'm/s', imperial: 'mph', standard: 'm/s' };
const same = (unit: string) => ({ metric: unit, imperial: unit, standard: unit });

/** What each quantity is, from the spec (condition_id is OWM's numeric condition code: a number, no unit). */
const EXPECTED: Record<string, { kind: 'number' | 'text' | 'timestamp'; unit: Record<string, string> | undefined }> = {
  temperature: { kind: 'number', unit: TEMPERATURE },
  feels_like: { kind: 'number', unit: TEMPERATURE },
  temp_min: { kind: 'number', unit: TEMPERATURE },
  temp_max: { kind: 'number', unit: TEMPERATURE },
  humidity: { kind: 'number', unit: same('%') },
  dew_point: { kind: 'number', unit: TEMPERATURE },
  pressure: { kind: 'number', unit: same('hPa') },
  sea_level: { kind: 'number', unit: same('hPa') },
  grnd_level: { kind: 'number', unit: same('hPa') },
  wind_speed: { kind: 'number', unit: WIND },
  wind_direction: { kind: 'number', unit: same('°') },
  wind_gust: { kind: 'number', unit: WIND },
  clouds: { kind: 'number', unit: same('%') },
  visibility: { kind: 'number', unit: same('m') },
  rain_1h: { kind: 'number', unit: same('mm') },
  rain_3h: { kind: 'number', unit: same('mm') },
  snow_1h: { kind: 'number', unit: same('mm') },
  snow_3h: { kind: 'number', unit: same('mm') },
  condition: { kind: 'text', unit: undefined },
  condition_id: { kind: 'number', unit: undefined },
  description: { kind: 'text', unit: undefined },
  icon: { kind: 'text', unit: undefined },
  sunrise: { kind: 'timestamp', unit: undefined },
  sunset: { kind: 'timestamp', unit: undefined },
  observed_at: { kind: 'timestamp', unit: undefined },
};

const byName = (name: string) => {
  const quantity = QUANTITIES.find((q) => q.name === name);
  if (!quantity) throw new Error(`no quantity ${name}`);
  return quantity;
};

describe('QUANTITIES table', () => {
  it("has exactly the 25 names (the spec's 24 and dew_point), in the spec order", () => {
    expect(QUANTITIES.map((q) => q.name)).toEqual(NAMES);
    expect(NAMES).toHaveLength(25);
  });

  it('has unique names, each a valid single topic level', () => {
    const names = QUANTITIES.map((q) => q.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(names).not.toContain('state');
  });

  it.each(NAMES)('%s has the expected kind and units', (name) => {
    const quantity = byName(name);
    expect(quantity.kind).toBe(EXPECTED[name]!.kind);
    expect(quantity.unit).toEqual(EXPECTED[name]!.unit);
  });

  it('every measured number quantity has a non-empty unit in metric, imperial and standard', () => {
    const measured = QUANTITIES.filter((q) => q.kind === 'number' && q.name !== 'condition_id');
    expect(measured).toHaveLength(18);
    for (const quantity of measured) {
      expect(Object.keys(quantity.unit ?? {}).sort(), quantity.name).toEqual([...UNITS].sort());
      for (const units of UNITS) expect(quantity.unit?.[units], `${quantity.name} in ${units}`).toMatch(/\S/);
    }
  });

  it('text and timestamp quantities have no unit', () => {
    const unitless = QUANTITIES.filter((q) => q.kind !== 'number');
    expect(unitless.map((q) => q.name)).toEqual(['condition', 'description', 'icon', 'sunrise', 'sunset', 'observed_at']);
    for (const quantity of unitless) expect(quantity.unit, quantity.name).toBeUndefined();
  });

  it('only temperatures and wind speeds change unit with the units system; precipitation stays mm', () => {
    const varying = QUANTITIES.filter((q) => q.unit && new Set(Object.values(q.unit)).size > 1).map((q) => q.name);
    expect(varying).toEqual(['temperature', 'feels_like', 'temp_min', 'temp_max', 'dew_point', 'wind_speed', 'wind_gust']);
    for (const name of ['rain_1h', 'rain_3h', 'snow_1h', 'snow_3h']) expect(byName(name).unit).toEqual(same('mm'));
  });
});

describe('reading a report', () => {
  const body = JSON.parse(
    readFileSync(fileURLToPath(new URL('../fixtures/owm/weather-clouds-all-optional-fields-metric.json', import.meta.url)), 'utf8'),
  ) as Body;

  function report(edit: (b: Body) => void): WeatherReport {
    const copy = structuredClone(body);
    edit(copy);
    const parsed = parseWeather(copy, 'metric');
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    return parsed.report;
  }

  const read = (name: string, r: WeatherReport) => byName(name).read(r, 'metric');

  it('sunrise and sunset of 0 (polar day and night) are cleared, not 1970', () => {
    const r = report((b) => Object.assign(b.sys, { sunrise: 0, sunset: 0 }));
    expect(read('sunrise', r)).toBeUndefined();
    expect(read('sunset', r)).toBeUndefined();
    expect(read('observed_at', r)).toBe('2026-08-01T08:44:45Z');
  });

  it('no sys at all clears sunrise and sunset', () => {
    const r = report((b) => delete b.sys);
    expect(read('sunrise', r)).toBeUndefined();
    expect(read('sunset', r)).toBeUndefined();
  });

  it('precipitation: no object → 1h is 0 and 3h cleared; object without 1h → 1h cleared', () => {
    const none = report(() => {});
    expect([read('rain_1h', none), read('rain_3h', none), read('snow_1h', none), read('snow_3h', none)]).toEqual([
      0,
      undefined,
      0,
      undefined,
    ]);
    const legacy = report((b) => Object.assign(b, { rain: { '3h': 3 }, snow: {} }));
    expect([read('rain_1h', legacy), read('rain_3h', legacy), read('snow_1h', legacy), read('snow_3h', legacy)]).toEqual([
      undefined,
      3,
      undefined,
      undefined,
    ]);
    const zero = report((b) => (b.rain = { '1h': 0 }));
    expect(read('rain_1h', zero)).toBe(0);
  });

  it('optional quantities absent this time read as undefined, never 0', () => {
    const r = report((b) => {
      delete b.wind;
      delete b.visibility;
      delete b.clouds;
      delete b.weather;
      for (const field of ['feels_like', 'temp_min', 'temp_max', 'pressure', 'humidity', 'sea_level', 'grnd_level']) delete b.main[field];
    });
    for (const name of NAMES.filter((n) => !['temperature', 'rain_1h', 'snow_1h', 'sunrise', 'sunset', 'observed_at'].includes(n))) {
      expect(read(name, r), name).toBeUndefined();
    }
  });

  it('isoSeconds: ISO 8601 UTC, whole seconds', () => {
    expect(isoSeconds(1795506072)).toBe('2026-11-24T07:41:12Z');
    expect(isoSeconds(1547387400)).toBe('2019-01-13T13:50:00Z');
  });
});

/** Where each value comes from, how Home Assistant should class it and what an absent value does, as the README's table says. */
const C = 'cleared';
const M = 'measurement';
const METADATA: Record<string, [source: string, deviceClass: string | undefined, stateClass: string | undefined, whenAbsent: string]> = {
  temperature: ['main.temp', 'temperature', M, 'never absent (required)'],
  feels_like: ['main.feels_like', 'temperature', M, C],
  temp_min: ['main.temp_min', 'temperature', M, C],
  temp_max: ['main.temp_max', 'temperature', M, C],
  humidity: ['main.humidity', 'humidity', M, C],
  dew_point: ['computed from main.temp and main.humidity (Magnus)', 'temperature', M, 'cleared when humidity is absent or 0'],
  pressure: ['main.pressure', 'atmospheric_pressure', M, C],
  sea_level: ['main.sea_level', 'atmospheric_pressure', M, C],
  grnd_level: ['main.grnd_level', 'atmospheric_pressure', M, C],
  wind_speed: ['wind.speed', 'wind_speed', M, C],
  wind_direction: ['wind.deg', 'wind_direction', 'measurement_angle', C],
  wind_gust: ['wind.gust', 'wind_speed', M, C],
  clouds: ['clouds.all', undefined, M, C],
  visibility: ['visibility', 'distance', M, C],
  rain_1h: ['rain.1h', 'precipitation', M, '0 when there is no `rain` object; cleared when the object lacks `1h`'],
  rain_3h: ['rain.3h', 'precipitation', M, C],
  snow_1h: ['snow.1h', 'precipitation', M, '0 when there is no `snow` object; cleared when the object lacks `1h`'],
  snow_3h: ['snow.3h', 'precipitation', M, C],
  condition: ['weather[0].main', undefined, undefined, C],
  condition_id: ['weather[0].id', undefined, undefined, C],
  description: ['weather[0].description', undefined, undefined, C],
  icon: ['weather[0].icon', undefined, undefined, C],
  sunrise: ['sys.sunrise', 'timestamp', undefined, 'cleared (also when OWM sends 0, as in polar day and night)'],
  sunset: ['sys.sunset', 'timestamp', undefined, 'cleared (also when OWM sends 0, as in polar day and night)'],
  observed_at: ['dt', 'timestamp', undefined, 'never absent (required)'],
};

describe('QUANTITIES metadata', () => {
  it.each(NAMES)('%s: source, device class, state class and what an absent value does', (name) => {
    const q = byName(name);
    expect([q.source, q.deviceClass, q.stateClass, q.whenAbsent]).toEqual(METADATA[name]);
  });

  it('air quantities: name, source, unit and device class', () => {
    expect(AIR_QUANTITIES.map((q) => [q.name, q.source, q.unit, q.deviceClass])).toEqual([
      ['aqi', 'list[0].main.aqi', undefined, 'aqi'],
      ...[
        ['co', 'carbon_monoxide'],
        ['no', 'nitrogen_monoxide'],
        ['no2', 'nitrogen_dioxide'],
        ['o3', 'ozone'],
        ['so2', 'sulphur_dioxide'],
        ['pm2_5', 'pm25'],
        ['pm10', 'pm10'],
        ['nh3', undefined],
      ].map(([name, deviceClass]) => [name, `list[0].components.${name}`, 'µg/m³', deviceClass]),
    ]);
  });

  it('air quantities read their own field, undefined when absent', () => {
    const report = { main: { aqi: 3 }, components: { co: 1, no: 2, no2: 3, o3: 4, so2: 5, pm2_5: 6, pm10: 7, nh3: 8 } };
    expect(AIR_QUANTITIES.map((q) => q.read(report, 'metric'))).toEqual([3, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(AIR_QUANTITIES.map((q) => q.read({}, 'metric'))).toEqual(Array(9).fill(undefined));
  });
});

describe('reading every field', () => {
  it('each quantity reads its own field of a full report (a swapped source is caught)', () => {
    const parsed = parseWeather(
      {
        dt: 1_785_573_885,
        coord: { lon: 1, lat: 2 },
        visibility: 9000,
        name: 'X',
        id: 5,
        main: { temp: 20, feels_like: 21, temp_min: 19, temp_max: 22, pressure: 1010, humidity: 50, sea_level: 1011, grnd_level: 1001 },
        wind: { speed: 3, deg: 270, gust: 7 },
        clouds: { all: 40 },
        rain: { '1h': 0.5, '3h': 1.5 },
        snow: { '1h': 0.25, '3h': 0.75 },
        weather: [
          { id: 500, main: 'Rain', description: 'light rain', icon: '10d' },
          { id: 701, main: 'Mist', description: 'mist', icon: '50d' },
        ],
        sys: { sunrise: 1_785_560_000, sunset: 1_785_610_000 },
      },
      'metric',
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(Object.fromEntries(QUANTITIES.map((q) => [q.name, q.read(parsed.report, 'metric')]))).toEqual({
      temperature: 20,
      feels_like: 21,
      temp_min: 19,
      temp_max: 22,
      humidity: 50,
      dew_point: 9.26,
      pressure: 1010,
      sea_level: 1011,
      grnd_level: 1001,
      wind_speed: 3,
      wind_direction: 270,
      wind_gust: 7,
      clouds: 40,
      visibility: 9000,
      rain_1h: 0.5,
      rain_3h: 1.5,
      snow_1h: 0.25,
      snow_3h: 0.75,
      condition: 'Rain',
      condition_id: 500,
      description: 'light rain',
      icon: '10d',
      sunrise: '2026-08-01T04:53:20Z',
      sunset: '2026-08-01T18:46:40Z',
      observed_at: '2026-08-01T08:44:45Z',
    });
  });
});
