import type { Logger } from '../core/log.js';
import { isoSeconds } from '../core/time.js';
import type { Clock } from './clock.js';

export interface TickerOptions {
  readonly clock: Clock;
  readonly log: Pick<Logger, 'info' | 'warn'>;
  /** The first scheduled instant strictly after a wall time, if any. */
  readonly nextSlot: (after: number) => number | undefined;
  /** The longest the timer sleeps before it looks at the clocks again: how soon a step back is noticed. */
  readonly maxSleepMs?: number;
}

/** A jump of the wall clock against the monotonic one below this is NTP's slewing or timer noise. */
const STEP_MS = 2000;
/** A poll this late is said in the log. */
const LATE_MS = 5000;

/**
 * Our own timer: one at a time, planned from the wall clock, never sleeping longer than
 * `maxSleepMs`. Each wake-up compares how far the wall clock moved with how far the monotonic
 * clock did, so a clock step is seen however it went:
 * - back: the next poll is re-planned on the new time (at most one interval away), one line;
 * - forward, or a wake-up long after the poll was due (a stalled process, a paused VM): one poll
 *   now, one line, then the normal times again; never a poll or a line per missed time.
 */
export class Ticker {
  private timer: unknown;
  private next: number | undefined;
  private lastWall = 0;
  private lastMonotonic = 0;
  private tick: (() => void) | undefined;

  constructor(private readonly options: TickerOptions) {}

  start(tick: () => void): void {
    const { clock } = this.options;
    this.tick = tick;
    this.lastWall = clock.now();
    this.lastMonotonic = clock.monotonic();
    this.next = this.options.nextSlot(this.lastWall);
    this.arm();
  }

  stop(): void {
    this.tick = undefined;
    this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The planned next poll; before start, the next one from now. */
  nextRun(): number | undefined {
    return this.tick === undefined ? this.options.nextSlot(this.options.clock.now()) : this.next;
  }

  private arm(): void {
    const { clock, maxSleepMs = 60_000 } = this.options;
    if (this.tick === undefined) return;
    const wait = this.next === undefined ? maxSleepMs : Math.min(Math.max(this.next - clock.now(), 0), maxSleepMs);
    this.timer = clock.setTimeout(() => this.wake(), wait);
  }

  private wake(): void {
    this.timer = undefined;
    const tick = this.tick;
    // Stryker disable next-line ConditionalExpression: stop() clears the timer, so no wake-up comes after it
    if (tick === undefined) return;
    const { clock, log, nextSlot } = this.options;
    const wall = clock.now();
    const monotonic = clock.monotonic();
    // How far the wall clock was set, not counting the time that really passed.
    const step = wall - this.lastWall - (monotonic - this.lastMonotonic);
    this.lastWall = wall;
    this.lastMonotonic = monotonic;
    const due = this.next;
    // Stryker disable next-line ConditionalExpression: `wall >= undefined` is false anyway; the check is for the types
    const overdue = due !== undefined && wall >= due;
    let pollNow = false;
    if (step <= -STEP_MS) {
      this.next = nextSlot(wall);
      // A wake-up late enough to be past its poll even after the step back: that poll is still owed.
      pollNow = overdue;
      const owed = overdue ? `, past the poll due at ${isoSeconds(due / 1000)}: polling now, once` : '';
      log.warn(
        `the wall clock went back by ${duration(-step)} (time sync or an admin)${owed}; polls follow the new time: ${nextPoll(this.next)}`,
      );
    } else if (overdue) {
      this.next = nextSlot(wall);
      const late = wall - due;
      if (step >= STEP_MS)
        log.warn(
          `the wall clock jumped forward by ${duration(step)} (time sync, or the system was suspended), past the poll due at ${isoSeconds(due / 1000)}: polling now, once; ${nextPoll(this.next)}`,
        );
      else if (late >= LATE_MS)
        log.warn(
          `the poll due at ${isoSeconds(due / 1000)} runs ${duration(late)} late (the process was held up: an overloaded system, a stopped process or a paused VM): polling now, once; ${nextPoll(this.next)}`,
        );
      pollNow = true;
    } else if (step >= STEP_MS) {
      log.info(`the wall clock jumped forward by ${duration(step)} (time sync, or the system was suspended); ${nextPoll(due)}`);
    }
    // Armed before the tick: whatever the tick does, the next wake-up is planned.
    this.arm();
    if (pollNow) tick();
  }
}

function nextPoll(at: number | undefined): string {
  return at === undefined ? 'no poll is scheduled any more' : `next poll ${isoSeconds(at / 1000)}`;
}

/** `3 s`, `5 min 3 s`, `1 h 0 min`, `2 d 3 h`: two units are enough to tell what happened. */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ];
  const first = units.findIndex(([, size]) => seconds >= size);
  if (first === -1) return `${Math.round(ms)} ms`;
  const [unit, size] = units[first]!;
  const whole = Math.floor(seconds / size);
  const next = units[first + 1];
  return next === undefined ? `${whole} ${unit}` : `${whole} ${unit} ${Math.floor((seconds % size) / next[1])} ${next[0]}`;
}
