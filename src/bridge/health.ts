import type { Owm2MqttError } from '../core/errors.js';

/**
 * What the daemon remembers per location between polls: the failure streak
 * (to log a streak once, not every poll), when it may ask OWM again (after a
 * 429's Retry-After, or slowed down while the key is rejected), and the last
 * success. One small record per location: bounded by the configuration.
 */
interface State {
  failures: number;
  /** 401s in a row: the slow-down grows with these, not with other failures before them. */
  rejections: number;
  lastError: Owm2MqttError | undefined;
  notBefore: number;
  lastSuccess: number | undefined;
}

export type FailureReport =
  /** The first failure of a streak, or a different kind of failure than the last one: log it. */
  | { kind: 'new'; failures: number }
  /** More of the same: said already. */
  | { kind: 'repeat'; failures: number };

export const MAX_SLOWDOWN_MS = 6 * 60 * 60 * 1000;
/** A Retry-After beyond a day is a misconfigured proxy, not OpenWeatherMap: hold at most this long. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

export class LocationHealth {
  private readonly states = new Map<string, State>();

  private state(level: string): State {
    let state = this.states.get(level);
    if (!state) {
      state = { failures: 0, rejections: 0, lastError: undefined, notBefore: 0, lastSuccess: undefined };
      this.states.set(level, state);
    }
    return state;
  }

  /** When this location may be asked again, or undefined when it may be now. */
  heldUntil(level: string, now: number): number | undefined {
    const { notBefore } = this.state(level);
    return notBefore > now ? notBefore : undefined;
  }

  /** Records a success; returns how many failed polls it ends (0 if none). */
  succeeded(level: string, now: number): number {
    const state = this.state(level);
    const ended = state.failures;
    Object.assign(state, { failures: 0, rejections: 0, lastError: undefined, notBefore: 0, lastSuccess: now });
    return ended;
  }

  /**
   * Records a failed poll. A rejected key slows this location down: after the
   * n-th 401 in a row it waits `interval × 2^n` (capped at 6 h) before asking
   * again. A 429 holds it until the time the server asked for.
   */
  failed(level: string, error: Owm2MqttError, now: number, intervalMs: number): FailureReport {
    const state = this.state(level);
    const previous = state.lastError;
    state.failures++;
    state.lastError = error;
    state.rejections = error.code === 'OWM_UNAUTHORIZED' ? state.rejections + 1 : 0;
    if (error.code === 'OWM_UNAUTHORIZED') {
      state.notBefore = now + Math.min(MAX_SLOWDOWN_MS, intervalMs * 2 ** Math.min(state.rejections, 20));
    } else if (error.code === 'OWM_RATE_LIMITED' && error.retryAfterMs !== undefined) {
      state.notBefore = Math.max(state.notBefore, now + Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS));
    }
    // A flapping outage (503, then a timeout, then a reset) is one streak, not news each poll.
    const same = previous !== undefined && (previous.code === error.code || (previous.transient && error.transient));
    return { kind: same ? 'repeat' : 'new', failures: state.failures };
  }

  failures(level: string): number {
    return this.state(level).failures;
  }

  lastSuccess(level: string): number | undefined {
    return this.state(level).lastSuccess;
  }
}
