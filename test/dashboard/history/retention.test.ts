import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../../src/dashboard/history/levels.js';
import {
  cutoffs,
  lateSampleTargets,
  pruneBoundaries,
  rollupLimit,
  rollupStart,
  rollupWindow,
} from '../../../src/dashboard/history/retention.js';

const M1 = MINUTE;
const M10 = 10 * MINUTE;
const M30 = 30 * MINUTE;
const NOW = Date.UTC(2026, 11, 2, 12, 44, 56, 789);

describe('cutoffs', () => {
  it('puts the raw cutoff on a minute and the history cutoff on a half hour, the given days back', () => {
    expect(cutoffs(NOW, { rawDays: 2, historyDays: 30 })).toEqual({
      raw: Date.UTC(2026, 10, 30, 12, 44),
      history: Date.UTC(2026, 10, 2, 12, 30),
    });
  });

  it('cuts at now with 0 raw days', () => {
    expect(cutoffs(NOW, { rawDays: 0, historyDays: 1 }).raw).toBe(Date.UTC(2026, 11, 2, 12, 44));
  });

  it('takes the widths it is given', () => {
    expect(cutoffs(10 * DAY + 17, { rawDays: 1, historyDays: 2 }, [10, 1000])).toEqual({ raw: 9 * DAY + 10, history: 8 * DAY });
  });
});

describe('rollupLimit', () => {
  it('rolls the finest level up to the last whole minute that ended the grace time ago', () => {
    expect(rollupLimit(NOW, 10_000, M1, undefined, true)).toBe(Date.UTC(2026, 11, 2, 12, 44));
    expect(rollupLimit(Date.UTC(2026, 11, 2, 12, 34, 9), 10_000, M1, undefined, true)).toBe(Date.UTC(2026, 11, 2, 12, 33));
    expect(rollupLimit(Date.UTC(2026, 11, 2, 12, 34, 10), 10_000, M1, undefined, true)).toBe(Date.UTC(2026, 11, 2, 12, 34));
  });

  it('rolls a wider level up to the last of its buckets the finer level has completed', () => {
    expect(rollupLimit(NOW, 10_000, M10, Date.UTC(2026, 11, 2, 12, 29), false)).toBe(Date.UTC(2026, 11, 2, 12, 20));
    expect(rollupLimit(NOW, 10_000, M10, Date.UTC(2026, 11, 2, 12, 30), false)).toBe(Date.UTC(2026, 11, 2, 12, 30));
  });

  it('rolls a wider level up nowhere while the finer one has no progress', () => {
    expect(rollupLimit(NOW, 10_000, M10, undefined, false)).toBe(-Infinity);
  });
});

describe('rollupStart', () => {
  it('starts where the level stopped, never before the history cutoff', () => {
    expect(rollupStart(5 * M1, 2 * M1)).toBe(5 * M1);
    expect(rollupStart(1 * M1, 2 * M1)).toBe(2 * M1);
    expect(rollupStart(undefined, 2 * M1)).toBe(2 * M1);
  });
});

describe('rollupWindow', () => {
  it('has nothing to do until the limit passes the start', () => {
    expect(rollupWindow(10 * M1, 10 * M1, 10 * M1, M1, M10)).toBeUndefined();
    expect(rollupWindow(10 * M1, 10 * M1, 9 * M1, M1, M10)).toBeUndefined();
  });

  it('rolls up from the start, at most one span', () => {
    expect(rollupWindow(10 * M1, 10 * M1 + 5, 12 * M1, M1, M10)).toEqual({ from: 10 * M1, to: 12 * M1 });
    expect(rollupWindow(10 * M1, 10 * M1, 100 * M1, M1, M10)).toEqual({ from: 10 * M1, to: 20 * M1 });
  });

  it('jumps to the bucket of the first source row after an empty stretch', () => {
    expect(rollupWindow(10 * M1, 55 * M1 + 5_000, 100 * M1, M1, M10)).toEqual({ from: 55 * M1, to: 65 * M1 });
  });

  it('moves the progress to the limit when no source row is left before it', () => {
    expect(rollupWindow(10 * M1, undefined, 100 * M1, M1, M10)).toEqual({ from: 100 * M1, to: 100 * M1 });
    expect(rollupWindow(10 * M1, 130 * M1, 100 * M1, M1, M10)).toEqual({ from: 100 * M1, to: 100 * M1 });
  });

  it('never starts before the start', () => {
    expect(rollupWindow(10 * M1, 9 * M1, 100 * M1, M1, M10)).toEqual({ from: 10 * M1, to: 20 * M1 });
  });
});

describe('pruneBoundaries', () => {
  const cut = { raw: 500 * M1, history: 100 * M1 };

  it('prunes raw samples before the raw cutoff once rolled up, and each level before the history cutoff once rolled up into the next', () => {
    const done = new Map([
      [M1, 900 * M1],
      [M10, 900 * M1],
      [M30, 900 * M1],
    ]);
    expect(pruneBoundaries(cut, done)).toEqual({
      raw: 500 * M1,
      levels: new Map([
        [M1, 100 * M1],
        [M10, 100 * M1],
        [M30, 100 * M1],
      ]),
    });
  });

  it('keeps what is not rolled up yet', () => {
    const done = new Map([
      [M1, 300 * M1],
      [M10, 60 * M1],
    ]);
    expect(pruneBoundaries(cut, done)).toEqual({
      raw: 300 * M1,
      levels: new Map([
        [M1, 60 * M1],
        [M10, -Infinity],
        [M30, 100 * M1],
      ]),
    });
    expect(pruneBoundaries(cut, new Map()).raw).toBe(-Infinity);
  });
});

describe('lateSampleTargets', () => {
  const done = new Map([
    [M1, 600 * M1],
    [M10, 590 * M1],
    [M30, 570 * M1],
  ]);
  const history = 100 * M1;

  it('goes nowhere older than the history cutoff', () => {
    expect(lateSampleTargets(history - 1, done, 0, history)).toEqual({ raw: false, levels: [] });
  });

  it('goes to raw samples alone when no level has rolled its bucket up', () => {
    expect(lateSampleTargets(600 * M1, done, 0, history)).toEqual({ raw: true, levels: [] });
  });

  it('goes to raw samples and to each level that has rolled its bucket up', () => {
    expect(lateSampleTargets(599 * M1, done, 0, history)).toEqual({ raw: true, levels: [M1] });
    expect(lateSampleTargets(580 * M1, done, 0, history)).toEqual({ raw: true, levels: [M1, M10] });
    expect(lateSampleTargets(history, done, 0, history)).toEqual({ raw: true, levels: [M1, M10, M30] });
  });

  it('skips raw samples where they were pruned: before the minute of the oldest one kept, or all of them', () => {
    expect(lateSampleTargets(300 * M1 - 1, done, 300 * M1 + 5_000, history)).toEqual({ raw: false, levels: [M1, M10, M30] });
    expect(lateSampleTargets(300 * M1, done, 300 * M1 + 5_000, history)).toEqual({ raw: true, levels: [M1, M10, M30] });
    expect(lateSampleTargets(300 * M1, done, undefined, history)).toEqual({ raw: false, levels: [M1, M10, M30] });
  });

  it('goes to raw samples when nothing is rolled up, even with none kept', () => {
    expect(lateSampleTargets(300 * M1, new Map(), undefined, history)).toEqual({ raw: true, levels: [] });
  });

  it('uses the widths it is given', () => {
    expect(lateSampleTargets(15, new Map([[10, 20]]), undefined, 0, [10])).toEqual({ raw: false, levels: [10] });
  });
});

it('is in hours and days of milliseconds', () => {
  expect([HOUR, DAY]).toEqual([3_600_000, 86_400_000]);
});
