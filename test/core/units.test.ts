/**
 * OWM's unit systems: labels and the temperature conversions the dew point and the plausibility
 * checks use. From a fresh module each time: its tables are built once, at import, and a mutant
 * of them is only seen by a test that imports them anew.
 */
import { describe, expect, it, vi } from 'vitest';

async function fresh(): Promise<typeof import('../../src/core/units.js')> {
  vi.resetModules();
  return await import('../../src/core/units.js');
}

describe('units', () => {
  it('labels temperatures and wind speeds per system, other units the same in all', async () => {
    const { sameUnit, TEMPERATURE_UNIT, UNITS, WIND_SPEED_UNIT } = await fresh();
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
  ] as const)('%s %d is %d °C, and back', async (units, value, celsius) => {
    const { fromCelsius, toCelsius } = await fresh();
    expect(toCelsius[units](value)).toBeCloseTo(celsius, 10);
    expect(fromCelsius[units](celsius)).toBeCloseTo(value, 10);
  });
});
