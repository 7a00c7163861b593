import type { Owm2MqttError } from './errors.js';

/**
 * What the daemon remembers per location between polls: the failure streak
 * (to log a streak once, not every poll), when it may ask OWM again (after a
 * 429's Retry-After, or slowed down while the key is rejected), and the last
 * success. One small record per location: bounded by the configuration.
 */
interface State {
  failures: number;
  lastCode: string | undefined;
  notBefore: number;
  lastSuccess: number | undefined;
}

export type FailureReport =
  /** The first failure of a streak, or a different failure than the last one: log it. */
  | { kind: 'new'; failures: number }
  /** The same failure again: say nothing now, it was said. */
  | { kind: 'repeat'; failures: number };

export const MAX_SLOWDOWN_MS = 6 * 60 * 60 * 1000;

export class LocationHealth {
  private readonly states = new Map<string, State>();

  private state(level: string): State {
    let state = this.states.get(level);
    if (!state) {
      state = { failures: 0, lastCode: undefined, notBefore: 0, lastSuccess: undefined };
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
    state.failures = 0;
    state.lastCode = undefined;
    state.notBefore = 0;
    state.lastSuccess = now;
    return ended;
  }

  /**
   * Records a failed poll. A rejected key slows this location down: after the
   * n-th 401 in a row it waits `interval × 2^n` (capped at 6 h) before asking
   * again. A 429 holds it until the time the server asked for.
   */
  failed(level: string, error: Owm2MqttError, now: number, intervalMs: number): FailureReport {
    const state = this.state(level);
    state.failures++;
    const repeat = state.lastCode === error.code;
    state.lastCode = error.code;
    if (error.code === 'OWM_UNAUTHORIZED') {
      state.notBefore = now + Math.min(MAX_SLOWDOWN_MS, intervalMs * 2 ** Math.min(state.failures, 20));
    } else if (error.code === 'OWM_RATE_LIMITED' && error.retryAfterMs !== undefined) {
      state.notBefore = Math.max(state.notBefore, now + error.retryAfterMs);
    }
    return { kind: repeat ? 'repeat' : 'new', failures: state.failures };
  }

  failures(level: string): number {
    return this.state(level).failures;
  }

  lastSuccess(level: string): number | undefined {
    return this.state(level).lastSuccess;
  }
}
