import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { discoveryMessages } from '../../src/ha/discovery.js';
import { parseLocations } from '../../src/owm/locations.js';
import { AIR_QUANTITIES } from '../../src/quantities/air.js';
import { quotaWarnings } from '../../src/bridge/quota.js';
import { parseAir } from '../../src/owm/responses/air.js';
import { mapReport } from '../../src/bridge/mapping.js';
import { parseWeather } from '../../src/owm/responses/weather.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/owm/${name}`, import.meta.url)), 'utf8'));
const parsedLocations = parseLocations('Beijing,CN');
if (!parsedLocations.ok) throw new Error('location');
const beijing = parsedLocations.locations[0]!;
const weather = parseWeather(fixture('weather-clouds-all-optional-fields-metric.json'), 'metric');
if (!weather.ok) throw new Error('weather');
const settings = { topicPrefix: 'exterieur', units: 'metric' as const, qos: 1 as const, retain: true };

function airOf(body: unknown) {
  const parsed = parseAir(body);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.report;
}

describe('air quality', () => {
  it('maps the recorded "poor" response (aqi 4) to its nine topics and the state JSON', () => {
    const messages = mapReport(beijing, weather.report, settings, undefined, airOf(fixture('air-pollution-aqi4-poor.json')));
    const byLeaf = new Map(messages.map((m) => [m.topic.split('/').at(-1)!, m.payload]));
    expect(Object.fromEntries(AIR_QUANTITIES.map((q) => [q.name, byLeaf.get(q.name)]))).toEqual({
      aqi: '4',
      co: '293.74',
      no: '0',
      no2: '8.33',
      o3: '28.05',
      so2: '6.92',
      pm2_5: '52.28',
      pm10: '57.21',
      nh3: '5.63',
    });
    const state = JSON.parse(byLeaf.get('state')!) as { air: Record<string, number | null> };
    expect(state.air).toEqual({ aqi: 4, co: 293.74, no: 0, no2: 8.33, o3: 28.05, so2: 6.92, pm2_5: 52.28, pm10: 57.21, nh3: 5.63 });
  });

  it('maps the recorded "good" response (aqi 1)', () => {
    const messages = mapReport(beijing, weather.report, settings, undefined, airOf(fixture('air-pollution-aqi1-good.json')));
    expect(messages.find((m) => m.topic === 'exterieur/beijing/aqi')?.payload).toBe('1');
  });

  it('clears a component the response lacks, never 0', () => {
    const body = fixture('air-pollution-aqi4-poor.json') as { list: { components: Record<string, number> }[] };
    delete body.list[0]!.components.pm10;
    delete body.list[0]!.components.nh3;
    const messages = mapReport(beijing, weather.report, settings, undefined, airOf(body));
    expect(messages.find((m) => m.topic === 'exterieur/beijing/pm10')?.payload).toBe('');
    expect(messages.find((m) => m.topic === 'exterieur/beijing/nh3')?.payload).toBe('');
    expect(messages.find((m) => m.topic === 'exterieur/beijing/pm2_5')?.payload).toBe('52.28');
  });

  it('publishes no air topic at all without an air report (air quality off, or its call failed)', () => {
    const messages = mapReport(beijing, weather.report, settings);
    expect(messages.some((m) => m.topic.endsWith('/aqi'))).toBe(false);
  });

  it.each([
    ['aqi 6', { list: [{ main: { aqi: 6 } }] }, 'list.0.main.aqi'],
    ['a negative concentration', { list: [{ components: { co: -1 } }] }, 'list.0.components.co'],
    ['a concentration as a string', { list: [{ components: { pm10: '12' } }] }, 'list.0.components.pm10'],
    ['an empty list', { list: [] }, 'list'],
  ])('rejects %s, naming the field', (_, body, field) => {
    const parsed = parseAir(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')} `));
  });

  it('adds the air entities to Home Assistant discovery, with their device classes', () => {
    const messages = discoveryMessages([beijing], {
      haPrefix: 'homeassistant',
      topicPrefix: 'exterieur',
      units: 'metric',
      qos: 1,
      expireAfterSeconds: 2400,
      version: 'v',
      airQuality: true,
    });
    const config = (leaf: string) =>
      JSON.parse(messages.find((m) => m.topic === `homeassistant/sensor/owm2mqtt_beijing/${leaf}/config`)!.payload) as Record<
        string,
        unknown
      >;
    expect(config('aqi')).toMatchObject({ device_class: 'aqi', state_class: 'measurement', state_topic: 'exterieur/beijing/aqi' });
    expect(config('aqi').unit_of_measurement).toBeUndefined();
    expect(config('pm2_5')).toMatchObject({ device_class: 'pm25', unit_of_measurement: 'µg/m³' });
    expect(config('nh3').device_class).toBeUndefined();
  });

  it('counts the second call per location in the start-up quota check', () => {
    expect(quotaWarnings('*/10 * * * *', 31, 1)).toEqual([]);
    expect(quotaWarnings('*/10 * * * *', 31, 2)[0]).toContain('31 location(s) and air quality makes up to 62 calls in a minute');
  });
});

describe('parseAir: the bounds, both sides, with the exact problem', () => {
  const entry = (more: Record<string, unknown>) => ({
    coord: { lon: 116.4, lat: 39.9 },
    list: [{ dt: 1785573885, main: { aqi: 3 }, components: { co: 200 }, ...more }],
  });
  const problems = (body: unknown) => {
    const parsed = parseAir(body);
    return parsed.ok ? [] : parsed.problems;
  };

  it.each([
    ['aqi 1 and 5, concentrations 0 and 100000, dt 1', { dt: 1, main: { aqi: 1 }, components: { co: 0, pm10: 100_000 } }],
    ['aqi 5', { main: { aqi: 5 } }],
    ['no main, no components, no dt', { main: undefined, components: undefined, dt: undefined }],
  ])('accepts %s', (_, more) => {
    expect(problems(entry(more))).toEqual([]);
  });

  it.each([
    ['aqi 0', { main: { aqi: 0 } }, ['list.0.main.aqi Too small: expected number to be >=1']],
    ['aqi 6', { main: { aqi: 6 } }, ['list.0.main.aqi Too big: expected number to be <=5']],
    ['aqi 2.5', { main: { aqi: 2.5 } }, ['list.0.main.aqi Invalid input: expected int, received number']],
    ['co -0.1', { components: { co: -0.1 } }, ['list.0.components.co Too small: expected number to be >=0']],
    ['nh3 100000.5', { components: { nh3: 100_000.5 } }, ['list.0.components.nh3 Too big: expected number to be <=100000']],
    ['so2 "12"', { components: { so2: '12' } }, ['list.0.components.so2 Invalid input: expected number, received string']],
    ['dt 0', { dt: 0 }, ['list.0.dt Too small: expected number to be >=1']],
    ['dt 1.5', { dt: 1.5 }, ['list.0.dt Invalid input: expected int, received number']],
    ['main without aqi', { main: {} }, ['list.0.main.aqi Invalid input: expected number, received undefined']],
  ])('rejects %s', (_, more, expected) => {
    expect(problems(entry(more))).toEqual(expected);
  });

  it('rejects an empty list, a missing list, a body that is no object and a coord that is no number, saying so', () => {
    expect(problems({ list: [] })).toEqual(['list is an empty list (no current air quality)']);
    expect(problems({})).toEqual(['list Invalid input: expected array, received undefined']);
    expect(problems(null)).toEqual(['(body) Invalid input: expected object, received null']);
    expect(problems({ coord: { lon: 'x', lat: 1 }, list: [{}] })).toEqual(['coord.lon Invalid input: expected number, received string']);
  });

  it('reports the first entry of the list, every component as sent', () => {
    const components = { co: 1, no: 2, no2: 3, o3: 4, so2: 5, pm2_5: 6, pm10: 7, nh3: 8 };
    const parsed = parseAir({ list: [{ dt: 1785573885, main: { aqi: 2 }, components }, { main: { aqi: 5 } }] });
    expect(parsed).toEqual({ ok: true, report: { dt: 1785573885, main: { aqi: 2 }, components } });
    // Parsed twice: the schema is built once and kept.
    expect(parseAir({ list: [{ main: { aqi: 4 } }] })).toEqual({ ok: true, report: { main: { aqi: 4 } } });
  });
});

it('parseAir from a fresh module (its schema is built once per process): an empty list and a wrong coord, said', async () => {
  vi.resetModules();
  const { parseAir: parse } = await import('../../src/owm/responses/air.js');
  expect(parse({ coord: { lon: 'x', lat: 1 }, list: [] })).toEqual({
    ok: false,
    problems: ['coord.lon Invalid input: expected number, received string', 'list is an empty list (no current air quality)'],
  });
});
