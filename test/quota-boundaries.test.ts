/** The start-up quota warnings at their thresholds, with their exact text. */
import { describe, expect, it } from 'vitest';
import { quotaWarnings } from '../src/bridge/quota.js';
import { scheduleLoad } from '../src/schedule/load.js';

describe('scheduleLoad', () => {
  it('reads fields listed out of order (node-cron keeps the order written)', () => {
    expect(scheduleLoad('0 20,8 * * *')).toEqual({
      pollsPerDay: 2,
      shortestGapSeconds: 12 * 3600,
      longestGapSeconds: 12 * 3600,
      pollsPerMinute: 1,
    });
    expect(scheduleLoad('50,0,10 22,2 * * *')).toEqual({
      pollsPerDay: 6,
      shortestGapSeconds: 600,
      longestGapSeconds: 19 * 3600 + 10 * 60,
      pollsPerMinute: 1,
    });
  });
});

describe('quotaWarnings', () => {
  it('60 calls in a minute is within the plan; 61 is not', () => {
    expect(quotaWarnings('*/10 * * * *', 60)).toEqual([]);
    expect(quotaWarnings('*/10 * * * *', 61)).toEqual([
      'SCHEDULE "*/10 * * * *" with 61 location(s) makes up to 61 calls in a minute: the free plan allows 60 (then HTTP 429)',
    ]);
  });

  it('counts every poll that falls within a minute', () => {
    expect(quotaWarnings('0,30 */10 * * * *', 31)[0]).toBe(
      'SCHEDULE "0,30 */10 * * * *" with 31 location(s) makes up to 62 calls in a minute: the free plan allows 60 (then HTTP 429)',
    );
  });

  it('says when air quality doubles the calls', () => {
    expect(quotaWarnings('*/10 * * * *', 31, 2)).toEqual([
      'SCHEDULE "*/10 * * * *" with 31 location(s) and air quality makes up to 62 calls in a minute: the free plan allows 60 (then HTTP 429)',
    ]);
    expect(quotaWarnings('*/10 * * * *', 115, 2)).toEqual([
      'SCHEDULE "*/10 * * * *" with 115 location(s) and air quality makes up to 230 calls in a minute: the free plan allows 60 (then HTTP 429)',
      'SCHEDULE "*/10 * * * *" with 115 location(s) and air quality makes about 1,026,720 calls a month: the free plan allows 1,000,000',
    ]);
  });

  it('the month warning, without air quality', () => {
    expect(quotaWarnings('*/10 * * * *', 230)).toEqual([
      'SCHEDULE "*/10 * * * *" with 230 location(s) makes up to 230 calls in a minute: the free plan allows 60 (then HTTP 429)',
      'SCHEDULE "*/10 * * * *" with 230 location(s) makes about 1,026,720 calls a month: the free plan allows 1,000,000',
    ]);
    expect(quotaWarnings('*/10 * * * *', 223)).toHaveLength(1);
  });

  it('a poll every 10 minutes is as fast as OWM refreshes: no warning; 9 minutes apart is faster', () => {
    expect(quotaWarnings('0,9 * * * *', 1)).toEqual([
      'SCHEDULE "0,9 * * * *" polls every 9 min: OpenWeatherMap updates its data about every 10 minutes, so most polls will bring nothing new',
    ]);
    expect(quotaWarnings('0,10,20,30,40,50 * * * *', 1)).toEqual([]);
  });
});
