/**
 * Failed logins per client address: after `maxFailures` within `windowMs`, every attempt from
 * that address is refused until the oldest of them is `windowMs` old. A success does not wipe
 * the count (a guesser who finds the password has nothing left to guess). The table is bounded:
 * past `maxAddresses`, the address seen least recently is forgotten.
 */
export interface RateLimitOptions {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly maxAddresses: number;
  readonly now: () => number;
}

export const DEFAULT_RATE_LIMIT = { maxFailures: 5, windowMs: 15 * 60_000, maxAddresses: 10_000 } as const;

export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options: RateLimitOptions) {}

  /** Undefined when `address` may try now, else how many ms until it may. */
  waitFor(address: string): number | undefined {
    const recent = this.recent(address);
    if (recent.length < this.options.maxFailures) return undefined;
    return recent[recent.length - this.options.maxFailures]! + this.options.windowMs - this.options.now();
  }

  recordFailure(address: string): void {
    const recent = this.recent(address);
    recent.push(this.options.now());
    // Re-inserted, so that the Map's order is least recently seen first.
    this.failures.delete(address);
    this.failures.set(address, recent.slice(-this.options.maxFailures));
    while (this.failures.size > this.options.maxAddresses) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(address: string): number[] {
    const since = this.options.now() - this.options.windowMs;
    const recent = (this.failures.get(address) ?? []).filter((t) => t > since);
    if (recent.length === 0) this.failures.delete(address);
    return recent;
  }
}
