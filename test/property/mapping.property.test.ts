import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Location } from '../../src/owm/locations.js';
import type { Message } from '../../src/core/message.js';
import { WEATHER_QUANTITIES as QUANTITIES } from '../../src/quantities/weather.js';
import type { Units } from '../../src/core/units.js';
import { mapReport, type MappingSettings } from '../../src/bridge/mapping.js';
import { MAX_UNIX_SECONDS, parseWeather, type WeatherReport } from '../../src/owm/responses/weather.js';
import { expectedProblems, expectedValues, METRES_PER_SECOND_PER_MPH, type Rule, toCelsius, weatherRules } from '../helpers/owm-oracle.js';

/**
 * Properties of the path from a decoded OWM body to MQTT messages:
 * parseWeather(body, units) then mapReport(location, report, settings, fetchedAt?).
 * Bodies are OWM-shaped records whose fields are each sometimes absent, sometimes
 * plausible, sometimes extreme, sometimes of the wrong type, with unknown fields around.
 * What should be accepted and published comes from test/helpers/owm-oracle.ts (OWM's
 * documented units and the ranges, written out by hand), never from src/ itself; and each
 * property counts the inputs it really checked, so a generator gone all-rejected fails.
 */

const RUNS = 400;
const PREFIX = 'home/weather';
const LOCATION: Location = { entry: 'Paris,FR', level: 'paris', selector: { kind: 'q', q: 'Paris,FR' } };
const settingsFor = (units: Units): MappingSettings => ({ topicPrefix: PREFIX, units, qos: 1, retain: true });
/** The largest Unix time in seconds a JavaScript Date (hence an ISO timestamp) can hold. */
// Where JavaScript dates end (seconds): bodies past MAX_UNIX_SECONDS must be refused, these too.
const MAX_DATE_SECONDS = 8_640_000_000_000;
const FORBIDDEN = ['NaN', 'undefined', 'null', 'Infinity', '-Infinity', '[object Object]'];
const TOP_LEVEL_FIELDS = [
  'coord',
  'weather',
  'main',
  'visibility',
  'wind',
  'clouds',
  'rain',
  'snow',
  'dt',
  'sys',
  'timezone',
  'id',
  'name',
];

// ---------- generators ----------

/** What JSON can hold but a number field should not: numbers as strings, null, booleans, nested wrong types. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constantFrom('12.5', '-0', '0', 'NaN', 'Infinity', '1e400', '', ' 7 ', 'null', 'undefined'),
  fc.double().map(String),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.array(fc.integer(), { minLength: 1, maxLength: 2 }),
  fc.record({ value: fc.integer() }),
  fc.string({ maxLength: 4 }),
);

/** Values within [min, max]: the edges, -0, integers, decimals, tiny ones. */
function number(min: number, max: number): fc.Arbitrary<number> {
  const inRange = (values: number[]) => values.filter((v) => v >= min && v <= max);
  return fc.oneof(
    { weight: 4, arbitrary: fc.double({ min, max, noNaN: true }) },
    {
      weight: 3,
      arbitrary: fc.integer({
        min: Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER),
        max: Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER),
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom(min, max, ...inRange([-0, 0, 1e-7, -1e-7, 5e-324, 0.1 + 0.2, 123.456])) },
  );
}

/** Values a number field must refuse: just outside its range, huge, or not a number at all. */
function badNumber(min: number, max: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(min - 0.001, max + 0.001, -Number.MAX_VALUE, Number.MAX_VALUE, 1e21, 2 ** 53 + 2),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => v < min || v > max),
    wrongType,
  );
}

/** Unix seconds: realistic, 0 (polar day and night), and, with `extreme`, beyond what a Date can hold. */
function unixSeconds(extreme: boolean): fc.Arbitrary<number> {
  const within = [
    fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }),
    fc.constantFrom(0, 1, MAX_UNIX_SECONDS),
    fc.integer({ min: 0, max: MAX_UNIX_SECONDS }),
  ];
  const beyond = [
    fc.integer({ min: MAX_UNIX_SECONDS + 1, max: Number.MAX_SAFE_INTEGER }),
    fc.constantFrom(MAX_UNIX_SECONDS + 1, MAX_DATE_SECONDS, MAX_DATE_SECONDS + 1, Number.MAX_SAFE_INTEGER),
  ];
  return extreme ? fc.oneof(...within, ...beyond) : fc.oneof(...within);
}

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('', 'Clouds', 'overcast clouds', '04d', 'null', 'NaN', 'undefined'),
);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.record({ v: arb }, { requiredKeys: [] }).map((r) => r.v);
/** Unknown fields OWM sends (`base`, `cod`) or may add one day. */
const extras = fc.dictionary(fc.constantFrom('base', 'cod', 'message', 'future', 'x_y', 'rain_2h', 'Main'), fc.jsonValue({ maxDepth: 2 }), {
  maxKeys: 3,
});
const withExtras = <T extends object>(arb: fc.Arbitrary<T>) => fc.tuple(arb, extras).map(([known, more]) => ({ ...more, ...known }));

/** Every numeric field of a body: its path and the range the schema accepts (temperatures depend on units). */
function numericFields(units: Units): [string, number, number][] {
  const t: [number, number] = units === 'metric' ? [-100, 100] : units === 'imperial' ? [-148, 212] : [173.15, 373.15];
  return [
    ['main.temp', ...t],
    ['main.feels_like', ...t],
    ['main.temp_min', ...t],
    ['main.temp_max', ...t],
    ['main.pressure', 100, 1200],
    ['main.humidity', 0, 100],
    ['main.sea_level', 100, 1200],
    ['main.grnd_level', 100, 1200],
    ['coord.lon', -180, 180],
    ['coord.lat', -90, 90],
    ['visibility', 0, Number.MAX_VALUE],
    ['wind.speed', 0, 500],
    ['wind.deg', 0, 360],
    ['wind.gust', 0, 500],
    ['clouds.all', 0, 100],
    ['rain.1h', 0, 2000],
    ['rain.3h', 0, 2000],
    ['snow.1h', 0, 2000],
    ['snow.3h', 0, 2000],
  ];
}

/** A body the schema should accept: any subset of the optional fields, each within its range. */
function plausibleBody(units: Units, extreme: boolean): fc.Arbitrary<Record<string, unknown>> {
  const range = new Map(numericFields(units).map(([path, min, max]) => [path, number(min, max)]));
  const n = (path: string) => range.get(path)!;
  const temperature = n('main.temp');
  const condition = withExtras(fc.record({ id: fc.integer({ min: 0, max: 999 }), main: text, description: text, icon: text }));
  const precipitation = (kind: string) => withExtras(fc.record({ '1h': n(`${kind}.1h`), '3h': n(`${kind}.3h`) }, { requiredKeys: [] }));
  return withExtras(
    fc.record(
      {
        coord: withExtras(fc.record({ lon: n('coord.lon'), lat: n('coord.lat') })),
        weather: fc.array(condition, { minLength: 1, maxLength: 3 }),
        main: withExtras(
          fc.record(
            {
              temp: temperature,
              feels_like: temperature,
              temp_min: temperature,
              temp_max: temperature,
              pressure: n('main.pressure'),
              humidity: n('main.humidity'),
              sea_level: n('main.sea_level'),
              grnd_level: n('main.grnd_level'),
            },
            { requiredKeys: ['temp'] },
          ),
        ),
        visibility: fc.oneof(fc.integer({ min: 0, max: 10_000 }), n('visibility')),
        wind: withExtras(fc.record({ speed: n('wind.speed'), deg: n('wind.deg'), gust: n('wind.gust') }, { requiredKeys: [] })),
        clouds: withExtras(fc.record({ all: n('clouds.all') }, { requiredKeys: [] })),
        rain: precipitation('rain'),
        snow: precipitation('snow'),
        dt: unixSeconds(extreme).filter((s) => s >= 1),
        sys: withExtras(fc.record({ country: text, sunrise: unixSeconds(extreme), sunset: unixSeconds(extreme) }, { requiredKeys: [] })),
        timezone: fc.integer({ min: -50_400, max: 50_400 }),
        id: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000_000 })),
        name: text,
      },
      { requiredKeys: ['main', 'dt'] },
    ),
  );
}

/** Sets `path` (dot-separated; a number indexes an array) in a copy of `body`, creating what is missing on the way; undefined deletes. */
function setAt(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const set = (node: unknown, [head, ...rest]: string[]): unknown => {
    const copy = (
      Array.isArray(node) ? [...node] : typeof node === 'object' && node !== null ? { ...node } : /^\d+$/.test(head!) ? [] : {}
    ) as Record<string, unknown>;
    if (rest.length > 0) copy[head!] = set(copy[head!], rest);
    else if (value === undefined) delete copy[head!];
    else copy[head!] = value;
    return copy;
  };
  return set(body, path.split('.')) as Record<string, unknown>;
}

/** A plausible body with one field made wrong: out of range, of another type, or a required one missing. */
function brokenBody(units: Units, extreme: boolean): fc.Arbitrary<unknown> {
  const numeric = fc.constantFrom(...numericFields(units)).chain(([path, min, max]) => fc.tuple(fc.constant(path), badNumber(min, max)));
  const other = fc.oneof(
    fc.tuple(
      fc.constantFrom('dt', 'sys.sunrise', 'sys.sunset', 'timezone', 'id'),
      fc.oneof(fc.constantFrom(-1, 1.5, 50_401, -50_401, 2 ** 53), wrongType),
    ),
    fc.tuple(fc.constantFrom('weather', 'main', 'coord', 'wind', 'clouds', 'rain', 'snow', 'sys'), wrongType),
    fc.tuple(
      fc.constantFrom('name', 'sys.country', 'weather.0.main', 'weather.0.icon'),
      fc.oneof(fc.integer(), fc.constant(null), fc.constant([])),
    ),
    fc.tuple(fc.constant('weather'), fc.constantFrom([], [{}], [{ id: 1 }], [null], [{ id: -1, main: 'a', description: 'b', icon: 'c' }])),
  );
  return fc.tuple(plausibleBody(units, extreme), fc.oneof(numeric, other), fc.boolean()).map(([body, [path, value], drop]) => {
    if (drop && (path === 'dt' || path === 'main')) {
      const { [path]: _dropped, ...rest } = body;
      return rest;
    }
    return setAt(body, path, value);
  });
}

/** A value `rule` must refuse, most of the time (the oracle judges the value it gets, not this intent). */
function badValue(rule: Rule): fc.Arbitrary<unknown> {
  const missing = rule.required ? [fc.constant(undefined)] : [];
  if (rule.kind === 'text') return fc.oneof(fc.integer(), fc.constant(null), fc.constant([]), fc.boolean(), ...missing);
  const { min, max } = rule;
  return fc.oneof(
    fc.constantFrom(min - 0.001, max + 0.001, min - 1, max + 1, min + 0.5, -1, Infinity, -Infinity),
    fc.double({ noNaN: true }),
    wrongType,
    ...missing,
  );
}

/** A plausible body with up to two fields (any checked one, a condition's too) set to a value their rule refuses, or an empty `weather`. */
function judgedBody(units: Units): fc.Arbitrary<Record<string, unknown>> {
  const edit = fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .constantFrom(...weatherRules(units))
        .chain((rule) => fc.tuple(fc.constant(rule.path.replace('*', '0')), badValue(rule))),
    },
    { weight: 1, arbitrary: fc.constant<[string, unknown]>(['weather', []]) },
  );
  return fc
    .tuple(plausibleBody(units, false), fc.array(edit, { maxLength: 2 }))
    .map(([body, edits]) => edits.reduce((b, [path, value]) => setAt(b, path, value), body));
}

/** Anything JSON can hold, where an object was expected. */
const notAnObject = fc.oneof(wrongType, fc.jsonValue({ maxDepth: 2 }));

function owmBody(units: Units, extreme: boolean): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 10, arbitrary: plausibleBody(units, extreme) },
    { weight: 8, arbitrary: brokenBody(units, extreme) },
    { weight: 1, arbitrary: notAnObject },
  );
}

const units = fc.constantFrom<Units>('metric', 'imperial', 'standard');
/** A units system and a body, with timestamps that a Date can hold, or any the schema might take. */
const unitsAndBody = (extreme: boolean) => units.chain((u) => fc.tuple(fc.constant(u), owmBody(u, extreme)));
const fetchedAt = optional(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }));

// ---------- helpers ----------

function accepted(u: Units, body: unknown): WeatherReport | undefined {
  const result = parseWeather(body, u);
  return result.ok ? result.report : undefined;
}

function byLeaf(messages: Message[]): Map<string, Message> {
  return new Map(messages.map((m) => [m.topic.slice(`${PREFIX}/${LOCATION.level}/`.length), m]));
}

// ---------- properties ----------

describe('parseWeather (property)', () => {
  it('never throws; a refusal lists problems that each start with a field path', () => {
    let refused = 0;
    let ok = 0;
    fc.assert(
      fc.property(unitsAndBody(true), ([u, body]) => {
        const result = parseWeather(body, u);
        if (result.ok) {
          ok++;
          return;
        }
        refused++;
        expect(result.problems.length).toBeGreaterThan(0);
        for (const problem of result.problems) {
          const path = /^(\(body\)|[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*) \S/.exec(problem);
          expect(path, problem).not.toBeNull();
          const first = path![1]!.split('.')[0]!;
          expect(['(body)', ...TOP_LEVEL_FIELDS], problem).toContain(first);
        }
      }),
      { numRuns: RUNS * 2 },
    );
    // Both sides of the property are exercised.
    expect(ok).toBeGreaterThan(RUNS / 10);
    expect(refused).toBeGreaterThan(RUNS / 10);
  });

  it('accepts exactly the bodies the hand-written table allows, and lists each problem word for word', () => {
    let ok = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        units.chain((u) => fc.tuple(fc.constant(u), judgedBody(u))),
        ([u, body]) => {
          const expected = expectedProblems(body, u);
          const result = parseWeather(body, u);
          if (result.ok) ok++;
          else refused++;
          expect(result.ok ? [] : [...result.problems].sort(), JSON.stringify(body)).toEqual(expected);
        },
      ),
      { numRuns: RUNS * 2 },
    );
    expect(ok).toBeGreaterThan(RUNS / 5);
    expect(refused).toBeGreaterThan(RUNS / 5);
  });
});

describe('mapReport (property)', () => {
  it('maps every body parseWeather accepts without throwing', () => {
    let mapped = 0;
    fc.assert(
      fc.property(unitsAndBody(true), fetchedAt, ([u, body], at) => {
        const report = accepted(u, body);
        if (report === undefined) return;
        mapped++;
        expect(() => mapReport(LOCATION, report, settingsFor(u), at), JSON.stringify(body)).not.toThrow();
      }),
      { numRuns: RUNS },
    );
    // About one body in five is accepted here (timestamps beyond 2100 are refused).
    expect(mapped).toBeGreaterThan(RUNS / 8);
  });

  it('publishes 25 quantities and state (and last_success, errors with fetchedAt) under the prefix, no wildcard, no "NaN"', () => {
    let mapped = 0;
    fc.assert(
      fc.property(unitsAndBody(false), fetchedAt, ([u, body], at) => {
        const report = accepted(u, body);
        if (report === undefined) return;
        mapped++;
        const settings = settingsFor(u);
        const messages = mapReport(LOCATION, report, settings, at);
        const leaves = QUANTITIES.map((q) => q.name);
        const expected = at === undefined ? [...leaves, 'state'] : [...leaves, 'last_success', 'errors', 'state'];
        expect(QUANTITIES).toHaveLength(25);
        expect(messages.map((m) => m.topic)).toEqual(expected.map((leaf) => `${PREFIX}/${LOCATION.level}/${leaf}`));
        for (const message of messages) {
          expect(message.topic.startsWith(`${PREFIX}/`)).toBe(true);
          expect(message.topic).not.toMatch(/[+#\u0000]/);
          expect(message.qos).toBe(settings.qos);
          expect(message.retain).toBe(settings.retain);
          expect(typeof message.payload).toBe('string');
        }
        const leaf = byLeaf(messages);
        const oracle = expectedValues(body as Record<string, unknown>, u);
        for (const quantity of QUANTITIES) {
          const payload = leaf.get(quantity.name)!.payload;
          const source = quantity.read(report, u);
          if (FORBIDDEN.includes(payload)) {
            // Only a text field OWM itself sent with that very content may read like this.
            expect(quantity.kind, `${quantity.name} = ${JSON.stringify(payload)}`).toBe('text');
            expect(source).toBe(payload);
          }
          if (quantity.kind === 'number' && payload !== '') {
            expect(Number.isFinite(Number(payload)), `${quantity.name} = ${payload}`).toBe(true);
            expect(Number(payload) === source, `${quantity.name}: ${payload} vs ${String(source)}`).toBe(true);
          }
          if (quantity.kind === 'timestamp' && payload !== '') expect(payload).toMatch(/^[+-]?\d{4,6}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
          if (quantity.kind === 'text') expect(payload).toBe(source ?? '');
          // The oracle: what the raw body says, in OWM's documented units (dew point computed its own way, to two decimals).
          const want = oracle[quantity.name];
          if (want === undefined) expect(payload, quantity.name).toBe('');
          else if (quantity.name === 'dew_point') {
            expect(payload).toMatch(/^-?\d+(\.\d{1,2})?$/);
            expect(Math.abs(Number(payload) - (want as number)), `dew_point ${payload} vs ${String(want)}`).toBeLessThanOrEqual(
              0.005 + 1e-6,
            );
          } else if (typeof want === 'number') expect(Number(payload) === want, `${quantity.name}: ${payload} vs ${want}`).toBe(true);
          else expect(payload, quantity.name).toBe(want);
        }
        expect(leaf.get('temperature')!.payload).not.toBe('');
        expect(leaf.get('observed_at')!.payload).not.toBe('');
        if (at !== undefined) {
          expect(leaf.get('errors')!.payload).toBe('0');
          expect(new Date(leaf.get('last_success')!.payload).getTime()).toBe(Math.floor(at.getTime() / 1000) * 1000);
        }
      }),
      { numRuns: RUNS },
    );
    expect(mapped).toBeGreaterThan(RUNS / 10);
  });

  it('the state JSON holds the same values as the plain topics (null exactly where a topic is cleared)', () => {
    let mapped = 0;
    fc.assert(
      fc.property(unitsAndBody(false), fetchedAt, ([u, body], at) => {
        const report = accepted(u, body);
        if (report === undefined) return;
        mapped++;
        const leaf = byLeaf(mapReport(LOCATION, report, settingsFor(u), at));
        const stateMessage = leaf.get('state')!;
        expect(stateMessage.json).toBe(true);
        const state = JSON.parse(stateMessage.payload) as Record<string, unknown>;
        for (const quantity of QUANTITIES) {
          const payload = leaf.get(quantity.name)!.payload;
          const value = state[quantity.name];
          if (quantity.kind === 'number') {
            if (payload === '') expect(value, quantity.name).toBeNull();
            else expect(value, quantity.name).toBe(Number(payload));
          } else if (quantity.kind === 'timestamp') {
            expect(value, quantity.name).toBe(payload === '' ? null : payload);
          } else {
            expect(value ?? '', quantity.name).toBe(payload);
          }
        }
        expect(state.units).toBe(u);
        expect(state.last_success).toBe(at === undefined ? undefined : leaf.get('last_success')!.payload);
      }),
      { numRuns: RUNS },
    );
    expect(mapped).toBeGreaterThan(RUNS / 10);
  });
});

describe("the same observation in the three unit systems (OWM's documented Newtonhill example)", () => {
  const fixture = (name: string) =>
    JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/owm/${name}`, import.meta.url)), 'utf8')) as unknown;
  const published = (u: Units, name: string) => {
    const report = accepted(u, fixture(name));
    if (report === undefined) throw new Error(`${name} refused as ${u}`);
    return new Map([...byLeaf(mapReport(LOCATION, report, settingsFor(u)))].map(([leaf, m]) => [leaf, Number(m.payload)]));
  };
  const metric = published('metric', 'doc-weather-units-metric.json');
  const imperial = published('imperial', 'doc-weather-units-imperial.json');
  const standard = published('standard', 'doc-weather-units-standard-kelvin.json');

  it('publishes the same temperatures and dew point once converted by the table (°F, K → °C)', () => {
    expect(metric.get('temperature')).toBe(8.48);
    for (const leaf of ['temperature', 'feels_like', 'temp_min', 'temp_max', 'dew_point']) {
      expect(Math.abs(toCelsius.imperial(imperial.get(leaf)!) - metric.get(leaf)!), `${leaf} °F`).toBeLessThan(0.02);
      expect(Math.abs(toCelsius.standard(standard.get(leaf)!) - metric.get(leaf)!), `${leaf} K`).toBeLessThan(0.02);
    }
  });

  it('publishes wind in mph only in imperial, and hPa, %, m the same in all three', () => {
    for (const leaf of ['wind_speed', 'wind_gust']) {
      expect(standard.get(leaf), leaf).toBe(metric.get(leaf));
      expect(Math.abs(imperial.get(leaf)! * METRES_PER_SECOND_PER_MPH - metric.get(leaf)!), leaf).toBeLessThan(0.01);
    }
    for (const leaf of ['pressure', 'humidity', 'sea_level', 'grnd_level', 'visibility', 'clouds', 'wind_direction']) {
      expect([imperial.get(leaf), standard.get(leaf)], leaf).toEqual([metric.get(leaf), metric.get(leaf)]);
    }
  });
});
