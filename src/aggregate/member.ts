import { Intervals, staleLimitMs } from './staleness.js';
import { TimeWeightedWindow } from './window.js';

/** A member's part of one period. `mean` is there only when the member is fresh at the period's end. */
export interface MemberPeriod {
  readonly name: string;
  readonly state: 'fresh' | 'stale' | 'offline';
  readonly mean?: number;
  readonly min?: number;
  readonly max?: number;
  readonly samples: number;
  /** The value counted so far came from a retained message found at start-up, not yet confirmed by a live one. */
  readonly retained: boolean;
}

/**
 * One member of one source (a room's temperature): its held value, its time-weighted window,
 * its intervals and its availability. Times are monotonic ms.
 *
 * Retained messages: the broker replays a retained value at every subscription, with no age.
 * One seeds a member that has no value yet (it counts until the staleness limit passes without a
 * live message); it is ignored for a member that already had a value, and never refreshes one.
 */
export class Member {
  private value: number | undefined;
  private valueAt = 0;
  private lastLiveAt: number | undefined;
  private heardAt: number;
  private cursor: number;
  private offline = false;
  private retainedOnly = false;
  private readonly intervals = new Intervals();
  private readonly window = new TimeWeightedWindow();

  constructor(
    readonly name: string,
    private readonly fixedStaleMs: number | undefined,
    at: number,
  ) {
    this.cursor = at;
    this.heardAt = at;
  }

  limitMs(): number {
    return staleLimitMs(this.fixedStaleMs, this.intervals.typical());
  }

  /** The value it holds now, if fresh. */
  current(at: number): number | undefined {
    return this.isFresh(at) ? this.value : undefined;
  }

  isFresh(at: number): boolean {
    return !this.offline && this.value !== undefined && at - this.valueAt <= this.limitMs();
  }

  isOffline(): boolean {
    return this.offline;
  }

  /** False when a retained value was ignored. */
  receive(value: number, at: number, retained: boolean): boolean {
    if (retained && (this.value !== undefined || this.lastLiveAt !== undefined)) return false;
    this.advance(at);
    if (retained) this.retainedOnly = true;
    else {
      if (this.lastLiveAt !== undefined) this.intervals.add(at - this.lastLiveAt);
      this.lastLiveAt = at;
      this.offline = false;
      this.retainedOnly = false;
    }
    this.value = value;
    this.valueAt = at;
    this.heardAt = at;
    this.window.sample(value);
    return true;
  }

  /** Its status said `offline`: it leaves at once, and its value with it. */
  goOffline(at: number): void {
    this.advance(at);
    this.value = undefined;
    this.offline = true;
    this.heardAt = at;
  }

  /** Its status said `online`: it comes back with its next value. */
  goOnline(at: number): void {
    this.offline = false;
    this.heardAt = at;
  }

  /** Ms since it last said anything (a value or a status). */
  silentFor(at: number): number {
    return at - this.heardAt;
  }

  close(at: number): MemberPeriod {
    this.advance(at);
    const state = this.offline ? 'offline' : this.isFresh(at) ? 'fresh' : 'stale';
    const result = state === 'fresh' ? this.window.result(this.value!) : undefined;
    const samples = result?.samples ?? 0;
    this.window.reset(state === 'fresh' ? this.value : undefined);
    if (!result) return { name: this.name, state, samples, retained: this.retainedOnly };
    return { name: this.name, state, mean: result.mean, min: result.min, max: result.max, samples, retained: this.retainedOnly };
  }

  /** Adds the held value's time up to `to` (monotonic: never earlier than the last call), never past the moment it went stale. */
  private advance(to: number): void {
    // A value gone stale before the cursor adds a negative time, which the window ignores.
    if (this.value !== undefined && !this.offline) this.window.hold(this.value, Math.min(to, this.valueAt + this.limitMs()) - this.cursor);
    this.cursor = to;
  }
}
