/** The scheduler's pure parts at their edges: field order, day rules, DST corners, and the ticker's exact thresholds. */
import { describe, expect, it } from 'vitest';
import { cronSchedule } from '../../src/schedule/index.js';
import { nextWallTime, parseCron } from '../../src/schedule/cron-fields.js';
import { localZone, previousChange, timeZone } from '../../src/schedule/zone.js';
import { FakeClock, scheduledOn } from '../helpers/fake-clock.js';

const SECOND = 1000;
const MIN = 60_000;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const next = (expression: string, after: string) => {
  const at = nextWallTime(parseCron(expression), Date.parse(after));
  return at === undefined ? undefined : iso(at);
};
/** A valid SCHEDULE that never runs: the 30th day before the end of February. */
const NEVER = '0 0 L-30 2 *';

describe('cron fields', () => {
  it('reads values listed out of order (node-cron keeps the order written)', () => {
    expect(next('0 20,8 * * *', '2026-12-02T00:00:00Z')).toBe('2026-12-02T08:00:00Z');
    expect(next('40,20 10,5 8 * * *', '2026-12-02T00:00:00Z')).toBe('2026-12-02T08:05:20Z');
  });

  it('finds the hour field of a 6-field expression, whatever the blanks', () => {
    expect(['0 0 */2 * * *', ' 0 0 */2 * * *', '0 */2  * * *'].map((e) => parseCron(e).wildcardHour)).toEqual([true, true, true]);
  });

  it.each([
    ['0 0 31W * *', '2027-03-31T12:00:00Z', '2027-05-31T00:00:00Z'], // April has no 31st: neither the 30th (1 May 2027 is a Saturday) nor any other day
    ['0 0 L-10 * *', '2027-02-01T00:00:00Z', '2027-02-18T00:00:00Z'],
    ['0 0 LW * *', '2027-07-01T00:00:00Z', '2027-07-30T00:00:00Z'], // 31 July 2027 is a Saturday
    ['0 0 * * 0L', '2027-02-01T00:00:00Z', '2027-02-28T00:00:00Z'],
    ['0 0 * * 7#2', '2027-02-01T00:00:00Z', '2027-02-14T00:00:00Z'],
  ])('%s after %s: %s', (expression, after, expected) => {
    expect(next(expression, after)).toBe(expected);
  });

  it('an expression that matches no day gives no time', () => {
    expect(next(NEVER, '2026-12-02T00:00:00Z')).toBeUndefined();
  });
});

describe('DST corners (Europe/Paris)', () => {
  function ticks(expression: string, start: string, hours: number): string[] {
    const clock = new FakeClock(Date.parse(start));
    const schedule = cronSchedule(expression, { clock, timeZone: 'Europe/Paris' });
    const seen: string[] = [];
    schedule.start(() => seen.push(iso(clock.now())));
    clock.advance(hours * HOUR);
    schedule.stop();
    return seen;
  }

  it('started in the repeated hour, a fixed time just after it still runs', () => {
    const clock = new FakeClock(Date.parse('2026-10-25T01:15:00Z')); // 02:15 CET, the second pass
    expect(iso(cronSchedule('0 3 * * *', { clock, timeZone: 'Europe/Paris' }).nextRun()!)).toBe('2026-10-25T02:00:00Z');
  });

  it('a fixed time at the end of the repeated hour runs on the day of the change', () => {
    expect(ticks('0 3 * * *', '2026-10-24T23:00:00Z', 27)).toEqual(['2026-10-25T02:00:00Z', '2026-10-26T02:00:00Z']);
  });

  it('a fixed time at the start of the spring gap runs at its end', () => {
    expect(ticks('0 2 * * *', '2026-03-28T23:00:00Z', 26)).toEqual(['2026-03-29T01:00:00Z', '2026-03-30T00:00:00Z']);
  });

  it('a fixed time before the gap, already passed, brings no poll at its end', () => {
    const clock = new FakeClock(Date.parse('2026-03-29T00:30:00Z')); // 01:30 CET, after the 01:00 poll
    expect(iso(cronSchedule('0 1,9 * * *', { clock, timeZone: 'Europe/Paris' }).nextRun()!)).toBe('2026-03-29T07:00:00Z');
  });

  it('an hourly expression off the hour skips the gap and keeps its minute', () => {
    expect(ticks('5 * * * *', '2026-03-29T00:00:00Z', 3)).toEqual(['2026-03-29T00:05:00Z', '2026-03-29T01:05:00Z', '2026-03-29T02:05:00Z']);
  });

  it('an expression that never runs has no next poll', () => {
    expect(
      cronSchedule(NEVER, { clock: new FakeClock(Date.parse('2026-12-02T10:05:00Z')), timeZone: 'Europe/Paris' }).nextRun(),
    ).toBeUndefined();
  });
});

describe('zones', () => {
  it('the previous change: none in UTC; in Paris, when and from which offset', () => {
    expect(previousChange(timeZone('UTC'), Date.parse('2026-10-25T02:00:00Z'))).toBeUndefined();
    expect(previousChange(timeZone('Europe/Paris'), Date.parse('2026-10-25T02:00:00Z'))).toEqual({
      at: Date.parse('2026-10-25T01:00:00Z'),
      offsetBefore: 2 * HOUR,
    });
  });

  it('the local zone is the system one', () => {
    const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(localZone().name).toBe(name);
    expect(localZone().offsetMs(Date.parse('2026-07-01T12:00:00Z'))).toBe(timeZone(name).offsetMs(Date.parse('2026-07-01T12:00:00Z')));
  });
});

/** A FakeClock that knows which timers are still pending. */
class CountingClock extends FakeClock {
  readonly pending = new Set<unknown>();
  override setTimeout(callback: () => void, ms: number): unknown {
    const id = super.setTimeout(() => {
      this.pending.delete(id);
      callback();
    }, ms);
    this.pending.add(id);
    return id;
  }
  override clearTimeout(handle: unknown): void {
    this.pending.delete(handle);
    super.clearTimeout(handle);
  }
}

describe('the ticker', () => {
  function every10(start = '2026-12-02T10:05:00Z', expression = '*/10 * * * *') {
    return scheduledOn(new CountingClock(Date.parse(start)), expression);
  }

  it('started between whole minutes, it polls on the due second', () => {
    const { clock, polls, lines } = every10('2026-12-02T10:05:30Z');
    clock.advance(5 * MIN);
    expect(polls).toEqual(['2026-12-02T10:10:00Z']);
    expect(lines).toEqual([]);
  });

  it('tells the planned poll while it is overdue', () => {
    const { clock, schedule } = every10();
    clock.stall(10 * MIN);
    expect(iso(schedule.nextRun()!)).toBe('2026-12-02T10:10:00Z');
  });

  it('a clock step back of exactly 2 s is told; 1.999 s is noise', () => {
    const back = every10();
    back.clock.step(-2 * SECOND);
    back.clock.advance(MIN);
    expect(back.lines).toEqual([
      'WARN the wall clock went back by 2 s (time sync or an admin); polls follow the new time: next poll 2026-12-02T10:10:00Z',
    ]);
    const noise = every10();
    noise.clock.step(-1999);
    noise.clock.advance(MIN);
    expect(noise.lines).toEqual([]);
  });

  it('a forward step of exactly 2 s is told; 1.999 s is noise', () => {
    const ahead = every10();
    ahead.clock.step(2 * SECOND);
    ahead.clock.advance(MIN);
    expect(ahead.lines).toEqual([
      'INFO the wall clock jumped forward by 2 s (time sync, or the system was suspended); next poll 2026-12-02T10:10:00Z',
    ]);
    const noise = every10();
    noise.clock.step(1999);
    noise.clock.advance(MIN);
    expect(noise.lines).toEqual([]);
  });

  it('a forward step of exactly 2 s past a due poll polls once and says so', () => {
    const { clock, lines, polls } = every10();
    clock.advance(4 * MIN + 59 * SECOND); // 10:09:59, the next wake-up due at 10:10:00
    clock.step(2 * SECOND);
    clock.advance(SECOND);
    expect(polls).toEqual(['2026-12-02T10:10:02Z']);
    expect(lines).toEqual([
      'WARN the wall clock jumped forward by 2 s (time sync, or the system was suspended), past the poll due at 2026-12-02T10:10:00Z: polling now, once; next poll 2026-12-02T10:20:00Z',
    ]);
  });

  it('a poll exactly 5 s late is told', () => {
    const { clock, lines, polls } = every10();
    clock.advance(4 * MIN); // 10:09
    clock.stall(MIN + 5 * SECOND);
    clock.advance(0);
    expect(polls).toEqual(['2026-12-02T10:10:05Z']);
    expect(lines).toEqual([
      'WARN the poll due at 2026-12-02T10:10:00Z runs 5 s late (the process was held up: an overloaded system, a stopped process or a paused VM): polling now, once; next poll 2026-12-02T10:20:00Z',
    ]);
  });

  it('with no poll ever due, it sleeps its longest and says so after a step back', () => {
    const { clock, lines, polls, schedule } = every10('2026-12-02T10:05:00Z', NEVER);
    clock.advance(3 * MIN);
    expect(schedule.nextRun()).toBeUndefined();
    expect(clock.sleeps).toEqual([MIN, MIN, MIN, MIN]);
    clock.step(-HOUR);
    clock.advance(MIN);
    expect(lines).toEqual([
      'WARN the wall clock went back by 1 h 0 min (time sync or an admin); polls follow the new time: no poll is scheduled any more',
    ]);
    expect(polls).toEqual([]);
  });

  it('stopped, it leaves no timer behind, even when stopped from its own log line', () => {
    const { clock, schedule } = every10();
    clock.advance(7 * MIN);
    expect(clock.pending.size).toBe(1);
    schedule.stop();
    expect(clock.pending.size).toBe(0);

    const stopping = new CountingClock(Date.parse('2026-12-02T10:05:00Z'));
    const inner = cronSchedule('*/10 * * * *', {
      clock: stopping,
      timeZone: 'UTC',
      log: { info: () => undefined, warn: () => inner.stop() },
    });
    const polls: number[] = [];
    inner.start(() => polls.push(stopping.now()));
    stopping.step(-HOUR);
    stopping.advance(MIN); // the wake-up that sees the step, says it, and is stopped by the line
    expect(stopping.pending.size).toBe(0);
    stopping.advance(HOUR);
    expect(polls).toEqual([]);
  });
});
