/**
 * parseWeather: what OWM really sends is accepted (only dt and main.temp are
 * required); anything present but wrong rejects the whole body, and the
 * problem names the field. Each test is a small edit of a real recording.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { Units } from '../../src/core/units.js';
import { parseWeather, weatherSchema } from '../../src/owm/responses/weather.js';

// biome-ignore lint/suspicious/noExplicitAny: fixture bodies edited field by field, deliberately wrong; the schema under test is what types them
type Body = Record<string, any>;

function fixture(name: string): Body {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/owm/${name}`, import.meta.url)), 'utf8')) as Body;
}

/** Every field present (802, metric, Socorro). */
const FULL = 'weather-clouds-all-optional-fields-metric.json';

function edited(edit: (body: Body) => void, name = FULL): Body {
  const body = fixture(name);
  edit(body);
  return body;
}

/** The body is rejected, with exactly one problem, and that problem starts with the field's path. */
function expectRejectedFor(body: unknown, units: Units, field: string): string {
  const result = parseWeather(body, units);
  if (result.ok) throw new Error(`expected a rejection naming ${field}, but the body was accepted`);
  expect(result.problems, `problems: ${JSON.stringify(result.problems)}`).toHaveLength(1);
  const problem = result.problems[0]!;
  expect(problem.startsWith(`${field} `), `"${problem}" should name ${field}`).toBe(true);
  return problem;
}

function expectAccepted(body: unknown, units: Units) {
  const result = parseWeather(body, units);
  if (!result.ok) throw new Error(`expected acceptance, got: ${result.problems.join('; ')}`);
  return result.report;
}

describe('parseWeather: rejections name the field', () => {
  it('humidity 140', () => {
    const problem = expectRejectedFor(
      edited((b) => (b.main.humidity = 140)),
      'metric',
      'main.humidity',
    );
    expect(problem).toContain('140');
  });

  it('negative wind speed', () => {
    const problem = expectRejectedFor(
      edited((b) => (b.wind.speed = -3.2)),
      'metric',
      'wind.speed',
    );
    expect(problem).toContain('-3.2');
  });

  it('temp as the string "12"', () => {
    const problem = expectRejectedFor(
      edited((b) => (b.main.temp = '12')),
      'metric',
      'main.temp',
    );
    expect(problem).toContain('"12"');
  });

  it('an empty weather array', () => {
    expectRejectedFor(
      edited((b) => (b.weather = [])),
      'metric',
      'weather',
    );
  });

  it('missing dt', () => {
    const problem = expectRejectedFor(
      edited((b) => delete b.dt),
      'metric',
      'dt',
    );
    expect(problem).toContain('missing');
  });

  it('missing main.temp', () => {
    const problem = expectRejectedFor(
      edited((b) => delete b.main.temp),
      'metric',
      'main.temp',
    );
    expect(problem).toContain('missing');
  });

  it('a number beyond a double (1e400 parses to Infinity): said, not "(got null)"', () => {
    const problem = expectRejectedFor(JSON.parse('{"dt":1785573885,"main":{"temp":1e400}}'), 'metric', 'main.temp');
    expect(problem).toContain('main.temp is not a finite number (got Infinity');
    expect(problem).not.toContain('null');
  });

  it('dt 0', () => {
    expectRejectedFor(
      edited((b) => (b.dt = 0)),
      'metric',
      'dt',
    );
  });

  it('main as null', () => {
    const problem = expectRejectedFor(
      edited((b) => (b.main = null)),
      'metric',
      'main',
    );
    expect(problem).toContain('null');
  });

  it('missing main altogether', () => {
    expectRejectedFor(
      edited((b) => delete b.main),
      'metric',
      'main',
    );
  });

  it('coord lat 95', () => {
    const problem = expectRejectedFor(
      edited((b) => (b.coord.lat = 95)),
      'metric',
      'coord.lat',
    );
    expect(problem).toContain('95');
  });

  it('temperatures outside physical bounds, in each units system', () => {
    expectRejectedFor(
      edited((b) => (b.main.temp = 150)),
      'metric',
      'main.temp',
    );
    expectRejectedFor(
      edited((b) => (b.main.feels_like = -120)),
      'metric',
      'main.feels_like',
    );
    expectRejectedFor(
      edited((b) => (b.main.temp_max = 250), 'doc-weather-units-imperial.json'),
      'imperial',
      'main.temp_max',
    );
    expectRejectedFor(
      edited((b) => (b.main.temp_min = 150), 'doc-weather-units-standard-kelvin.json'),
      'standard',
      'main.temp_min',
    );
    expectRejectedFor(
      edited((b) => (b.main.temp = 400), 'doc-weather-units-standard-kelvin.json'),
      'standard',
      'main.temp',
    );
  });

  it('a metric body read as standard (Kelvin) is rejected on its temperatures', () => {
    const result = parseWeather(fixture('doc-weather-units-metric.json'), 'standard');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const fields = result.problems.map((p) => p.split(' ')[0]).sort();
    expect(fields).toEqual(['main.feels_like', 'main.temp', 'main.temp_max', 'main.temp_min']);
  });

  it('the temperature-range problem shows its bounds without floating-point noise', () => {
    // -100 °C + 273.15 is 173.14999999999998 in floating point; a message should say 173.15.
    const problem = expectRejectedFor(
      edited((b) => (b.main.temp = 100), 'doc-weather-units-standard-kelvin.json'),
      'standard',
      'main.temp',
    );
    expect(problem).not.toMatch(/\d\.\d{6,}/);
  });

  it('other present-but-wrong fields', () => {
    expectRejectedFor(
      edited((b) => (b.clouds.all = 101)),
      'metric',
      'clouds.all',
    );
    expectRejectedFor(
      edited((b) => (b.visibility = -1)),
      'metric',
      'visibility',
    );
    expectRejectedFor(
      edited((b) => (b.visibility = '10000')),
      'metric',
      'visibility',
    );
    expectRejectedFor(
      edited((b) => (b.wind.deg = 400)),
      'metric',
      'wind.deg',
    );
    expectRejectedFor(
      edited((b) => (b.wind.gust = -1)),
      'metric',
      'wind.gust',
    );
    expectRejectedFor(
      edited((b) => (b.main.pressure = '1016')),
      'metric',
      'main.pressure',
    );
    expectRejectedFor(
      edited((b) => (b.main.humidity = -5)),
      'metric',
      'main.humidity',
    );
    expectRejectedFor(
      edited((b) => (b.rain = { '1h': -0.5 })),
      'metric',
      'rain.1h',
    );
    expectRejectedFor(
      edited((b) => (b.snow = { '3h': 'lots' })),
      'metric',
      'snow.3h',
    );
    expectRejectedFor(
      edited((b) => (b.sys.sunrise = '06:00')),
      'metric',
      'sys.sunrise',
    );
    expectRejectedFor(
      edited((b) => (b.dt = 1785573885.5)),
      'metric',
      'dt',
    );
    expectRejectedFor(
      edited((b) => (b.dt = '1785573885')),
      'metric',
      'dt',
    );
    expectRejectedFor(
      edited((b) => (b.coord.lon = -181)),
      'metric',
      'coord.lon',
    );
    expectRejectedFor(
      edited((b) => (b.weather[0].id = '802')),
      'metric',
      'weather.0.id',
    );
    expectRejectedFor(
      edited((b) => delete b.weather[0].main),
      'metric',
      'weather.0.main',
    );
    expectRejectedFor(
      edited((b) => (b.weather = { id: 802 })),
      'metric',
      'weather',
    );
  });

  it('a body that is not an object', () => {
    for (const body of [null, [], 'ok', 200]) {
      const result = parseWeather(body, 'metric');
      expect(result.ok, JSON.stringify(body)).toBe(false);
    }
  });

  it('an OWM error body served with HTTP 200 (legacy 2014) is rejected, not mapped', () => {
    const result = parseWeather(fixture('error-404-legacy-2014-served-as-http-200.json'), 'metric');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const fields = result.problems.map((p) => p.split(' ')[0]);
    expect(fields).toContain('dt');
    expect(fields).toContain('main');
  });
});

describe('parseWeather: what OWM really sends is accepted', () => {
  it.each([
    ['weather-clear-imperial-lang-ru.json', 'imperial'],
    ['weather-clouds-all-optional-fields-metric.json', 'metric'],
    ['weather-multiple-conditions-legacy-2019-metric.json', 'metric'],
    ['weather-no-gust-with-sea-grnd-metric.json', 'metric'],
    ['weather-rain-1h-all-optional-fields-name-with-space-metric.json', 'metric'],
    ['weather-rain-1h-standard-kelvin-no-gust-no-sea-grnd.json', 'standard'],
    ['weather-rain-3h-only-handmade-fixture-metric.json', 'metric'],
    ['weather-shower-rain-no-rain-object-lang-fr-metric.json', 'metric'],
    ['weather-snow-1h-negative-accented-name-no-visibility-no-sys-type-metric.json', 'metric'],
    ['weather-zip-id-zero-no-wind-deg-visibility-over-10km-standard.json', 'standard'],
    ['doc-weather-units-metric.json', 'metric'],
    ['doc-weather-units-imperial.json', 'imperial'],
    ['doc-weather-units-standard-kelvin.json', 'standard'],
    ['telegraf-weather-kiev-703448-no-wind-deg-metric.json', 'metric'],
    ['telegraf-weather-london-2643743-metric.json', 'metric'],
    ['telegraf-weather-moscow-524901-metric.json', 'metric'],
    ['telegraf-weather-rain-1h-and-3h-trimmed-metric.json', 'metric'],
    ['telegraf-weather-snow-1h-trimmed-metric.json', 'metric'],
  ] as const)('%s as %s', (name, units) => {
    const body = fixture(name);
    const report = expectAccepted(body, units);
    expect(report.dt).toBe(body.dt);
    expect(report.main.temp).toBe(body.main.temp);
  });

  it('unknown extra fields, at the top and nested', () => {
    const body = edited((b) => {
      b.brand_new = { nested: [1, 2, 3] };
      b.main.dew_point = 18.2;
      b.wind.gust_3h = 9;
      b.weather[0].extra = 'x';
      b.sys.message = 0.0031;
      b.rain = { '1h': 0.2, '24h': 5 };
    });
    const report = expectAccepted(body, 'metric');
    expect(report.main.temp).toBe(22.55);
    expect(report.rain?.['1h']).toBe(0.2);
    expect(report.wind?.gust).toBe(7.6);
  });

  it('a body without coord, clouds, sys or weather', () => {
    const body = edited((b) => {
      delete b.coord;
      delete b.clouds;
      delete b.sys;
      delete b.weather;
    });
    const report = expectAccepted(body, 'metric');
    expect(report.coord).toBeUndefined();
    expect(report.clouds).toBeUndefined();
    expect(report.sys).toBeUndefined();
    expect(report.weather).toBeUndefined();
  });

  it('the smallest body: only dt and main.temp', () => {
    const report = expectAccepted({ dt: 1785573885, main: { temp: 22.55 } }, 'metric');
    expect(report).toEqual({ dt: 1785573885, main: { temp: 22.55 } });
  });

  it('visibility 16093 (over the documented 10 km)', () => {
    expect(
      expectAccepted(
        edited((b) => (b.visibility = 16093)),
        'metric',
      ).visibility,
    ).toBe(16093);
  });

  it('integer temperatures, in each units system', () => {
    const metric = edited((b) => Object.assign(b.main, { temp: 22, feels_like: 23, temp_min: 21, temp_max: 24 }));
    expect(expectAccepted(metric, 'metric').main).toMatchObject({ temp: 22, feels_like: 23, temp_min: 21, temp_max: 24 });
    const imperial = edited((b) => (b.main.temp = 47), 'doc-weather-units-imperial.json');
    expect(expectAccepted(imperial, 'imperial').main.temp).toBe(47);
    const standard = edited((b) => (b.main.temp = 282), 'doc-weather-units-standard-kelvin.json');
    expect(expectAccepted(standard, 'standard').main.temp).toBe(282);
  });

  it('values at the edges: humidity 0 and 100, wind 0, clouds 0, wind.deg 0 and 360', () => {
    expectAccepted(
      edited((b) => Object.assign(b, { main: { ...b.main, humidity: 0 }, wind: { speed: 0, deg: 0, gust: 0 }, clouds: { all: 0 } })),
      'metric',
    );
    expectAccepted(
      edited((b) => Object.assign(b, { main: { ...b.main, humidity: 100 }, wind: { ...b.wind, deg: 360 } })),
      'metric',
    );
  });

  it('polar day and night: sunrise and sunset 0', () => {
    const report = expectAccepted(
      edited((b) => Object.assign(b.sys, { sunrise: 0, sunset: 0 })),
      'metric',
    );
    expect(report.sys).toMatchObject({ sunrise: 0, sunset: 0 });
  });

  it('rain and snow objects without 1h (legacy 3h only) or empty', () => {
    expect(
      expectAccepted(
        edited((b) => (b.rain = { '3h': 3 })),
        'metric',
      ).rain,
    ).toEqual({ '3h': 3 });
    expect(
      expectAccepted(
        edited((b) => (b.snow = {})),
        'metric',
      ).snow,
    ).toEqual({});
  });

  it('id 0 (zip lookups) and a name with spaces and accents', () => {
    const report = expectAccepted(
      edited((b) => Object.assign(b, { id: 0, name: 'São João da Madeira' })),
      'metric',
    );
    expect(report.id).toBe(0);
    expect(report.name).toBe('São João da Madeira');
  });
});

describe('parseWeather: how a problem shows what was there', () => {
  const problemsOf = (body: unknown, units: Units = 'metric') => {
    const result = parseWeather(body, units);
    return result.ok ? [] : result.problems;
  };

  it('a long value is cut to its first 60 characters', () => {
    const name = 'x'.repeat(100);
    expect(problemsOf({ dt: 1785573885, main: { temp: 20 }, visibility: name })).toEqual([
      `visibility Invalid input: expected number, received string (got "${'x'.repeat(59)})`,
    ]);
  });

  it('a value JSON cannot show (a function, from a caller that did not parse JSON) is shown as text, not thrown on', () => {
    const temp = () => 20;
    expect(problemsOf({ dt: 1785573885, main: { temp } })).toEqual([
      `main.temp Invalid input: expected number, received function (got ${String(temp)})`,
    ]);
  });

  it('a body that is not an object is "(body)"', () => {
    expect(problemsOf('ok')).toEqual(['(body) Invalid input: expected object, received string (got "ok")']);
    expect(problemsOf(null)).toEqual(['(body) Invalid input: expected object, received null (got null)']);
  });

  it.each([
    ['metric', 100.01, 'is not a plausible metric temperature (-100 to 100 °C)'],
    ['imperial', -148.01, 'is not a plausible imperial temperature (-148 to 212 °F)'],
    ['standard', 373.16, 'is not a plausible standard temperature (173.15 to 373.15 K)'],
  ] as const)('the plausible %s range says its bounds and asks about OWM_UNITS', (units, temp, said) => {
    expect(problemsOf({ dt: 1785573885, main: { temp } }, units)).toEqual([
      `main.temp ${said}: does OWM_UNITS match what the server sends? (got ${temp})`,
    ]);
  });

  it.each([
    ['metric', -100, 100],
    ['imperial', -148, 212],
    ['standard', 173.15, 373.15],
  ] as const)('the plausible %s range takes both its ends', (units, min, max) => {
    expect(problemsOf({ dt: 1785573885, main: { temp: min, feels_like: max } }, units)).toEqual([]);
  });
});

it('weatherSchema builds one schema per units system and keeps it', () => {
  expect(weatherSchema('imperial')).toBe(weatherSchema('imperial'));
  expect(weatherSchema('imperial')).not.toBe(weatherSchema('standard'));
});

describe('parseWeather from a fresh module (its schemas are built once per process: these build them under the test)', () => {
  async function freshParse(body: unknown, units: Units): Promise<string[]> {
    vi.resetModules();
    const { parseWeather: parse } = await import('../../src/owm/responses/weather.js');
    const result = parse(body, units);
    return result.ok ? [] : result.problems;
  }

  it.each([
    ['metric', -100.01, 100.01, '(-100 to 100 °C)'],
    ['imperial', -148.01, 212.01, '(-148 to 212 °F)'],
    ['standard', 173.14, 373.16, '(173.15 to 373.15 K)'],
  ] as const)('%s: refuses just outside both ends, saying the range', async (units, below, above, range) => {
    const said = (field: string, v: number) =>
      `${field} is not a plausible ${units} temperature ${range}: does OWM_UNITS match what the server sends? (got ${v})`;
    expect(await freshParse({ dt: 1785573885, main: { temp: below, feels_like: above } }, units)).toEqual([
      said('main.temp', below),
      said('main.feels_like', above),
    ]);
  });

  it('refuses rain and snow past 2000 mm, saying which', async () => {
    expect(await freshParse({ dt: 1785573885, main: { temp: 1 }, rain: { '1h': 2001 }, snow: { '3h': -1 } }, 'metric')).toEqual([
      'rain.1h Too big: expected number to be <=2000 (got 2001)',
      'snow.3h Too small: expected number to be >=0 (got -1)',
    ]);
  });

  it('refuses a time past 2100 and an empty weather list, saying why', async () => {
    expect(await freshParse({ dt: 4_102_444_801, main: { temp: 1 }, weather: [] }, 'metric')).toEqual([
      'weather is an empty list (OWM always sends at least one condition) (got [])',
      'dt Too big: expected number to be <=4102444800 (got 4102444801)',
    ]);
  });
});
