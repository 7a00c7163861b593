/** The daemon's reconnect backoff, on its own: growth, cap, jitter bounds, reset after a stable connection. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReconnectBackoff } from '../../src/mqtt/backoff.js';

/** The waits of `count` attempts in a row. */
function waits(backoff: ReconnectBackoff, count: number): number[] {
  return Array.from({ length: count }, () => backoff.next().waitMs);
}

describe('ReconnectBackoff', () => {
  it('doubles from MQTT_RECONNECT_MIN_MS and stays at MQTT_RECONNECT_MAX_MS', () => {
    // random at the top of its range: the wait is the whole ceiling.
    expect(waits(new ReconnectBackoff(1000, 60_000, () => 1), 9)).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    // A cap that is not a doubling of the minimum is reached as it is, not rounded to one.
    expect(waits(new ReconnectBackoff(100, 1000, () => 1), 7)).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('numbers the attempts from 1', () => {
    const backoff = new ReconnectBackoff(100, 1000, () => 0);
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([
      { waitMs: 50, attempt: 1 },
      { waitMs: 100, attempt: 2 },
      { waitMs: 200, attempt: 3 },
    ]);
  });

  it('waits between half and all of the ceiling: random 0 gives half, 0.5 three quarters', () => {
    expect(waits(new ReconnectBackoff(1000, 8000, () => 0), 5)).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(waits(new ReconnectBackoff(1000, 8000, () => 0.5), 5)).toEqual([750, 1500, 3000, 6000, 6000]);
  });

  it('never waits less than half or more than all of min × 2^n capped at max, for any random in [0, 1)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 3_600_000 }),
        fc.integer({ min: 100, max: 3_600_000 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (minMs, max, draws) => {
          const maxMs = Math.max(minMs, max);
          const queue = [...draws];
          const backoff = new ReconnectBackoff(minMs, maxMs, () => queue.shift()!);
          for (let index = 0; index < draws.length; index++) {
            const ceiling = Math.min(maxMs, minMs * 2 ** index);
            const { waitMs, attempt } = backoff.next();
            expect(attempt).toBe(index + 1);
            expect(waitMs).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
            expect(waitMs).toBeLessThanOrEqual(ceiling);
          }
        },
      ),
    );
  });

  it('stays finite and capped after a very long outage', () => {
    const backoff = new ReconnectBackoff(100, 3_600_000, () => 1);
    waits(backoff, 5000);
    expect(backoff.ceiling()).toBe(3_600_000);
    expect(backoff.next().waitMs).toBe(3_600_000);
  });

  it('starts again from the minimum after a connection that lasted MQTT_RECONNECT_MAX_MS', () => {
    const backoff = new ReconnectBackoff(100, 1000, () => 1);
    expect(waits(backoff, 4)).toEqual([100, 200, 400, 800]);
    backoff.connectionLasted(1000);
    expect(backoff.next()).toEqual({ waitMs: 100, attempt: 1 });
  });

  it('goes on growing after a connection dropped sooner (a broker that accepts, then drops us)', () => {
    const backoff = new ReconnectBackoff(100, 1000, () => 1);
    expect(waits(backoff, 3)).toEqual([100, 200, 400]);
    backoff.connectionLasted(999);
    expect(backoff.next()).toEqual({ waitMs: 800, attempt: 4 });
    backoff.connectionLasted(0);
    expect(backoff.next()).toEqual({ waitMs: 1000, attempt: 5 });
  });
});
