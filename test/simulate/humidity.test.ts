import { describe, expect, it } from 'vitest';
import { relativeHumidity, saturationDensity, saturationPressure, vapourPressure } from '../../src/simulate/humidity.js';

describe('humidity from a fixed amount of water vapour', () => {
  it('saturates as the tables say (Magnus, Sonntag 1990)', () => {
    expect(saturationPressure(0)).toBeCloseTo(6.112, 6);
    expect(saturationPressure(20)).toBeCloseTo(23.37, 1);
    expect(saturationPressure(-10)).toBeCloseTo(2.86, 1);
    expect(saturationDensity(20)).toBeCloseTo(17.2, 1);
    expect(saturationDensity(0)).toBeCloseTo(4.85, 1);
    expect(saturationDensity(30)).toBeCloseTo(30.4, 0);
  });

  it('gives the vapour pressure of an ideal gas', () => {
    // 10 g/m³ at 20 °C: 0.01 × 461.5 × 293.15 Pa.
    expect(vapourPressure(20, 10)).toBeCloseTo(13.529, 3);
    expect(vapourPressure(0, 0)).toBe(0);
  });

  it('is 100 % at saturation, half that with half the vapour, and never more than 100 %', () => {
    expect(relativeHumidity(20, saturationDensity(20))).toBeCloseTo(100, 6);
    expect(relativeHumidity(20, saturationDensity(20) / 2)).toBeCloseTo(50, 6);
    expect(relativeHumidity(10, 20)).toBe(100);
  });

  it('falls when the air warms and rises when it cools', () => {
    expect(relativeHumidity(18, 8)).toBeGreaterThan(relativeHumidity(20, 8));
    expect(relativeHumidity(22, 8)).toBeLessThan(relativeHumidity(20, 8));
    expect(relativeHumidity(20, 8)).toBeCloseTo(46.3, 0);
  });
});
