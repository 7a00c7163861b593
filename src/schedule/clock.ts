/** The time sources the scheduler reads, injected so tests can step, stall and change the clock. */
export interface Clock {
  /** The wall clock, ms since the epoch: what SCHEDULE is read against. It can jump (NTP, an admin). */
  now(): number;
  /** A clock that only moves forward, in ms from an arbitrary origin: what really elapsed. */
  monotonic(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
