import type { AlertRule } from './alert-rules.js';

export type AlertState = 'raised' | 'cleared';
/** Why an alert is in its state: a value, the member going stale or offline, or the start (the first value seen, not past the threshold). */
export type AlertReason = 'value' | 'stale' | 'offline' | 'start';

export interface AlertChange {
  readonly state: AlertState;
  readonly reason: AlertReason;
}

/** The value meets the rule's condition. */
export function raises(rule: Pick<AlertRule, 'op' | 'threshold'>, value: number): boolean {
  switch (rule.op) {
    case '>':
      return value > rule.threshold;
    case '>=':
      return value >= rule.threshold;
    case '<':
      return value < rule.threshold;
    case '<=':
      return value <= rule.threshold;
  }
}

/** The value is back past the threshold by the hysteresis: `>25~0.5` clears at 24.5 or below, `<16~0.5` at 16.5 or above. */
export function clears(rule: Pick<AlertRule, 'op' | 'threshold' | 'hysteresis'>, value: number): boolean {
  switch (rule.op) {
    case '>':
      return value <= rule.threshold - rule.hysteresis;
    case '>=':
      return value < rule.threshold - rule.hysteresis;
    case '<':
      return value >= rule.threshold + rule.hysteresis;
    case '<=':
      return value > rule.threshold + rule.hysteresis;
  }
}

/**
 * One rule for one member. Raised once when the condition has held for the rule's duration,
 * cleared once when the clearing condition has held as long; between the two thresholds (the
 * hysteresis band) nothing changes, so a value hovering at the threshold does not flap. Times are
 * monotonic ms.
 */
export class AlertMachine {
  private state: AlertState | undefined;
  private pendingSince: number | undefined;

  constructor(readonly rule: AlertRule) {}

  current(): AlertState | undefined {
    return this.state;
  }

  /** A value held at `at`: the change it makes, if any. The first value decides the first state. */
  evaluate(value: number, at: number): AlertChange | undefined {
    if (this.state === undefined) {
      if (raises(this.rule, value) && this.rule.forMs === 0) return this.become('raised', 'value');
      this.pendingSince = raises(this.rule, value) ? at : undefined;
      return this.become('cleared', 'start');
    }
    const flipping = this.state === 'cleared' ? raises(this.rule, value) : clears(this.rule, value);
    if (!flipping) {
      this.pendingSince = undefined;
      return undefined;
    }
    this.pendingSince ??= at;
    if (at - this.pendingSince < this.rule.forMs) return undefined;
    return this.become(this.state === 'cleared' ? 'raised' : 'cleared', 'value');
  }

  /** The member went stale or offline: a raised alert clears (nothing is known any more), a pending one is dropped. */
  gone(reason: 'stale' | 'offline'): AlertChange | undefined {
    this.pendingSince = undefined;
    return this.state === 'raised' ? this.become('cleared', reason) : undefined;
  }

  private become(state: AlertState, reason: AlertReason): AlertChange {
    this.state = state;
    if (reason !== 'start') this.pendingSince = undefined;
    return { state, reason };
  }
}
