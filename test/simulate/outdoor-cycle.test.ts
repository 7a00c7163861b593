import { describe, expect, it } from 'vitest';
import { outdoorCycle, seasonalMean } from '../../src/simulate/outdoor-cycle.js';

const DAY = 86_400_000;
// Day 20 of the year (counted from 0): the coldest.
const day20January = Date.UTC(2026, 0, 21);

describe('the outdoor daily cycle', () => {
  it('has Toulouse-like seasons: about 6 °C on 21 January, 23 °C half a year later', () => {
    expect(seasonalMean(day20January, 43.6)).toBeCloseTo(6, 5);
    expect(seasonalMean(day20January + 182.625 * DAY, 43.6)).toBeCloseTo(23, 5);
    expect(seasonalMean(day20January + 91.3125 * DAY, 43.6)).toBeCloseTo(14.5, 5);
  });

  it('turns the seasons round south of the equator', () => {
    expect(seasonalMean(day20January, -33.9)).toBeCloseTo(23, 5);
    expect(seasonalMean(day20January, 0)).toBeCloseTo(6, 5);
  });

  it('is warmest at 15:00 and coolest at 03:00 local solar time, 5 °C either side of the day mean', () => {
    const at = (hour: number, longitude = 0) =>
      outdoorCycle(day20January + hour * 3_600_000 - (longitude / 15) * 3_600_000, 43.6, longitude);
    const mean = seasonalMean(day20January, 43.6);
    expect(at(15)).toBeCloseTo(mean + 5, 1);
    expect(at(3)).toBeCloseTo(mean - 5, 1);
    expect(at(9)).toBeCloseTo(mean, 1);
    expect(at(15, 30)).toBeCloseTo(mean + 5, 1);
    expect(at(14)).toBeLessThan(at(15));
    expect(at(16)).toBeLessThan(at(15));
  });
});
