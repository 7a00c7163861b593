import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketWidth, levelFor, WIDTHS } from '../../../src/dashboard/history/bucket-width.js';
import { DAY, floorTo, HOUR, MINUTE, ROLLUP_WIDTHS } from '../../../src/dashboard/history/levels.js';

describe('bucketWidth', () => {
  it.each([
    ['1 h at 2000 px', HOUR, 2000, 2_000],
    ['24 h at 2000 px', DAY, 2000, MINUTE],
    ['7 d at 2000 px', 7 * DAY, 2000, 10 * MINUTE],
    ['30 d at 2000 px', 30 * DAY, 2000, 30 * MINUTE],
    ['1 h at 412 px', HOUR, 412, 10_000],
    ['24 h at 412 px', DAY, 412, 5 * MINUTE],
    ['30 d at 412 px', 30 * DAY, 412, 2 * HOUR],
  ])('%s: %d ms over %d points gives %d ms buckets', (_, span, maxPoints, width) => {
    expect(bucketWidth(span, maxPoints)).toBe(width);
  });

  it('takes a width that fits exactly, and the next one up past it', () => {
    expect(bucketWidth(2_000 * 5_000, 2_000)).toBe(5_000);
    expect(bucketWidth(2_000 * 5_000 + 1, 2_000)).toBe(10_000);
  });

  it('gives 1 ms for an empty or negative span', () => {
    expect(bucketWidth(0, 100)).toBe(1);
    expect(bucketWidth(-5, 100)).toBe(1);
  });

  it('reads fewer than one point as one, and a fraction of a point as its whole part', () => {
    expect(bucketWidth(60_000, 0)).toBe(60_000);
    expect(bucketWidth(60_000, 1.9)).toBe(60_000);
  });

  it('goes on in whole days past a day per bucket', () => {
    expect(bucketWidth(400 * DAY, 2)).toBe(200 * DAY);
    expect(bucketWidth(3 * DAY + 1, 2)).toBe(2 * DAY);
    expect(bucketWidth(DAY * 2, 2)).toBe(DAY);
  });

  it('never cuts a span into more than maxPoints + 1 buckets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 41 }),
        fc.integer({ min: 0, max: 400 * DAY }),
        fc.integer({ min: 1, max: 5000 }),
        (from, span, maxPoints) => {
          const width = bucketWidth(span, maxPoints);
          const buckets = (floorTo(from + span, width) - floorTo(from, width)) / width + 1;
          expect(buckets).toBeLessThanOrEqual(maxPoints + 1);
        },
      ),
    );
  });
});

describe('the bucket widths', () => {
  it('grow', () => {
    expect(WIDTHS.every((width, i) => i === 0 || width > WIDTHS[i - 1]!)).toBe(true);
  });

  it('divide a minute below a minute, and are whole minutes from there', () => {
    for (const width of WIDTHS) expect(width < MINUTE ? MINUTE % width : width % MINUTE, `${width}`).toBe(0);
  });

  it('are whole numbers of every roll-up width they reach', () => {
    for (const width of WIDTHS) for (const level of ROLLUP_WIDTHS) if (width >= level) expect(width % level, `${width}`).toBe(0);
  });
});

describe('levelFor', () => {
  it.each([
    [2_000, 0],
    [59_999, 0],
    [MINUTE, MINUTE],
    [2 * MINUTE, MINUTE],
    [10 * MINUTE, 10 * MINUTE],
    [20 * MINUTE, 10 * MINUTE],
    [30 * MINUTE, 30 * MINUTE],
    [HOUR, 30 * MINUTE],
    [DAY, 30 * MINUTE],
  ])('buckets of %d ms are made of level %d', (width, level) => {
    expect(levelFor(width)).toBe(level);
  });
});
