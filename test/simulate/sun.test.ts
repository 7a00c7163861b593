import { describe, expect, it } from 'vitest';
import { clearSkyIlluminance, dayOfYear, declination, solarElevation, solarHour } from '../../src/simulate/sun.js';

const TOULOUSE = { latitude: 43.6, longitude: 1.44 };
/** UTC of local solar noon at `longitude` on a day. */
const solarNoon = (year: number, month: number, day: number, longitude: number) =>
  Date.UTC(year, month - 1, day, 12) - (longitude / 15) * 3_600_000;

describe('dayOfYear and solarHour', () => {
  it('counts days from 1 January 00:00 UTC, fractions included', () => {
    expect(dayOfYear(Date.UTC(2026, 0, 1))).toBe(0);
    expect(dayOfYear(Date.UTC(2026, 0, 2, 12))).toBe(1.5);
    expect(dayOfYear(Date.UTC(2026, 11, 31, 6))).toBe(364.25);
    expect(dayOfYear(Date.UTC(2028, 11, 31))).toBe(365);
  });

  it('shifts UTC by 4 minutes per degree east, within [0, 24)', () => {
    expect(solarHour(Date.UTC(2026, 5, 1, 12), 0)).toBe(12);
    expect(solarHour(Date.UTC(2026, 5, 1, 12), 15)).toBe(13);
    expect(solarHour(Date.UTC(2026, 5, 1, 23, 30), 15)).toBe(0.5);
    expect(solarHour(Date.UTC(2026, 5, 1, 0, 30), -15)).toBe(23.5);
    expect(solarHour(Date.UTC(2026, 5, 1, 0), -180)).toBe(12);
  });
});

describe('declination', () => {
  it('is +23.44° at the June solstice, −23.44° at the December one, about 0 at the equinoxes', () => {
    expect(declination(Date.UTC(2026, 5, 21))).toBeCloseTo(23.44, 1);
    expect(declination(Date.UTC(2026, 11, 21))).toBeCloseTo(-23.44, 1);
    expect(Math.abs(declination(Date.UTC(2026, 2, 21)))).toBeLessThan(1);
    expect(Math.abs(declination(Date.UTC(2026, 8, 23)))).toBeLessThan(1.5);
  });
});

describe('solarElevation', () => {
  it('at solar noon is 90° − latitude + declination', () => {
    const { latitude, longitude } = TOULOUSE;
    expect(solarElevation(solarNoon(2026, 6, 21, longitude), latitude, longitude)).toBeCloseTo(90 - 43.6 + 23.44, 0);
    expect(solarElevation(solarNoon(2026, 12, 21, longitude), latitude, longitude)).toBeCloseTo(90 - 43.6 - 23.44, 0);
    expect(solarElevation(solarNoon(2026, 3, 21, 0), 0, 0)).toBeGreaterThan(89);
  });

  it('is below the horizon at solar midnight, by latitude + declination − 90°', () => {
    const { latitude, longitude } = TOULOUSE;
    const midnight = solarNoon(2026, 6, 21, longitude) + 12 * 3_600_000;
    expect(solarElevation(midnight, latitude, longitude)).toBeCloseTo(43.6 + 23.44 - 90, 0);
  });

  it('rises in the morning and sets in the evening, later in winter', () => {
    const { latitude, longitude } = TOULOUSE;
    const at = (month: number, hour: number) =>
      solarElevation(solarNoon(2026, month, 21, longitude) + (hour - 12) * 3_600_000, latitude, longitude);
    expect(at(6, 5)).toBeLessThan(at(6, 8));
    expect(at(6, 17)).toBeGreaterThan(at(6, 20));
    // 07:00 solar time: up in June, still down in December.
    expect(at(6, 7)).toBeGreaterThan(0);
    expect(at(12, 7)).toBeLessThan(0);
    // Morning and afternoon mirror each other around solar noon.
    expect(at(6, 9)).toBeCloseTo(at(6, 15), 0);
  });

  it('in the southern hemisphere, the sun is high in December', () => {
    const longitude = 151.2;
    expect(solarElevation(solarNoon(2026, 12, 21, longitude), -33.9, longitude)).toBeCloseTo(90 - 33.9 + 23.44, 0);
  });
});

describe('clearSkyIlluminance', () => {
  it('is 0 with the sun at or below the horizon', () => {
    expect(clearSkyIlluminance(0)).toBe(0);
    expect(clearSkyIlluminance(-10)).toBe(0);
  });

  it('is 128,000 lx × sin h × exp(−0.21 / sin h)', () => {
    expect(clearSkyIlluminance(90)).toBeCloseTo(128_000 * Math.exp(-0.21), 6);
    expect(clearSkyIlluminance(30)).toBeCloseTo(64_000 * Math.exp(-0.42), 6);
    expect(clearSkyIlluminance(5)).toBeGreaterThan(0);
    expect(clearSkyIlluminance(5)).toBeLessThan(2000);
  });

  it('grows with the sun', () => {
    const values = [1, 5, 10, 20, 40, 60, 90].map(clearSkyIlluminance);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]!);
  });
});
