import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../../src/dashboard/history/levels.js';
import { planRead } from '../../../src/dashboard/history/read-plan.js';

const M1 = MINUTE;
const M10 = 10 * MINUTE;
const M30 = 30 * MINUTE;
const done = (entries: [number, number][]) => new Map(entries);

describe('planRead', () => {
  it('reads raw samples alone when nothing is rolled up', () => {
    expect(planRead({ from: 0, to: 100 * M1 }, 0, done([]), 5_000)).toEqual([{ source: 0, from: 0, to: 100 * M1 }]);
  });

  it('reads raw samples alone when nothing is rolled up, even after some were pruned', () => {
    expect(planRead({ from: 0, to: 100 * M1 }, 0, done([]), 30 * M1)).toEqual([{ source: 0, from: 0, to: 100 * M1 }]);
  });

  it('reads raw samples alone, even with roll-ups, when none were pruned', () => {
    expect(planRead({ from: 10 * M1, to: 100 * M1 }, 0, done([[M1, 50 * M1]]), 3 * M1)).toEqual([
      { source: 0, from: 10 * M1, to: 100 * M1 },
    ]);
  });

  it('reads the 1-minute level where raw samples were pruned, from the bucket of the oldest raw sample on', () => {
    expect(planRead({ from: 0, to: 100 * M1 }, 0, done([[M1, 50 * M1]]), 20 * M1 + 5_000)).toEqual([
      { source: M1, from: 0, to: 20 * M1 },
      { source: 0, from: 20 * M1, to: 100 * M1 },
    ]);
  });

  it('hands over to raw samples where the 1-minute level stops, when that comes before the oldest raw sample', () => {
    expect(planRead({ from: 0, to: 100 * M1 }, 0, done([[M1, 30 * M1]]), 40 * M1)).toEqual([
      { source: M1, from: 0, to: 30 * M1 },
      { source: 0, from: 30 * M1, to: 100 * M1 },
    ]);
  });

  it('reads the 1-minute level up to where it is complete when no raw sample is left', () => {
    expect(planRead({ from: 0, to: 100 * M1 }, 0, done([[M1, 30 * M1]]), undefined)).toEqual([
      { source: M1, from: 0, to: 30 * M1 },
      { source: 0, from: 30 * M1, to: 100 * M1 },
    ]);
  });

  it('reads each level up to its progress, then the next finer one, then raw samples', () => {
    const progress = done([
      [M1, 300 * M1],
      [M10, 200 * M1],
      [M30, 90 * M1],
    ]);
    expect(planRead({ from: 0, to: 400 * M1 }, M30, progress, 100 * M1)).toEqual([
      { source: M30, from: 0, to: 90 * M1 },
      { source: M10, from: 90 * M1, to: 200 * M1 },
      { source: M1, from: 200 * M1, to: 300 * M1 },
      { source: 0, from: 300 * M1, to: 400 * M1 },
    ]);
    expect(planRead({ from: 0, to: 400 * M1 }, M10, progress, 100 * M1)).toEqual([
      { source: M10, from: 0, to: 200 * M1 },
      { source: M1, from: 200 * M1, to: 300 * M1 },
      { source: 0, from: 300 * M1, to: 400 * M1 },
    ]);
  });

  it('skips a level with no progress yet', () => {
    expect(planRead({ from: 0, to: 400 * M1 }, M30, done([[M1, 300 * M1]]), undefined)).toEqual([
      { source: M1, from: 0, to: 300 * M1 },
      { source: 0, from: 300 * M1, to: 400 * M1 },
    ]);
  });

  it('keeps to the range asked for', () => {
    const progress = done([
      [M1, 300 * M1],
      [M10, 200 * M1],
    ]);
    expect(planRead({ from: 0, to: 150 * M1 }, M10, progress, undefined)).toEqual([{ source: M10, from: 0, to: 150 * M1 }]);
    expect(planRead({ from: 310 * M1, to: 320 * M1 }, M10, progress, undefined)).toEqual([{ source: 0, from: 310 * M1, to: 320 * M1 }]);
    expect(planRead({ from: 250 * M1, to: 320 * M1 }, M10, progress, undefined)).toEqual([
      { source: M1, from: 250 * M1, to: 300 * M1 },
      { source: 0, from: 300 * M1, to: 320 * M1 },
    ]);
  });

  it('never reads a stretch twice, even if a wider level were ahead of a finer one', () => {
    const progress = done([
      [M1, 100 * M1],
      [M10, 200 * M1],
    ]);
    expect(planRead({ from: 0, to: 400 * M1 }, M10, progress, undefined)).toEqual([
      { source: M10, from: 0, to: 200 * M1 },
      { source: 0, from: 200 * M1, to: 400 * M1 },
    ]);
  });

  it('reads nothing for an empty range', () => {
    expect(planRead({ from: 5, to: 5 }, 0, done([]), 0)).toEqual([]);
  });

  it('takes the roll-up widths it is given', () => {
    expect(planRead({ from: 0, to: 100 }, 0, done([[5, 50]]), 20, [5, 10])).toEqual([
      { source: 5, from: 0, to: 20 },
      { source: 0, from: 20, to: 100 },
    ]);
  });
});
