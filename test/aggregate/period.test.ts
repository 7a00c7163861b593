import { describe, expect, it } from 'vitest';
import { nextBoundary } from '../../src/aggregate/period.js';

const T = Date.UTC(2026, 7, 1, 14, 5, 0);

describe('nextBoundary', () => {
  it('is the next whole period of the wall clock', () => {
    expect(nextBoundary(T + 12_345, 60_000, undefined)).toBe(T + 60_000);
    expect(nextBoundary(T, 60_000, undefined)).toBe(T + 60_000);
    expect(nextBoundary(T - 1, 60_000, undefined)).toBe(T);
    expect(nextBoundary(T + 500, 1000, undefined)).toBe(T + 1000);
  });

  it('never gives the same boundary twice when a timer fires a little early', () => {
    expect(nextBoundary(T - 2, 60_000, T)).toBe(T + 60_000);
    expect(nextBoundary(T + 1, 60_000, T)).toBe(T + 60_000);
  });

  it('skips the boundaries a late timer missed', () => {
    expect(nextBoundary(T + 150_000, 60_000, T)).toBe(T + 180_000);
  });
});
