import { describe, expect, it } from 'vitest';
import { Owm2MqttError } from '../../src/core/errors.js';
import { classifyNetworkError, errorForStatus, parseRetryAfter } from '../../src/owm/errors.js';
import { withRetries } from '../../src/owm/retry.js';
import type { Location } from '../../src/owm/locations.js';

const paris: Location = { entry: 'Paris,FR', level: 'paris', selector: { kind: 'q', q: 'Paris,FR' } };

function failing(errors: Owm2MqttError[], value = 'ok') {
  let calls = 0;
  const attempt = async () => {
    const error = errors[calls++];
    if (error) throw error;
    return value;
  };
  return { attempt, calls: () => calls };
}

const transient = () => new Owm2MqttError('OWM_SERVER_ERROR', 'HTTP 503');

describe('withRetries', () => {
  it('retries transient errors up to `retries` times, then succeeds', async () => {
    const waits: number[] = [];
    const { attempt, calls } = failing([transient(), transient()]);
    const result = await withRetries(attempt, {
      retries: 2,
      baseDelayMs: 1,
      deadline: Date.now() + 10_000,
      random: () => 1,
      onRetry: (_, __, wait) => waits.push(wait),
    });
    expect(result).toBe('ok');
    expect(calls()).toBe(3);
    expect(waits).toEqual([1, 2]); // exponential ceilings 1, 2 with random() = 1
  });

  it('gives up after `retries` and rethrows the last error', async () => {
    const { attempt, calls } = failing([transient(), transient(), transient()]);
    await expect(withRetries(attempt, { retries: 1, baseDelayMs: 0, deadline: Date.now() + 10_000 })).rejects.toThrow('HTTP 503');
    expect(calls()).toBe(2);
  });

  it('never retries a permanent error (401, 404, bad body)', async () => {
    for (const code of ['OWM_UNAUTHORIZED', 'OWM_NOT_FOUND', 'OWM_BAD_RESPONSE'] as const) {
      const { attempt, calls } = failing([new Owm2MqttError(code, code)]);
      await expect(withRetries(attempt, { retries: 5, baseDelayMs: 0, deadline: Date.now() + 10_000 })).rejects.toMatchObject({ code });
      expect(calls()).toBe(1);
    }
  });

  it('uses full jitter: a wait anywhere from 0 to the capped exponential ceiling', async () => {
    const waits: number[] = [];
    const { attempt } = failing(Array.from({ length: 8 }, transient));
    await withRetries(attempt, {
      retries: 8,
      baseDelayMs: 1,
      maxDelayMs: 16,
      deadline: Date.now() + 60_000,
      random: () => 0.5,
      onRetry: (_, __, w) => waits.push(w),
    });
    expect(waits).toEqual([1, 1, 2, 4, 8, 8, 8, 8]); // half of 1,2,4,8,16,16,16,16 (rounded)
  });

  it('waits at least Retry-After, whatever the jitter says', async () => {
    const waits: number[] = [];
    const limited = new Owm2MqttError('OWM_RATE_LIMITED', '429', { retryAfterMs: 30 });
    const { attempt } = failing([limited]);
    await withRetries(attempt, {
      retries: 1,
      baseDelayMs: 1,
      deadline: Date.now() + 10_000,
      random: () => 0,
      onRetry: (_, __, w) => waits.push(w),
    });
    expect(waits).toEqual([30]);
  });

  it('does not start a retry whose wait would pass the deadline', async () => {
    const limited = new Owm2MqttError('OWM_RATE_LIMITED', '429', { retryAfterMs: 5_000 });
    const { attempt, calls } = failing([limited]);
    const started = Date.now();
    await expect(withRetries(attempt, { retries: 3, baseDelayMs: 1, deadline: Date.now() + 1_000 })).rejects.toBe(limited);
    expect(calls()).toBe(1);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const { attempt } = failing([transient()]);
    const pending = withRetries(attempt, {
      retries: 1,
      baseDelayMs: 10_000,
      deadline: Date.now() + 60_000,
      random: () => 1,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ code: 'DEADLINE' });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  it.each([
    ['2', 2000],
    [' 120 ', 120_000],
    ['Wed, 25 Nov 2026 10:00:30 GMT', 30_000],
    ['Wed, 25 Nov 2026 09:59:00 GMT', 0],
    [['5', '9'], 5000],
  ] as const)('%j → %d ms', (header, ms) => {
    expect(parseRetryAfter(header as string | string[], now)).toBe(ms);
  });
  it.each([undefined, '', 'soon', '-3'])('%j → undefined', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});

describe('errorForStatus', () => {
  it.each([
    [401, 'OWM_UNAUTHORIZED', 'couple of hours to activate', false],
    [404, 'OWM_NOT_FOUND', 'does not know the location "Paris,FR"', false],
    [400, 'OWM_BAD_REQUEST', 'check this OWM_LOCATIONS entry', false],
    [429, 'OWM_RATE_LIMITED', '60 calls a minute', true],
    [500, 'OWM_SERVER_ERROR', 'HTTP 500', true],
    [503, 'OWM_SERVER_ERROR', 'HTTP 503', true],
    [418, 'OWM_BAD_RESPONSE', 'unexpected HTTP status 418', false],
  ] as const)('%d → %s', (status, code, text, isTransient) => {
    const error = errorForStatus(status, paris, { cod: String(status), message: 'city not found' }, undefined);
    expect(error.code).toBe(code);
    expect(error.message).toContain(text);
    expect(error.transient).toBe(isTransient);
  });

  it('quotes what OWM said for 404, and the Retry-After for 429', () => {
    expect(errorForStatus(404, paris, { cod: '404', message: 'city not found' }, undefined).message).toContain('OWM says "city not found"');
    const limited = errorForStatus(429, paris, {}, 2500);
    expect(limited.message).toContain('asked to wait 3 s');
    expect(limited.retryAfterMs).toBe(2500);
  });

  it("shows OWM's message inert: escape sequences escaped, cut with a marker", () => {
    const hostile = errorForStatus(
      404,
      paris,
      { cod: '404', message: `city not found\x1b[2J\x1b]0;PWNED\x07${'x'.repeat(200)}` },
      undefined,
    );
    expect(hostile.message).toContain(`OWM says "city not found\\x1b[2J\\x1b]0;PWNED\\x07${'x'.repeat(92)}… (108 more characters)"`);
    expect(hostile.message).not.toMatch(/\p{Cc}/u);
  });
});

describe('classifyNetworkError', () => {
  const withCode = (code: string, cause?: Error) => Object.assign(new Error(`failed ${code} https://x/?appid=SECRET`), { code, cause });
  it.each([
    ['UND_ERR_CONNECT_TIMEOUT', 'OWM_TIMEOUT'],
    ['UND_ERR_HEADERS_TIMEOUT', 'OWM_TIMEOUT'],
    ['UND_ERR_BODY_TIMEOUT', 'OWM_TIMEOUT'],
    ['UND_ERR_RES_EXCEEDED_MAX_SIZE', 'OWM_BAD_RESPONSE'],
    ['ENOTFOUND', 'OWM_NETWORK'],
    ['ECONNREFUSED', 'OWM_NETWORK'],
    ['ECONNRESET', 'OWM_NETWORK'],
  ])('%s → %s, and never repeats the library message (it may hold the URL)', (code, expected) => {
    const error = classifyNetworkError(withCode(code), 1000);
    expect(error.code).toBe(expected);
    expect(error.message).not.toContain('SECRET');
  });

  it('finds the code on a wrapped cause (fetch-style TypeError)', () => {
    const wrapped = Object.assign(new TypeError('fetch failed'), { cause: withCode('ECONNREFUSED') });
    expect(classifyNetworkError(wrapped, 1000).message).toContain('ECONNREFUSED');
  });
});
