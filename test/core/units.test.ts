/** OWM's unit systems: labels and the temperature conversions the dew point and the plausibility checks use. */
import { describe, expect, it } from 'vitest';
import { fromCelsius, sameUnit, TEMPERATURE_UNIT, toCelsius, UNITS, WIND_SPEED_UNIT } from '../../src/core/units.js';

describe('units', () => {
  it('labels temperatures and wind speeds per system, other units the same in all', () => {
    expect(UNITS).toEqual(['metric', 'imperial', 'standard']);
    expect(TEMPERATURE_UNIT).toEqual({ metric: '°C', imperial: '°F', standard: 'K' });
    expect(WIND_SPEED_UNIT).toEqual({ metric: 'm/s', imperial: 'mph', standard: 'm/s' });
    expect(sameUnit('hPa')).toEqual({ metric: 'hPa', imperial: 'hPa', standard: 'hPa' });
  });

  it.each([
    ['metric', 21.5, 21.5],
    ['imperial', 212, 100],
    ['imperial', -40, -40],
    ['imperial', 50, 10],
    ['standard', 273.15, 0],
    ['standard', 300, 26.85],
  ] as const)('%s %d is %d °C, and back', (units, value, celsius) => {
    expect(toCelsius[units](value)).toBeCloseTo(celsius, 10);
    expect(fromCelsius[units](celsius)).toBeCloseTo(value, 10);
  });
});
