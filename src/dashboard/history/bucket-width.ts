import { DAY, ROLLUP_WIDTHS } from './levels.js';

/**
 * The bucket widths a chart may get, in ms. Round values, so that buckets fall on round times and
 * stay the same as the window slides; under a minute each divides a minute, and from a minute up
 * each is a whole number of the roll-up widths below it (1, 10 and 30 minutes).
 */
export const WIDTHS: readonly number[] = [
  1,
  2,
  5,
  10,
  20,
  50,
  100,
  200,
  500,
  1_000,
  2_000,
  5_000,
  10_000,
  15_000,
  30_000,
  60_000,
  120_000,
  300_000,
  600_000,
  1_200_000,
  1_800_000,
  3_600_000,
  7_200_000,
  10_800_000,
  21_600_000,
  43_200_000,
  DAY,
];

/**
 * The narrowest bucket width that cuts `span` ms into at most `maxPoints` buckets (one more when
 * the span does not start on a bucket boundary). Past a day per bucket: whole days.
 */
export function bucketWidth(span: number, maxPoints: number): number {
  const wanted = Math.max(span, 0) / Math.max(Math.floor(maxPoints), 1);
  return WIDTHS.find((width) => width >= wanted) ?? Math.ceil(wanted / DAY) * DAY;
}

/** The widest roll-up level whose buckets fit whole in buckets of `width`; 0 (raw samples) when none does. */
export function levelFor(width: number): number {
  return ROLLUP_WIDTHS.filter((level) => width % level === 0).at(-1) ?? 0;
}
