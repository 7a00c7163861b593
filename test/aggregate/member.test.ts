import { describe, expect, it } from 'vitest';
import { Member } from '../../src/aggregate/member.js';
import { STALE_CAP_MS } from '../../src/aggregate/staleness.js';

const S = 1000;

describe('Member: its mean over a period', () => {
  it('time-weighted, the value carried in from the last period counting from its start', () => {
    const member = new Member('salon', undefined, 0);
    member.receive(20, 0, false);
    member.receive(24, 45 * S, false);
    expect(member.close(60 * S)).toEqual({ name: 'salon', state: 'fresh', mean: 21, min: 20, max: 24, samples: 2, retained: false });
    // 24 held 30 s, then 18 for 30 s.
    member.receive(18, 90 * S, false);
    expect(member.close(120 * S)).toEqual({ name: 'salon', state: 'fresh', mean: 21, min: 18, max: 24, samples: 1, retained: false });
  });

  it('a value that arrives at the very end of the period is its mean', () => {
    const member = new Member('salon', undefined, 60 * S);
    member.receive(19, 60 * S, false);
    expect(member.close(60 * S)).toMatchObject({ state: 'fresh', mean: 19, samples: 1 });
  });

  it('does not hold a value past its staleness limit', () => {
    const member = new Member('salon', 10 * S, 0);
    member.receive(30, 0, false);
    member.receive(30, 1 * S, false);
    // 30 holds 0..5 s, 20 from 5 s to the period's end at 14 s; by 30 s, 20 (from 5 s) is past the 10 s limit.
    member.receive(20, 5 * S, false);
    const period = member.close(14 * S);
    expect(period).toMatchObject({ state: 'fresh', mean: (30 * 5 + 20 * 9) / 14 });
    expect(member.close(30 * S)).toMatchObject({ state: 'stale', samples: 0 });
    expect(member.close(30 * S).mean).toBeUndefined();
  });

  it('a stale member that speaks again is fresh again, its silence not counted', () => {
    const member = new Member('salon', 10 * S, 0);
    member.receive(10, 0, false);
    expect(member.close(20 * S).state).toBe('stale');
    member.receive(30, 40 * S, false);
    expect(member.close(45 * S)).toMatchObject({ state: 'fresh', mean: 30, min: 30, max: 30 });
  });
});

describe('Member: staleness', () => {
  it('is fresh up to its limit, inclusive, then stale', () => {
    const member = new Member('salon', 10 * S, 0);
    expect(member.isFresh(0)).toBe(false);
    member.receive(21, 0, false);
    expect(member.isFresh(10 * S)).toBe(true);
    expect(member.current(10 * S)).toBe(21);
    expect(member.isFresh(10 * S + 1)).toBe(false);
    expect(member.current(10 * S + 1)).toBeUndefined();
  });

  it('adapts to its interval: a 1 Hz member leaves after 30 s, one a minute after 3 minutes', () => {
    const fast = new Member('fast', undefined, 0);
    for (let t = 0; t <= 10; t++) fast.receive(20, t * S, false);
    expect(fast.limitMs()).toBe(30 * S);
    expect(fast.isFresh(40 * S)).toBe(true);
    expect(fast.isFresh(40 * S + 1)).toBe(false);
    const slow = new Member('slow', undefined, 0);
    for (let t = 0; t <= 3; t++) slow.receive(20, t * 60 * S, false);
    expect(slow.limitMs()).toBe(180 * S);
  });

  it('a fixed limit wins over the intervals', () => {
    const member = new Member('salon', 90 * S, 0);
    for (let t = 0; t <= 10; t++) member.receive(20, t * S, false);
    expect(member.limitMs()).toBe(90 * S);
  });
});

describe('Member: retained values', () => {
  it('a retained value seeds a member, counted until the limit passes without a live message', () => {
    const member = new Member('cave', undefined, 0);
    expect(member.receive(12, 0, true)).toBe(true);
    expect(member.close(60 * S)).toMatchObject({ state: 'fresh', mean: 12, retained: true });
    expect(member.isFresh(STALE_CAP_MS)).toBe(true);
    expect(member.isFresh(STALE_CAP_MS + 1)).toBe(false);
  });

  it('a second retained value (a reconnect) is ignored too', () => {
    const member = new Member('cave', undefined, 0);
    expect(member.receive(12, 0, true)).toBe(true);
    expect(member.receive(99, 1000, true)).toBe(false);
    expect(member.current(1000)).toBe(12);
  });

  it('a member with no value yet is stale, not retained', () => {
    expect(new Member('cave', undefined, 0).close(1000)).toEqual({ name: 'cave', state: 'stale', samples: 0, retained: false });
  });

  it('a retained value never refreshes a member that has a value, nor teaches it an interval', () => {
    const member = new Member('cave', 10 * S, 0);
    member.receive(12, 0, false);
    expect(member.receive(99, 5 * S, true)).toBe(false);
    expect(member.current(5 * S)).toBe(12);
    expect(member.isFresh(11 * S)).toBe(false);
    const auto = new Member('auto', undefined, 0);
    auto.receive(1, 0, true);
    auto.receive(1, 1 * S, false);
    expect(auto.limitMs()).toBe(STALE_CAP_MS);
  });

  it('a live value confirms it', () => {
    const member = new Member('cave', undefined, 0);
    member.receive(12, 0, true);
    member.receive(13, 30 * S, false);
    expect(member.close(60 * S)).toMatchObject({ mean: 12.5, retained: false });
  });

  it('a retained value after an offline (its value gone) is ignored if the member was ever live', () => {
    const member = new Member('cave', undefined, 0);
    member.receive(12, 0, false);
    member.goOffline(1 * S);
    expect(member.receive(12, 2 * S, true)).toBe(false);
  });
});

describe('Member: availability', () => {
  it('offline: leaves at once, its value with it; its time so far still counts in the period', () => {
    const member = new Member('salon', undefined, 0);
    member.receive(20, 0, false);
    member.goOffline(30 * S);
    expect(member.isOffline()).toBe(true);
    expect(member.isFresh(30 * S)).toBe(false);
    expect(member.close(60 * S)).toEqual({ name: 'salon', state: 'offline', samples: 0, retained: false });
  });

  it('online alone does not bring the value back; the next live value does', () => {
    const member = new Member('salon', undefined, 0);
    member.receive(20, 0, false);
    member.goOffline(1 * S);
    member.goOnline(2 * S);
    expect(member.isOffline()).toBe(false);
    expect(member.close(3 * S).state).toBe('stale');
    member.receive(22, 4 * S, false);
    expect(member.close(6 * S)).toMatchObject({ state: 'fresh', mean: 22 });
  });

  it('a live value brings an offline member back (a board that never says online)', () => {
    const member = new Member('salon', undefined, 0);
    member.goOffline(0);
    member.receive(21, 1 * S, false);
    expect(member.isOffline()).toBe(false);
    expect(member.close(2 * S)).toMatchObject({ state: 'fresh', mean: 21 });
  });

  it('a retained value keeps an offline member offline', () => {
    const member = new Member('salon', undefined, 0);
    member.goOffline(0);
    expect(member.receive(21, 1 * S, true)).toBe(true);
    expect(member.isOffline()).toBe(true);
    expect(member.close(2 * S).state).toBe('offline');
  });

  it('counts its silence from its last value or status', () => {
    const member = new Member('salon', undefined, 5 * S);
    expect(member.silentFor(7 * S)).toBe(2 * S);
    member.receive(20, 10 * S, false);
    expect(member.silentFor(15 * S)).toBe(5 * S);
    member.goOffline(20 * S);
    expect(member.silentFor(25 * S)).toBe(5 * S);
    member.goOnline(30 * S);
    expect(member.silentFor(31 * S)).toBe(1 * S);
    // A retained replay (a reconnect) is no sign of life.
    member.receive(20, 40 * S, true);
    expect(member.silentFor(40 * S)).toBe(10 * S);
  });
});
