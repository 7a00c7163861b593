import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseForecast } from '../../src/owm/responses/forecast.js';
import type { ReferenceClock } from '../../src/owm/responses/observation-time.js';

const lisbon = JSON.parse(
  readFileSync(new URL('../../fixtures/owm/forecast-lisbon-metric-lang-en-dew-point-no-precipitation.json', import.meta.url), 'utf8'),
) as { cod: string; list: Record<string, unknown>[]; city: Record<string, unknown> };
/** The capture's own time: 2026-08-01T09:02:25Z. */
const capturedAt = { ms: Date.parse('2026-08-01T09:02:25Z'), source: 'server' as const };
const problemsOf = (body: unknown, clock: ReferenceClock = capturedAt) => {
  const result = parseForecast(body, 'metric', clock);
  return result.ok ? [] : result.problems;
};

describe('parseForecast', () => {
  it('takes a recorded body: its steps in time order, the place offset, when it was fetched', () => {
    const result = parseForecast(lisbon, 'metric', capturedAt);
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.forecast.steps).toHaveLength(40);
    expect(result.forecast.utcOffsetSeconds).toBe(3600);
    expect(result.forecast.fetchedAtMs).toBe(capturedAt.ms);
  });

  it('sorts steps by dt, never trusting list order', () => {
    const shuffled = { ...lisbon, list: [...lisbon.list].reverse() };
    const result = parseForecast(shuffled, 'metric', capturedAt);
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.forecast.steps[0]!.dt).toBe(1785574800);
  });

  it.each([
    ['a cod that is not 200', { ...lisbon, cod: '404' }, /cod is "404"/],
    ['no list', { ...lisbon, list: undefined }, /list/],
    ['an empty list', { ...lisbon, list: [] }, /list is an empty list/],
    ['a dt given as text', { ...lisbon, list: [{ ...lisbon.list[0], dt: '1785574800' }] }, /list\.0\.dt/],
    ['a step without main.temp', { ...lisbon, list: [{ ...lisbon.list[0], main: {} }] }, /list\.0\.main\.temp/],
    ['a dt before 2012', { ...lisbon, list: [{ ...lisbon.list[0], dt: 1000 }] }, /before 2012/],
    ['a dt far ahead', { ...lisbon, list: [{ ...lisbon.list[0], dt: 1785574800 + 30 * 86400 }] }, /more than 6 days ahead/],
    ['a pop given in %', { ...lisbon, list: [{ ...lisbon.list[0], pop: 86 }] }, /list\.0\.pop/],
    ['two steps at one time', { ...lisbon, list: [lisbon.list[1], lisbon.list[1]] }, /two steps with the same dt/],
    ['Kelvin read as metric', { ...lisbon, list: [{ ...lisbon.list[0], main: { temp: 295.7 } }] }, /plausible metric temperature/],
  ])('refuses %s, naming the field', (_what, body, problem) => {
    expect(problemsOf(body).join('; ')).toMatch(problem);
  });

  it('refuses a forecast whose steps are all in the past: it would publish the past as the future', () => {
    const later = { ms: Date.parse('2026-08-07T00:00:00Z'), source: 'local' as const };
    expect(problemsOf(lisbon, later).join('; ')).toMatch(/every step is in the past/);
    // One step ahead is enough.
    expect(problemsOf(lisbon, { ms: Date.parse('2026-08-06T05:00:00Z'), source: 'local' })).toEqual([]);
  });

  it('accepts what OWM really sends: humidity 101, no visibility, cod as a number', () => {
    const odd = { ...lisbon, cod: 200, list: [{ ...lisbon.list[1], visibility: undefined, main: { temp: 20, humidity: 101 } }] };
    expect(problemsOf(odd)).toEqual([]);
  });
});

describe('parseForecast at its edges', () => {
  const oneStep = (dt: number, more: Record<string, unknown> = {}) => ({ list: [{ dt, main: { temp: 20 } }], ...more });
  const at = (seconds: number): ReferenceClock => ({ ms: seconds * 1000, source: 'local' });
  const NOW = 1_785_574_800;

  it('a step at the very second of the clock is current; one second earlier is past', () => {
    expect(problemsOf(oneStep(NOW), at(NOW))).toEqual([]);
    expect(problemsOf(oneStep(NOW - 1), at(NOW))).toEqual([
      'every step is in the past (the last, list dt 2026-08-01T08:59:59Z, is before 2026-08-01T09:00:00Z)',
    ]);
  });

  it('2012-01-01 itself is accepted, a second before is not; 6 days ahead is accepted, a second more is not', () => {
    expect(problemsOf(oneStep(1_325_376_000), at(1_325_376_000))).toEqual([]);
    expect(problemsOf(oneStep(1_325_375_999), at(1_325_370_000))).toEqual([
      'list.0.dt 2011-12-31T23:59:59Z is before 2012, when OpenWeatherMap began (got 1325375999)',
    ]);
    expect(problemsOf(oneStep(NOW + 6 * 86_400), at(NOW))).toEqual([]);
    expect(problemsOf(oneStep(NOW + 6 * 86_400 + 1), at(NOW))).toEqual([
      'list.0.dt 2026-08-07T09:00:01Z is more than 6 days ahead of the clock: no 5-day forecast (got 1786093201)',
    ]);
  });

  it('a body without cod or city is a forecast at UTC; only the problems found are said', () => {
    const result = parseForecast(oneStep(NOW), 'metric', at(NOW));
    expect(result.ok && result.forecast.utcOffsetSeconds).toBe(0);
    // A dt before 2012 is the problem: "every step is in the past" is not added to it.
    expect(problemsOf(oneStep(1000), at(NOW))).toEqual([
      'list.0.dt 1970-01-01T00:16:40Z is before 2012, when OpenWeatherMap began (got 1000)',
    ]);
  });

  it('its messages name the field, say what is accepted, and quote what came', () => {
    expect(problemsOf({ list: [] }, at(NOW))).toEqual(['list is an empty list: a forecast has at least one step (got [])']);
    expect(problemsOf(oneStep(NOW, { city: { coord: { lat: 95, lon: 0 } } }), at(NOW)).join('; ')).toMatch(
      /^city\.coord\.lat .*\(got 95\)$/,
    );
    expect(problemsOf({ list: [{ dt: NOW, main: { temp: 20 }, weather: [] }] }, at(NOW))).toEqual([
      'list.0.weather is an empty list (OWM always sends at least one condition) (got [])',
    ]);
    expect(problemsOf({ list: [{ dt: NOW, main: { temp: 300 } }] }, at(NOW))).toEqual([
      'list.0.main.temp is not a plausible metric temperature (-100 to 100 °C): does OWM_UNITS match what the server sends? (got 300)',
    ]);
  });
});
