import { describe, expect, it } from 'vitest';
import type { ForecastStep } from '../../src/owm/responses/forecast.js';
import { dominantCondition, FORECAST_DAY_QUANTITIES, FORECAST_STEP_QUANTITIES, stepPrecipitation } from '../../src/quantities/forecast.js';
import { unitIn } from '../../src/quantities/quantity.js';

const DT = 1_785_574_800;
const bare: ForecastStep = { dt: DT, main: { temp: 12.5 } };
const step = (id: number, main: string, more: Partial<ForecastStep> = {}): ForecastStep => ({
  dt: DT,
  main: { temp: 10 },
  weather: [{ id, main, description: main.toLowerCase(), icon: '01d' }],
  ...more,
});

describe('the forecast step table', () => {
  it('a step with only dt and main.temp: the temperature, 0 mm, its time; nothing made up for the rest', () => {
    const read = Object.fromEntries(FORECAST_STEP_QUANTITIES.map((q) => [q.name, q.read(bare, 'metric')]));
    expect(read).toEqual({
      temperature: 12.5,
      feels_like: undefined,
      humidity: undefined,
      pressure: undefined,
      wind_speed: undefined,
      wind_gust: undefined,
      wind_direction: undefined,
      clouds: undefined,
      pop: undefined,
      precipitation: 0,
      condition: undefined,
      icon: undefined,
      time: '2026-08-01T09:00:00Z',
    });
  });

  it('humidity over 100 published as 100; pop as a rounded percentage; rain and snow summed to 2 decimals', () => {
    const full: ForecastStep = {
      ...step(616, 'Snow'),
      main: { temp: 0, humidity: 101 },
      pop: 0.865,
      rain: { '3h': 0.1 },
      snow: { '3h': 0.2 },
    };
    const read = (name: string) => FORECAST_STEP_QUANTITIES.find((q) => q.name === name)!.read(full, 'metric');
    expect([read('humidity'), read('pop'), read('precipitation')]).toEqual([100, 87, 0.3]);
    expect(stepPrecipitation({ ...bare, snow: { '3h': 3 } })).toBe(3);
    expect(stepPrecipitation({ ...bare, rain: {} })).toBe(0);
  });

  it.each([
    ['temperature', '°C', '°F', 'K', 'temperature', 'measurement'],
    ['feels_like', '°C', '°F', 'K', 'temperature', 'measurement'],
    ['humidity', '%', '%', '%', 'humidity', 'measurement'],
    ['pressure', 'hPa', 'hPa', 'hPa', 'atmospheric_pressure', 'measurement'],
    ['wind_speed', 'm/s', 'mph', 'm/s', 'wind_speed', 'measurement'],
    ['wind_gust', 'm/s', 'mph', 'm/s', 'wind_speed', 'measurement'],
    ['wind_direction', '°', '°', '°', 'wind_direction', 'measurement_angle'],
    ['clouds', '%', '%', '%', undefined, 'measurement'],
    ['pop', '%', '%', '%', undefined, 'measurement'],
    ['precipitation', 'mm', 'mm', 'mm', 'precipitation', 'measurement'],
    ['condition', undefined, undefined, undefined, undefined, undefined],
    ['icon', undefined, undefined, undefined, undefined, undefined],
    ['time', undefined, undefined, undefined, 'timestamp', undefined],
  ])('%s: %s, %s, %s; Home Assistant %s, %s', (name, metric, imperial, standard, deviceClass, stateClass) => {
    const q = FORECAST_STEP_QUANTITIES.find((row) => row.name === name)!;
    expect([unitIn(q.unit, 'metric'), unitIn(q.unit, 'imperial'), unitIn(q.unit, 'standard'), q.deviceClass, q.stateClass]).toEqual([
      metric,
      imperial,
      standard,
      deviceClass,
      stateClass,
    ]);
  });
});

describe('the forecast day table', () => {
  const read = (name: string, steps: ForecastStep[]) => FORECAST_DAY_QUANTITIES.find((q) => q.name === name)!.read({ steps }, 'metric');

  it('the lowest and highest temperature, the summed precipitation, the highest pop', () => {
    const steps = [
      step(500, 'Rain', { main: { temp: 4 }, pop: 0.2, rain: { '3h': 1.25 } }),
      step(800, 'Clear', { main: { temp: -1.5 } }),
      step(601, 'Snow', { main: { temp: 9 }, pop: 0.81, snow: { '3h': 2 } }),
    ];
    expect(['temp_min', 'temp_max', 'precipitation', 'pop'].map((name) => read(name, steps))).toEqual([-1.5, 9, 3.25, 81]);
  });

  it('no step: every quantity cleared; no pop at all: pop cleared', () => {
    for (const q of FORECAST_DAY_QUANTITIES) expect(q.read({ steps: [] }, 'metric'), q.name).toBeUndefined();
    expect(read('pop', [bare])).toBeUndefined();
    expect(read('precipitation', [bare])).toBe(0);
  });

  it.each([
    ['the most frequent wins over a rougher one', [step(800, 'Clear'), step(800, 'Clear'), step(211, 'Thunderstorm')], 'Clear'],
    ['the most frequent wins when it comes later, too', [step(211, 'Thunderstorm'), step(800, 'Clear'), step(800, 'Clear')], 'Clear'],
    ['a tie: thunderstorm over snow', [step(600, 'Snow'), step(200, 'Thunderstorm')], 'Thunderstorm'],
    ['a tie: snow over rain', [step(500, 'Rain'), step(600, 'Snow')], 'Snow'],
    ['a tie: rain over drizzle', [step(300, 'Drizzle'), step(501, 'Rain')], 'Rain'],
    ['a tie: drizzle over mist', [step(701, 'Mist'), step(300, 'Drizzle')], 'Drizzle'],
    ['a tie: mist over clouds', [step(801, 'Clouds'), step(741, 'Fog')], 'Fog'],
    ['a tie: clouds over clear', [step(800, 'Clear'), step(804, 'Clouds')], 'Clouds'],
    ['a tie of one kind: the earlier', [step(701, 'Mist'), step(741, 'Fog')], 'Mist'],
    ['boundaries: 299 is a thunderstorm, 399 drizzle, 599 rain, 699 snow, 799 mist', [step(799, 'Sand'), step(699, 'Sleet')], 'Sleet'],
    ['boundaries: 599 over 399', [step(399, 'Drizzle'), step(599, 'Rain')], 'Rain'],
    ['boundaries: 299 over 699', [step(699, 'Snow'), step(299, 'Thunderstorm')], 'Thunderstorm'],
    ['boundaries: 399 over 799', [step(799, 'Sand'), step(399, 'Drizzle')], 'Drizzle'],
    ['boundaries: 800 is clear, 801 clouds', [step(800, 'Clear'), step(801, 'Clouds')], 'Clouds'],
    ['steps without a condition are not counted', [bare, bare, step(800, 'Clear')], 'Clear'],
  ])('%s', (_what, steps, expected) => {
    expect(dominantCondition(steps)).toBe(expected);
  });

  it('none at all: no condition', () => {
    expect(dominantCondition([bare])).toBeUndefined();
  });
});
