/**
 * One member's readings over one period, time-weighted: a value holds from its arrival until
 * the next one (or until it goes stale), and the mean is the integral of the held values over
 * the time they covered. A room publishing every second and one publishing every minute each
 * give one mean per period; the group then weighs each member once.
 */
export interface WindowResult {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** Values received in the period (the value carried in from the last period not counted). */
  readonly samples: number;
  /** How long some value was held in the period, ms. */
  readonly coveredMs: number;
}

export class TimeWeightedWindow {
  private weighted = 0;
  private covered = 0;
  private low = Number.POSITIVE_INFINITY;
  private high = Number.NEGATIVE_INFINITY;
  private samples = 0;

  /** `value` was held for `ms`. */
  hold(value: number, ms: number): void {
    if (ms <= 0) return;
    this.weighted += value * ms;
    this.covered += ms;
  }

  /** A value arrived. */
  sample(value: number): void {
    this.samples++;
    this.extremes(value);
  }

  /** The period's result; `current` stands for the mean when no time was covered (a value that arrived at the period's very end). */
  result(current: number): WindowResult {
    const mean = this.covered > 0 ? this.weighted / this.covered : current;
    return {
      mean,
      min: Math.min(this.low, mean),
      max: Math.max(this.high, mean),
      samples: this.samples,
      coveredMs: this.covered,
    };
  }

  /** A new period; `carried` is the value held into it, which counts for its min and max. */
  reset(carried: number | undefined): void {
    this.weighted = 0;
    this.covered = 0;
    this.samples = 0;
    this.low = Number.POSITIVE_INFINITY;
    this.high = Number.NEGATIVE_INFINITY;
    if (carried !== undefined) this.extremes(carried);
  }

  private extremes(value: number): void {
    if (value < this.low) this.low = value;
    if (value > this.high) this.high = value;
  }
}
