import { describe, expect, it } from 'vitest';
import { type BucketRow, downsample, GAP_FACTOR, usualInterval } from '../../../src/dashboard/history/downsample.js';

const raw = (t: number, v: number): BucketRow => [t, v, v, v, 1];
/** One sample a second from `from` (s) to `to` (s) excluded, value = f(second). */
const everySecond = (from: number, to: number, f: (s: number) => number = (s) => s): BucketRow[] =>
  Array.from({ length: to - from }, (_, i) => raw((from + i) * 1000, f(from + i)));

describe('downsample', () => {
  it('merges samples into buckets aligned on the epoch, keeping the minimum, the mean and the maximum', () => {
    const rows = [raw(7_000, 3), raw(8_000, 1), raw(9_000, 8), raw(10_000, 4), raw(14_999, 6)];
    expect(downsample(rows, 5_000)).toEqual([
      [5_000, 1, 4, 8],
      [10_000, 4, 5, 6],
    ]);
  });

  it('gives a lone sample as a point whose minimum, mean and maximum are its value', () => {
    expect(downsample([raw(1_000, 21.5)], 1)).toEqual([[1_000, 21.5, 21.5, 21.5]]);
  });

  it('keeps a one-sample spike among a thousand', () => {
    const rows = everySecond(0, 1_000, (s) => (s === 517 ? 99 : s === 3 ? -40 : 20));
    const [point] = downsample(rows, 1_000_000);
    expect(point).toEqual([0, -40, (20 * 998 + 99 - 40) / 1_000, 99]);
  });

  it('weighs the mean of merged rows by their counts', () => {
    // A 1-minute roll-up of 60 samples (sum 600) and 2 raw samples in the same 2-minute bucket.
    const rows: BucketRow[] = [[0, 5, 600, 15, 60], raw(60_000, 40), raw(61_000, 2)];
    expect(downsample(rows, 120_000)).toEqual([[0, 2, 642 / 62, 40]]);
  });

  it('returns nothing for no rows', () => {
    expect(downsample([], 1_000)).toEqual([]);
  });

  it('puts a point of nulls at the end of the last bucket before a silence', () => {
    const rows = [...everySecond(0, 10), ...everySecond(20, 25)];
    const points = downsample(rows, 1_000);
    expect(points).toHaveLength(16);
    expect(points[10]).toEqual([10_000, null, null, null]);
    expect(points.filter((p) => p[1] === null)).toHaveLength(1);
  });

  it('draws no gap across a silence of exactly the gap factor times the usual interval, and one past it', () => {
    // 1 Hz, 1-second buckets: a bucket ends 1 s after its start; the usual interval is 1 s.
    const atLimit = [...everySecond(0, 10), raw(9_000 + 1_000 + GAP_FACTOR * 1_000, 1), raw(14_000, 1), raw(15_000, 1)];
    expect(downsample(atLimit, 1_000).some((p) => p[1] === null)).toBe(false);
    const past = [...everySecond(0, 10), raw(9_000 + 1_000 + GAP_FACTOR * 1_000 + 1, 1), raw(14_001, 1), raw(15_001, 1)];
    expect(downsample(past, 1).filter((p) => p[1] === null)).toEqual([[9_001, null, null, null]]);
  });

  it('follows the gap factor it is given', () => {
    const rows = [...everySecond(0, 10), ...everySecond(15, 25)];
    expect(downsample(rows, 1_000).some((p) => p[1] === null)).toBe(true);
    expect(downsample(rows, 1_000, 5).some((p) => p[1] === null)).toBe(false);
  });

  it('draws no gap between the samples of a sparse series in narrow buckets (one every 10 minutes, 2-second buckets)', () => {
    const rows = Array.from({ length: 6 }, (_, i) => raw(i * 600_000, 20 + i));
    const points = downsample(rows, 2_000);
    expect(points).toHaveLength(6);
    expect(points.every((p) => p[1] !== null)).toBe(true);
  });

  it('draws a gap where the sparse series missed more than three of its samples', () => {
    const times = [0, 600_000, 1_200_000, 1_800_000, 4_200_000, 4_800_000];
    const points = downsample(
      times.map((t) => raw(t, 1)),
      2_000,
    );
    expect(points.filter((p) => p[1] === null)).toEqual([[1_802_000, null, null, null]]);
  });

  it('measures a silence from the end of the widest row in a bucket: 1-minute roll-ups read into 2-second buckets', () => {
    const minutes: BucketRow[] = Array.from({ length: 10 }, (_, i) => [i * 60_000, 1, 60, 1, 60, 60_000]);
    expect(downsample(minutes, 2_000).some((p) => p[1] === null)).toBe(false);
    // Without their span the same rows would look like 2-second buckets 58 s apart.
    const withoutSpan = minutes.map((row): BucketRow => [row[0], row[1], row[2], row[3], row[4]]);
    expect(downsample(withoutSpan, 2_000).filter((p) => p[1] === null)).toHaveLength(9);
    // A silence after roll-ups: the gap starts where the last minute ends.
    const afterSilence: BucketRow[] = [...minutes, [20 * 60_000, 1, 60, 1, 60, 60_000]];
    expect(downsample(afterSilence, 2_000).filter((p) => p[1] === null)).toEqual([[600_000, null, null, null]]);
  });

  it('keeps the end of the widest row when a narrower row joins its bucket', () => {
    const rows: BucketRow[] = [[0, 1, 1, 1, 1, 60_000], raw(1_000, 1), ...[90_000, 92_000, 94_000, 96_000].map((t) => raw(t, 1))];
    // Usual interval 2 s, so a silence: from 60 s (the end of the minute), not from 2 s (the end of the bucket).
    expect(downsample(rows, 2_000).filter((p) => p[1] === null)).toEqual([[60_000, null, null, null]]);
  });
});

describe('usualInterval', () => {
  it('is the median of (time to the next bucket) / (samples in this one)', () => {
    expect(
      usualInterval([
        { t: 0, count: 2 },
        { t: 10, count: 5 },
        { t: 20, count: 1 },
        { t: 1_000, count: 1 },
      ]),
    ).toBe(5);
  });

  it('takes the mean of the two middle values for an even count', () => {
    expect(
      usualInterval([
        { t: 0, count: 1 },
        { t: 10, count: 1 },
        { t: 30, count: 1 },
        { t: 60, count: 1 },
        { t: 100, count: 1 },
      ]),
    ).toBe(25);
  });

  it('is undefined under two buckets', () => {
    expect(usualInterval([])).toBeUndefined();
    expect(usualInterval([{ t: 5, count: 3 }])).toBeUndefined();
  });

  it('sorts the intervals by value, not as text', () => {
    expect(
      usualInterval([
        { t: 0, count: 1 },
        { t: 100, count: 1 },
        { t: 109, count: 1 },
        { t: 118, count: 1 },
      ]),
    ).toBe(9);
  });
});
