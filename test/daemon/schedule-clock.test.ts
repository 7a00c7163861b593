/** The scheduler against clock steps and stalls (docs/reliability.md, "Clock changes, DST, late polls, SIGHUP"): a fake clock, no real waiting. */
import { describe, expect, it } from 'vitest';
import { cronSchedule } from '../../src/schedule/index.js';
import { duration } from '../../src/schedule/ticker.js';
import { FakeClock, scheduledOn } from '../helpers/fake-clock.js';

const SECOND = 1000;
const MIN = 60_000;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Every ten minutes in UTC from 10:05Z, with what it ticked and logged. */
function tenMinutes() {
  return scheduledOn(new FakeClock(Date.parse('2026-12-02T10:05:00Z')));
}

describe('the scheduler and the clock', () => {
  it('keeps polling after the wall clock steps back an hour: one line, the next poll on the new time', () => {
    const { clock, lines, polls } = tenMinutes();
    clock.advance(7 * MIN);
    expect(polls).toEqual(['2026-12-02T10:10:00Z']);
    clock.step(-HOUR); // at 10:12, back to 09:12
    clock.advance(MIN);
    expect(lines).toEqual([
      'WARN the wall clock went back by 1 h 0 min (time sync or an admin); polls follow the new time: next poll 2026-12-02T09:20:00Z',
    ]);
    clock.advance(30 * MIN);
    expect(polls).toEqual(['2026-12-02T10:10:00Z', '2026-12-02T09:20:00Z', '2026-12-02T09:30:00Z', '2026-12-02T09:40:00Z']);
    expect(lines).toHaveLength(1);
  });

  it('notices a step back within a minute even while sleeping towards a far poll', () => {
    const clock = new FakeClock(Date.parse('2026-12-02T10:05:00Z'));
    const lines: string[] = [];
    const schedule = cronSchedule('0 12 * * *', {
      clock,
      timeZone: 'UTC',
      log: { info: (l) => lines.push(l), warn: (l) => lines.push(l) },
    });
    schedule.start(() => undefined);
    clock.step(-2 * 86_400_000);
    clock.advance(MIN);
    expect(lines).toEqual([
      'the wall clock went back by 2 d 0 h (time sync or an admin); polls follow the new time: next poll 2026-11-30T12:00:00Z',
    ]);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(MIN);
  });

  it('after a forward step past due polls: one poll now, one line, then the usual times', () => {
    const { clock, lines, polls } = tenMinutes();
    clock.advance(7 * MIN); // 10:12
    clock.step(86_400_000); // a Pi's first sync after booting on an old fake-hwclock time
    clock.advance(MIN);
    expect(polls).toEqual(['2026-12-02T10:10:00Z', '2026-12-03T10:13:00Z']);
    expect(lines).toEqual([
      'WARN the wall clock jumped forward by 1 d 0 h (time sync, or the system was suspended), past the poll due at 2026-12-02T10:20:00Z: polling now, once; next poll 2026-12-03T10:20:00Z',
    ]);
    clock.advance(20 * MIN);
    expect(polls.slice(2)).toEqual(['2026-12-03T10:20:00Z', '2026-12-03T10:30:00Z']);
    expect(lines).toHaveLength(1);
  });

  it('a forward step that passes no poll is one line, and no poll', () => {
    const { clock, lines, polls } = tenMinutes();
    clock.step(3 * MIN); // 10:05 -> 10:08
    clock.advance(MIN);
    expect(polls).toEqual([]);
    expect(lines).toEqual([
      'INFO the wall clock jumped forward by 3 min 0 s (time sync, or the system was suspended); next poll 2026-12-02T10:10:00Z',
    ]);
    clock.advance(2 * MIN);
    expect(polls).toEqual(['2026-12-02T10:10:00Z']);
  });

  it('a stalled process polls once on waking, with one line, however many polls it missed', () => {
    const { clock, lines, polls } = tenMinutes();
    clock.advance(6 * MIN); // 10:11
    clock.stall(HOUR + 4 * MIN); // 11:15: six polls were due meanwhile
    clock.advance(0);
    expect(polls).toEqual(['2026-12-02T10:10:00Z', '2026-12-02T11:15:00Z']);
    expect(lines).toEqual([
      'WARN the poll due at 2026-12-02T10:20:00Z runs 55 min 0 s late (the process was held up: an overloaded system, a stopped process or a paused VM): polling now, once; next poll 2026-12-02T11:20:00Z',
    ]);
    clock.advance(5 * MIN);
    expect(polls.at(-1)).toBe('2026-12-02T11:20:00Z');
  });

  it('a wake-up both late and after a step back that still leaves the due time passed polls now', () => {
    const { clock, lines, polls } = tenMinutes();
    clock.advance(4 * MIN); // 10:09, the 10:10 poll is due at the next wake-up
    clock.stall(6 * MIN); // held up until 10:15…
    clock.step(-3 * MIN); // …while the clock was set back to 10:12: still past 10:10
    clock.advance(0);
    expect(polls).toEqual(['2026-12-02T10:12:00Z']);
    expect(lines).toEqual([
      'WARN the wall clock went back by 3 min 0 s (time sync or an admin), past the poll due at 2026-12-02T10:10:00Z: polling now, once; polls follow the new time: next poll 2026-12-02T10:20:00Z',
    ]);
    clock.advance(8 * MIN);
    expect(polls).toEqual(['2026-12-02T10:12:00Z', '2026-12-02T10:20:00Z']);
  });

  it('a step back that lands exactly on the due time still polls it; one that lands before it waits for it', () => {
    const exact = tenMinutes();
    exact.clock.advance(4 * MIN); // 10:09
    exact.clock.stall(5 * MIN); // 10:14…
    exact.clock.step(-4 * MIN); // …set back to 10:10:00, the due time itself
    exact.clock.advance(0);
    expect(exact.polls).toEqual(['2026-12-02T10:10:00Z']);
    const before = tenMinutes();
    before.clock.advance(4 * MIN);
    before.clock.stall(5 * MIN);
    before.clock.step(-6 * MIN); // 10:08: the 10:10 poll is still ahead
    before.clock.advance(0);
    expect(before.polls).toEqual([]);
    expect(before.lines).toEqual([
      'WARN the wall clock went back by 6 min 0 s (time sync or an admin); polls follow the new time: next poll 2026-12-02T10:10:00Z',
    ]);
    before.clock.advance(2 * MIN);
    expect(before.polls).toEqual(['2026-12-02T10:10:00Z']);
  });

  it('a poll a little late is quiet', () => {
    const { clock, lines, polls } = tenMinutes();
    clock.advance(4 * MIN); // 10:09
    clock.stall(MIN + 2 * SECOND); // 10:10:02
    clock.advance(0);
    expect(polls).toEqual(['2026-12-02T10:10:02Z']);
    expect(lines).toEqual([]);
  });

  it('knows the next poll during a tick (the poll deadline) and stops ticking when stopped', () => {
    const { clock, polls, schedule } = tenMinutes();
    const seenNext: string[] = [];
    schedule.stop();
    schedule.start(() => seenNext.push(iso(schedule.nextRun()!)));
    clock.advance(5 * MIN);
    expect(seenNext).toEqual(['2026-12-02T10:20:00Z']);
    schedule.stop();
    clock.advance(HOUR);
    expect(seenNext).toHaveLength(1);
    expect(polls).toEqual([]);
  });

  it('a tick that throws does not stop the schedule', () => {
    const clock = new FakeClock(Date.parse('2026-12-02T10:05:00Z'));
    const schedule = cronSchedule('*/10 * * * *', { clock, timeZone: 'UTC' });
    const polls: string[] = [];
    schedule.start(() => {
      polls.push(iso(clock.now()));
      throw new Error('boom');
    });
    for (let i = 0; i < 3; i++) expect(() => clock.advance(10 * MIN)).toThrow('boom');
    clock.advance(MIN);
    expect(polls).toEqual(['2026-12-02T10:10:00Z', '2026-12-02T10:20:00Z', '2026-12-02T10:30:00Z']);
  });

  it('says durations in two units', () => {
    expect([400, 3 * SECOND, 5 * MIN + 3 * SECOND, HOUR, 2 * 86_400_000 + 3 * HOUR].map(duration)).toEqual([
      '400 ms',
      '3 s',
      '5 min 3 s',
      '1 h 0 min',
      '2 d 3 h',
    ]);
  });
});
