import { describe, expect, it } from 'vitest';
import { dayOf, mapForecast, stepFor } from '../../src/bridge/forecast-mapping.js';
import { parseLocations } from '../../src/owm/locations.js';
import type { Forecast, ForecastStep } from '../../src/owm/responses/forecast.js';

const H = 3600;
const T0 = 1_785_574_800; // 2026-08-01T09:00:00Z
const steps = (...offsetsInHours: number[]): ForecastStep[] => offsetsInHours.map((h) => ({ dt: T0 + h * H, main: { temp: h } }));

describe('stepFor: the step for an instant', () => {
  it('a step at the very second of now counts; a second past does not, even when it is the nearest', () => {
    expect(stepFor(steps(0, 3), T0, T0 + H)?.dt).toBe(T0);
    // 1 s past now: nearer now + 1 h than the next step, and still never published as the future.
    expect(stepFor(steps(0, 3), T0 + 1, T0 + 1 + H)?.dt).toBe(T0 + 3 * H);
  });

  it('exactly 3 h from the instant is near enough; a second more is not', () => {
    expect(stepFor(steps(0), T0, T0 + 3 * H)?.dt).toBe(T0);
    expect(stepFor(steps(0), T0, T0 + 3 * H + 1)).toBeUndefined();
  });
});

describe('dayOf: the steps of the local day', () => {
  const forecast = (offset: number): Forecast => ({
    steps: steps(0, 3, 6, 9, 12, 15, 18, 21, 24),
    utcOffsetSeconds: offset,
    fetchedAtMs: T0 * 1000,
  });

  it("today from now on, the step at now included; tomorrow the next local date's", () => {
    // UTC: 09:00 to 24:00 of 2026-08-01 are today (09 … 21 h), 00:00 the next day.
    expect(dayOf(forecast(0), T0, 'today').steps.map((s) => s.main.temp)).toEqual([0, 3, 6, 9, 12]);
    expect(dayOf(forecast(0), T0, 'tomorrow').steps.map((s) => s.main.temp)).toEqual([15, 18, 21, 24]);
    expect(dayOf(forecast(0), T0 + 1, 'today').steps.map((s) => s.main.temp)).toEqual([3, 6, 9, 12]);
  });

  it('a place at UTC+10: its day turns at 14:00 UTC', () => {
    expect(dayOf(forecast(10 * H), T0, 'today').steps.map((s) => s.main.temp)).toEqual([0, 3]);
  });
});

describe('mapForecast', () => {
  const parsed = parseLocations('geo:1,2=here');
  if (!parsed.ok) throw new Error('no location');
  const here = parsed.locations[0]!;
  const settings = { topicPrefix: 'wx', units: 'metric' as const, qos: 1 as const, retain: true };

  it('the whole forecast lists the step at now, and not the one a second before', () => {
    const forecast: Forecast = { steps: steps(-1, 0, 3), utcOffsetSeconds: 0, fetchedAtMs: T0 * 1000 };
    const whole = JSON.parse(mapForecast(here, forecast, T0 * 1000, [3], settings).at(-1)!.payload) as { steps: { time: string }[] };
    expect(whole.steps.map((s) => s.time)).toEqual(['2026-08-01T09:00:00Z', '2026-08-01T12:00:00Z']);
  });
});
