/**
 * The roll-up levels: each keeps, per series and per bucket of its width, the minimum, the sum,
 * the maximum and the count of the samples in it (mean = sum / count). Why these three
 * (docs/dashboard.md, "History"): the page asks for about one point per pixel, at most about 2000
 * over its ranges, so a 24 h chart wants 1-minute buckets, a 7-day chart 10-minute ones and a
 * 30-day chart 30-minute ones. Each range then reads about 1,000 to 1,500 stored rows per series
 * instead of 86,400 (a day at 1 Hz) or 43,200 (30 days of 1-minute buckets): 30 series × 30 days
 * stays far under 100 ms. Each width divides the next, so each level is made from the one below
 * it, and every chart bucket wider than a level is a whole number of that level's buckets.
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const ROLLUP_WIDTHS = [MINUTE, 10 * MINUTE, 30 * MINUTE] as const;

/** The start of the bucket of `width` that holds `t` (buckets are aligned on the epoch, in UTC). */
export function floorTo(t: number, width: number): number {
  return Math.floor(t / width) * width;
}
