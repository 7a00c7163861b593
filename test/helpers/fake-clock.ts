import { vi } from 'vitest';
import { type Clock, cronSchedule } from '../../src/schedule/index.js';

/**
 * A clock the test moves: real time passes with `advance` (timers fire in order, both clocks
 * move), the wall clock alone jumps with `step`, and `stall` is time passing while the process
 * runs nothing (its timers fire late, at the next `advance`).
 */
export class FakeClock implements Clock {
  private mono = 1_000_000;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private ids = 0;
  /** Every delay the code under test asked for. */
  readonly sleeps: number[] = [];

  constructor(private wall: number) {}

  now(): number {
    return this.wall;
  }

  monotonic(): number {
    return this.mono;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    this.sleeps.push(ms);
    const id = ++this.ids;
    this.timers.push({ at: this.mono + Math.max(ms, 1), callback, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  advance(ms: number): void {
    const end = this.mono + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.move(Math.max(due.at - this.mono, 0));
      due.callback();
    }
    this.move(end - this.mono);
  }

  step(ms: number): void {
    this.wall += ms;
  }

  stall(ms: number): void {
    this.move(ms);
  }

  private move(ms: number): void {
    this.wall += ms;
    this.mono += ms;
  }
}

/** ISO time to the second, as the schedule's lines print it. */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** `expression` scheduled in UTC on `clock`: the polls it ticked and the lines it logged. */
export function scheduledOn<C extends FakeClock>(clock: C, expression = '*/10 * * * *') {
  const lines: string[] = [];
  const schedule = cronSchedule(expression, {
    clock,
    timeZone: 'UTC',
    log: { info: (l) => lines.push(`INFO ${l}`), warn: (l) => lines.push(`WARN ${l}`) },
  });
  const polls: string[] = [];
  schedule.start(() => polls.push(isoSeconds(clock.now())));
  return { clock, lines, polls, schedule };
}

/**
 * This process's own clock (`Date`, `setTimeout`, `clearTimeout`) made fake, for code that reads
 * the global clock (the Daemon, `poll`): time moves only by `advance`, while real I/O (sockets,
 * HTTP) goes on as usual. `at(ms)` is a time relative to the moment it was installed.
 */
export function fakeProcessClock() {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  const start = Date.now();
  return {
    start,
    /** Milliseconds since the clock was installed. */
    elapsed: () => Date.now() - start,
    /** Moves to `ms` after the start, firing every timer due on the way, each after the promises before it settled. */
    advanceTo: async (ms: number) => {
      const by = start + ms - Date.now();
      if (by < 0) throw new Error(`the clock is already past ${ms} ms`);
      await vi.advanceTimersByTimeAsync(by);
    },
    uninstall: (): void => {
      vi.useRealTimers();
    },
  };
}
