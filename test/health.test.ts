import { describe, expect, it } from 'vitest';
import { Owm2MqttError } from '../src/core/errors.js';
import { LocationHealth, MAX_SLOWDOWN_MS } from '../src/bridge/health.js';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const MIN = 60_000;
const unauthorized = () => new Owm2MqttError('OWM_UNAUTHORIZED', '401');
const serverError = () => new Owm2MqttError('OWM_SERVER_ERROR', '503');

describe('LocationHealth', () => {
  it('reports the first failure of a streak as new and the same failure again as a repeat', () => {
    const health = new LocationHealth();
    expect(health.failed('paris', serverError(), T0, 10 * MIN)).toEqual({ kind: 'new', failures: 1 });
    expect(health.failed('paris', serverError(), T0, 10 * MIN)).toEqual({ kind: 'repeat', failures: 2 });
    expect(health.failed('paris', unauthorized(), T0, 10 * MIN)).toEqual({ kind: 'new', failures: 3 });
    expect(health.failed('oslo', serverError(), T0, 10 * MIN)).toEqual({ kind: 'new', failures: 1 });
  });

  it('ends a streak on success and says how long it was', () => {
    const health = new LocationHealth();
    health.failed('paris', serverError(), T0, 10 * MIN);
    health.failed('paris', serverError(), T0, 10 * MIN);
    expect(health.succeeded('paris', T0 + MIN)).toBe(2);
    expect(health.failures('paris')).toBe(0);
    expect(health.lastSuccess('paris')).toBe(T0 + MIN);
    expect(health.failed('paris', serverError(), T0, 10 * MIN).kind).toBe('new');
  });

  it('slows a location down exponentially while its key is rejected, capped at 6 h, and resumes on success', () => {
    const health = new LocationHealth();
    const holds = [1, 2, 3, 4, 5, 6, 7].map(() => {
      health.failed('paris', unauthorized(), T0, 10 * MIN);
      return (health.heldUntil('paris', T0)! - T0) / MIN;
    });
    expect(holds).toEqual([20, 40, 80, 160, 320, 360, 360]);
    expect(MAX_SLOWDOWN_MS).toBe(360 * MIN);
    health.succeeded('paris', T0);
    expect(health.heldUntil('paris', T0)).toBeUndefined();
  });

  it('holds a rate-limited location until the Retry-After it was given, not less', () => {
    const health = new LocationHealth();
    health.failed('paris', new Owm2MqttError('OWM_RATE_LIMITED', '429', { retryAfterMs: 90_000 }), T0, 10 * MIN);
    expect(health.heldUntil('paris', T0 + 89_000)).toBe(T0 + 90_000);
    expect(health.heldUntil('paris', T0 + 90_000)).toBeUndefined();
    // A 429 without Retry-After, or a server error, holds nothing: the retry backoff handles it.
    health.failed('oslo', new Owm2MqttError('OWM_RATE_LIMITED', '429'), T0, 10 * MIN);
    health.failed('rome', serverError(), T0, 10 * MIN);
    expect(health.heldUntil('oslo', T0)).toBeUndefined();
    expect(health.heldUntil('rome', T0)).toBeUndefined();
  });
});
