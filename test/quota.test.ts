import { describe, expect, it } from 'vitest';
import { quotaWarnings } from '../src/bridge/quota.js';
import { scheduleLoad } from '../src/schedule/load.js';

describe('scheduleLoad', () => {
  it.each([
    ['*/10 * * * *', 144, 600, 600, 1],
    ['*/15 * * * *', 96, 900, 900, 1],
    ['0 * * * *', 24, 3600, 3600, 1],
    ['0 8,20 * * *', 2, 12 * 3600, 12 * 3600, 1],
    ['* * * * *', 1440, 60, 60, 1],
    ['*/5 * * * * *', 17_280, 5, 5, 12],
    ['*/10 6-22 * * *', 17 * 6, 600, 7 * 3600 + 600, 1],
  ])('%s: %d polls a day, gaps from %d s to %d s, %d in a minute', (expression, perDay, shortest, longest, perMinute) => {
    expect(scheduleLoad(expression)).toEqual({
      pollsPerDay: perDay,
      shortestGapSeconds: shortest,
      longestGapSeconds: longest,
      pollsPerMinute: perMinute,
    });
  });
});

describe('quotaWarnings', () => {
  it('says nothing for the default schedule and a few locations', () => {
    expect(quotaWarnings('*/10 * * * *', 20)).toEqual([]);
  });

  it('warns when a poll makes more than 60 calls in a minute', () => {
    const [warning] = quotaWarnings('*/10 * * * *', 61);
    expect(warning).toContain('up to 61 calls in a minute: the free plan allows 60');
  });

  it('warns when a month of polls exceeds 1,000,000 calls', () => {
    // 230 locations every 10 min = 230 x 144 x 31 = 1,026,720 calls.
    const warnings = quotaWarnings('*/10 * * * *', 230);
    expect(warnings.some((w) => w.includes('about 1,026,720 calls a month'))).toBe(true);
  });

  it('warns when polling faster than OWM refreshes', () => {
    expect(quotaWarnings('*/5 * * * *', 1)).toEqual([
      expect.stringContaining('polls every 5 min: OpenWeatherMap updates its data about every 10 minutes'),
    ]);
    expect(quotaWarnings('*/30 * * * * *', 1)[0]).toContain('polls every 30 s');
  });

  it('counts the forecast: one more call per location at the first poll, and per OWM_FORECAST_INTERVAL', () => {
    // 30 locations, weather and forecast at the first poll: 60 calls in that minute, the free plan's limit.
    expect(quotaWarnings('*/10 * * * *', 30, 1, 3_600_000)).toEqual([]);
    expect(quotaWarnings('*/10 * * * *', 31, 1, 3_600_000)[0]).toContain(
      '31 location(s) and the forecast makes up to 62 calls in a minute',
    );
    // 190 locations: (144 + 24) x 190 x 31 = 989,520 calls, under 1,000,000; 193: 1,005,144, over.
    expect(quotaWarnings('*/10 * * * *', 190, 1, 3_600_000).filter((w) => w.includes('a month'))).toEqual([]);
    expect(quotaWarnings('*/10 * * * *', 193, 1, 3_600_000).find((w) => w.includes('a month'))).toContain('about 1,005,144 calls a month');
    // The forecast every 10 minutes doubles the calls: 115 x 288 x 31 = 1,026,720.
    expect(quotaWarnings('*/10 * * * *', 115, 1, 600_000).find((w) => w.includes('a month'))).toContain('about 1,026,720 calls a month');
  });
});
