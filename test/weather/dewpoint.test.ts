import { describe, expect, it } from 'vitest';
import { dewPoint } from '../../src/quantities/dewpoint.js';

describe('dewPoint (Magnus, Sonntag 1990 constants)', () => {
  // Dew points over water as common calculators (Magnus form) give them, to 0.1 °C; at 100 % it is the temperature itself.
  it.each([
    [20, 50, 9.3],
    [30, 70, 23.9],
    [0, 50, -9.2],
    [-10, 80, -12.9],
    [25, 100, 25],
  ])('%d °C at %d %% → %d °C', (t, rh, expected) => {
    expect(dewPoint(t, rh, 'metric')).toBeCloseTo(expected, 0);
    expect(Math.abs(dewPoint(t, rh, 'metric')! - expected)).toBeLessThanOrEqual(0.15);
  });

  it('works in every units system and answers in it', () => {
    const celsius = dewPoint(8.48, 79, 'metric')!;
    expect(dewPoint(47.26, 79, 'imperial')).toBeCloseTo((celsius * 9) / 5 + 32, 1);
    expect(dewPoint(281.63, 79, 'standard')).toBeCloseTo(celsius + 273.15, 1);
  });

  it('rounds to two decimals, as OWM gives temperatures', () => {
    expect(String(dewPoint(22.55, 77, 'metric'))).toMatch(/^-?\d+(\.\d{1,2})?$/);
  });

  it.each([undefined, 0, -5, 140, 5e-324])('cannot be told for humidity %s', (rh) => {
    expect(dewPoint(20, rh, 'metric')).toBeUndefined();
  });
});
