import { describe, expect, it } from 'vitest';
import { quantityLimits, quantityRows, UNKNOWN_QUANTITY } from '../../src/quantities/plausible-ranges.js';

describe('the quantity table', () => {
  it.each([
    ['temperature', 'temperature', -90, 150],
    ['Temperature', 'temperature', -90, 150],
    ['tc', 'temperature', -90, 150],
    ['dew_point', 'temperature', -90, 150],
    ['humidity', 'humidity', 0, 100],
    ['humidite', 'humidity', 0, 100],
    ['luminosite', 'luminosity', 0, 200_000],
    ['illuminance_lux', 'luminosity', 0, 200_000],
    ['pressure', 'pressure', 300, 1100],
    ['wind_gust', 'wind_speed', 0, 200],
    ['co2', 'co2', 0, 50_000],
    ['battery', 'battery', 0, 100],
    ['clouds', 'clouds', 0, 100],
  ])('%s reads the %s row: %d..%d', (name, row, min, max) => {
    expect(quantityLimits(name)).toMatchObject({ name: row, min, max });
  });

  it('gives an unknown quantity a wide range, two decimals, no hysteresis, no class', () => {
    expect(quantityLimits('power_w')).toEqual({ name: 'power_w', ...UNKNOWN_QUANTITY });
    expect(UNKNOWN_QUANTITY).toEqual({ min: -1e9, max: 1e9, decimals: 2, hysteresis: 0 });
  });

  it('rounds and debounces each quantity as a sensor would', () => {
    expect(quantityLimits('temperature')).toMatchObject({ decimals: 2, hysteresis: 0.5, deviceClass: 'temperature', unit: '°C' });
    expect(quantityLimits('humidity')).toMatchObject({ decimals: 1, hysteresis: 2, deviceClass: 'humidity', unit: '%' });
    expect(quantityLimits('luminosity')).toMatchObject({ decimals: 0, hysteresis: 50, deviceClass: 'illuminance', unit: 'lx' });
  });

  it('lists each row once, aliases not hiding any name', () => {
    const names = quantityRows().flatMap((row) => [row.name, ...row.aliases]);
    expect(new Set(names).size).toBe(names.length);
    for (const row of quantityRows()) expect(row.min).toBeLessThan(row.max);
  });
});
