import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { cookieValue, PasswordAuth, SESSION_MS } from '../../../src/dashboard/server/auth.js';
import { LoginRateLimiter } from '../../../src/dashboard/server/rate-limit.js';
import { clientAddress } from '../../../src/dashboard/server/respond.js';

const MINUTE = 60_000;

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('LoginRateLimiter', () => {
  it('lets 5 failures through in 15 minutes, then refuses until the oldest is 15 minutes old', () => {
    const time = clock();
    const limiter = new LoginRateLimiter({ maxFailures: 5, windowMs: 15 * MINUTE, maxAddresses: 100, now: time.now });
    for (let i = 0; i < 5; i++) {
      expect(limiter.waitFor('10.0.0.1')).toBeUndefined();
      limiter.recordFailure('10.0.0.1');
      time.advance(MINUTE);
    }
    expect(limiter.waitFor('10.0.0.1')).toBe(10 * MINUTE);
    expect(limiter.waitFor('10.0.0.2')).toBeUndefined();
    time.advance(10 * MINUTE - 1);
    expect(limiter.waitFor('10.0.0.1')).toBe(1);
    time.advance(1);
    expect(limiter.waitFor('10.0.0.1')).toBeUndefined();
  });

  it('forgets the address seen least recently past maxAddresses', () => {
    const time = clock();
    const limiter = new LoginRateLimiter({ maxFailures: 1, windowMs: 15 * MINUTE, maxAddresses: 2, now: time.now });
    limiter.recordFailure('a');
    limiter.recordFailure('b');
    limiter.recordFailure('a');
    limiter.recordFailure('c');
    expect(limiter.waitFor('a')).toBeDefined();
    expect(limiter.waitFor('b')).toBeUndefined();
    expect(limiter.waitFor('c')).toBeDefined();
  });
});

describe('PasswordAuth', () => {
  const make = (time = clock()) => ({
    time,
    auth: new PasswordAuth({
      password: 'the right one',
      now: time.now,
      randomBytes: (size) => Buffer.alloc(size, 7),
      rateLimit: { maxFailures: 3, windowMs: 15 * MINUTE, maxAddresses: 100 },
    }),
  });

  it('opens a session for the right password only', () => {
    const { auth } = make();
    expect(auth.login('a', 'the right on')).toEqual({ outcome: 'wrong' });
    expect(auth.login('a', 'the right one ')).toEqual({ outcome: 'wrong' });
    const ok = auth.login('a', 'the right one');
    expect(ok).toEqual({ outcome: 'ok', token: Buffer.alloc(32, 7).toString('base64url') });
    expect(auth.valid(ok.outcome === 'ok' ? ok.token : '')).toBe(true);
    expect(auth.valid('someone else')).toBe(false);
    expect(auth.valid(undefined)).toBe(false);
  });

  it('refuses after maxFailures wrong passwords from one address, the right one too', () => {
    const { auth } = make();
    for (let i = 0; i < 3; i++) auth.login('a', 'guess');
    expect(auth.login('a', 'the right one')).toEqual({ outcome: 'limited', retryAfterMs: 15 * MINUTE });
    expect(auth.login('b', 'the right one').outcome).toBe('ok');
  });

  it('ends a session after 30 days, and at logout', () => {
    const { auth, time } = make();
    const ok = auth.login('a', 'the right one');
    const token = ok.outcome === 'ok' ? ok.token : '';
    time.advance(SESSION_MS - 1);
    expect(auth.valid(token)).toBe(true);
    time.advance(1);
    expect(auth.valid(token)).toBe(false);
    const again = auth.login('a', 'the right one');
    const second = again.outcome === 'ok' ? again.token : '';
    auth.logout(second);
    expect(auth.valid(second)).toBe(false);
  });
});

describe('cookieValue', () => {
  it('finds one cookie among others', () => {
    expect(cookieValue('a=1; owm2mqtt_session=abc; b=2', 'owm2mqtt_session')).toBe('abc');
    expect(cookieValue('xowm2mqtt_session=abc', 'owm2mqtt_session')).toBeUndefined();
    expect(cookieValue(undefined, 'owm2mqtt_session')).toBeUndefined();
  });
});

describe('clientAddress', () => {
  const from = (remoteAddress: string) => clientAddress({ socket: { remoteAddress } } as unknown as IncomingMessage);
  it('counts an IPv4 address as itself and an IPv6 one by its /64', () => {
    expect(from('192.168.1.20')).toBe('192.168.1.20');
    expect(from('::ffff:192.168.1.20')).toBe('192.168.1.20');
    expect(from('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(from('2001:0db8:0001:0002:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(from('::1')).toBe('0:0:0:0::/64');
  });
});
