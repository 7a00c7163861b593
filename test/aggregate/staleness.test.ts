import { describe, expect, it } from 'vitest';
import { INTERVALS_KEPT, Intervals, STALE_CAP_MS, STALE_FLOOR_MS, staleLimitMs } from '../../src/aggregate/staleness.js';

describe('Intervals', () => {
  it('has no typical interval before the first', () => {
    expect(new Intervals().typical()).toBeUndefined();
  });

  it('gives the median, the upper of the middle two', () => {
    const intervals = new Intervals();
    intervals.add(1000);
    expect(intervals.typical()).toBe(1000);
    intervals.add(3000);
    expect(intervals.typical()).toBe(3000);
    intervals.add(2000);
    expect(intervals.typical()).toBe(2000);
    intervals.add(600_000);
    expect(intervals.typical()).toBe(3000);
  });

  it(`keeps the last ${INTERVALS_KEPT}: a sensor that slows down is followed`, () => {
    const intervals = new Intervals();
    for (let i = 0; i < INTERVALS_KEPT; i++) intervals.add(1000);
    expect(intervals.typical()).toBe(1000);
    for (let i = 0; i < INTERVALS_KEPT / 2; i++) intervals.add(60_000);
    expect(intervals.typical()).toBe(60_000);
    for (let i = 0; i < INTERVALS_KEPT / 2; i++) intervals.add(60_000);
    intervals.add(1000);
    expect(intervals.typical()).toBe(60_000);
  });

  it('one long silence among eight does not move it', () => {
    const intervals = new Intervals();
    for (let i = 0; i < 7; i++) intervals.add(60_000);
    intervals.add(3_600_000);
    expect(intervals.typical()).toBe(60_000);
  });

  it('overwrites the oldest in turn', () => {
    const intervals = new Intervals();
    for (const gap of [1, 2, 3, 4, 5, 6, 7, 8]) intervals.add(gap);
    expect(intervals.typical()).toBe(5);
    intervals.add(100);
    intervals.add(100);
    intervals.add(100);
    // 4 5 6 7 8 100 100 100
    expect(intervals.typical()).toBe(8);
  });
});

describe('staleLimitMs', () => {
  it('uses a fixed limit as given', () => {
    expect(staleLimitMs(5000, 1000)).toBe(5000);
    expect(staleLimitMs(7_200_000, undefined)).toBe(7_200_000);
  });

  it('waits the cap before an interval is known (a retained value at start-up)', () => {
    expect(staleLimitMs(undefined, undefined)).toBe(STALE_CAP_MS);
  });

  it.each([
    [1000, STALE_FLOOR_MS],
    [10_000, STALE_FLOOR_MS],
    [10_001, 30_003],
    [60_000, 180_000],
    [600_000, 1_800_000],
    [1_200_000, STALE_CAP_MS],
    [1_500_000, STALE_CAP_MS],
  ])('a member every %i ms: %i ms', (typical, limit) => {
    expect(staleLimitMs(undefined, typical)).toBe(limit);
  });

  it('30 s and an hour', () => {
    expect([STALE_FLOOR_MS, STALE_CAP_MS]).toEqual([30_000, 3_600_000]);
  });
});
