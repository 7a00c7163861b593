/** SCHEDULE through DST changes, with Vixie cron's rules (docs/reliability.md, "Clock changes, DST, late polls, SIGHUP"): driven by a fake clock, no real waiting. */
import { describe, expect, it } from 'vitest';
import { cronSchedule } from '../../src/schedule/index.js';
import { FakeClock } from '../helpers/fake-clock.js';

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The instants (UTC) at which the schedule ticks while `hours` of real time pass from `start`. */
function ticks(expression: string, timeZone: string, start: string, hours: number): string[] {
  const clock = new FakeClock(Date.parse(start));
  const lines: string[] = [];
  const schedule = cronSchedule(expression, { clock, timeZone, log: { info: (l) => lines.push(l), warn: (l) => lines.push(l) } });
  const seen: string[] = [];
  schedule.start(() => seen.push(iso(clock.now())));
  clock.advance(hours * 3_600_000);
  schedule.stop();
  expect(lines).toEqual([]);
  return seen;
}

function gaps(instants: string[]): number[] {
  return instants.slice(1).map((at, i) => (Date.parse(at) - Date.parse(instants[i]!)) / MIN);
}

describe.each([
  // 2026-10-25 01:00Z: 03:00 CEST becomes 02:00 CET; 2026-03-29 01:00Z: 02:00 CET becomes 03:00 CEST.
  ['Europe/Paris', '2026-10-25T00:05:00Z', '2026-03-29T00:05:00Z'],
  // 2026-11-01 06:00Z: 02:00 EDT becomes 01:00 EST; 2026-03-08 07:00Z: 02:00 EST becomes 03:00 EDT.
  ['America/New_York', '2026-11-01T05:05:00Z', '2026-03-08T06:05:00Z'],
])('%s', (zone, autumn, spring) => {
  it.each([
    ['autumn', autumn],
    ['spring', spring],
  ])('*/10 * * * * polls every 10 minutes of real time through the %s change', (_, start) => {
    const seen = ticks('*/10 * * * *', zone, start, 3);
    expect(seen).toHaveLength(18);
    expect(gaps(seen)).toEqual(Array(17).fill(10));
  });

  it('an hourly expression polls every real hour through both changes', () => {
    expect(gaps(ticks('0 * * * *', zone, autumn, 4))).toEqual([60, 60, 60]);
    expect(gaps(ticks('0 * * * *', zone, spring, 4))).toEqual([60, 60, 60]);
  });
});

describe('fixed times (Europe/Paris)', () => {
  it('a time the autumn repeats runs once, in the first pass', () => {
    expect(ticks('30 2 * * *', 'Europe/Paris', '2026-10-24T23:00:00Z', 27)).toEqual(['2026-10-25T00:30:00Z', '2026-10-26T01:30:00Z']);
    expect(ticks('*/20 2 * * *', 'Europe/Paris', '2026-10-24T23:00:00Z', 3)).toEqual([
      '2026-10-25T00:00:00Z',
      '2026-10-25T00:20:00Z',
      '2026-10-25T00:40:00Z',
    ]);
  });

  it('started in the repeated hour, it does not run that time again', () => {
    const clock = new FakeClock(Date.parse('2026-10-25T01:15:00Z')); // 02:15 CET, the second pass
    expect(iso(cronSchedule('30 2 * * *', { clock, timeZone: 'Europe/Paris' }).nextRun()!)).toBe('2026-10-26T01:30:00Z');
  });

  it('times in the spring gap run once, at its end', () => {
    expect(ticks('30 2 * * *', 'Europe/Paris', '2026-03-28T23:00:00Z', 26)).toEqual(['2026-03-29T01:00:00Z', '2026-03-30T00:30:00Z']);
    expect(ticks('*/10 2 * * *', 'Europe/Paris', '2026-03-28T23:00:00Z', 3)).toEqual(['2026-03-29T01:00:00Z']);
    expect(ticks('0 2,3 * * *', 'Europe/Paris', '2026-03-28T23:00:00Z', 3)).toEqual(['2026-03-29T01:00:00Z']);
  });

  it('a time outside the changes is untouched', () => {
    expect(ticks('0 9 * * *', 'Europe/Paris', '2026-10-24T00:00:00Z', 72)).toEqual([
      '2026-10-24T07:00:00Z',
      '2026-10-25T08:00:00Z',
      '2026-10-26T08:00:00Z',
    ]);
  });
});

describe('the next scheduled poll, as the start-up line says it', () => {
  it.each([
    ['*/10 * * * *', '2026-10-25T00:55:00Z', '2026-10-25T01:00:00Z'], // 02:55 CEST: next is 02:00 CET, ten minutes on
    ['*/10 * * * *', '2026-10-25T01:55:00Z', '2026-10-25T02:00:00Z'], // 02:55 CET
    ['*/10 * * * *', '2026-03-29T00:55:00Z', '2026-03-29T01:00:00Z'], // 01:55 CET: next is 03:00 CEST
    ['0 9 * * *', '2026-10-25T00:55:00Z', '2026-10-25T08:00:00Z'],
    ['0 0 1 1 *', '2026-06-01T00:00:00Z', '2026-12-31T23:00:00Z'],
    ['0 12 29 2 1', '2026-06-01T00:00:00Z', '2044-02-29T11:00:00Z'], // a leap day that is a Monday
  ])('%s at %s: %s', (expression, now, next) => {
    const schedule = cronSchedule(expression, { clock: new FakeClock(Date.parse(now)), timeZone: 'Europe/Paris' });
    expect(iso(schedule.nextRun()!)).toBe(next);
  });
});
