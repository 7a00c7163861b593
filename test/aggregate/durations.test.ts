import { describe, expect, it } from 'vitest';
import { formatDuration, MAX_DURATION_MS, parseDuration } from '../../src/aggregate/durations.js';

describe('parseDuration', () => {
  it.each([
    ['1s', 1000],
    ['90s', 90_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['168h', MAX_DURATION_MS],
    ['604800s', MAX_DURATION_MS],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ms });
  });

  it.each(['', '90', 's', '1.5m', '-5s', ' 90s', '90s ', '90 s', '10M', '1d', '1000000000s', 'x90s', '90sx'])(
    'refuses "%s", saying what to write',
    (text) => {
      expect(parseDuration(text)).toEqual({
        problem: `"${text}" is not a duration: write a whole number and s, m or h, like 90s, 10m or 2h`,
      });
    },
  );

  it.each(['0s', '0m', '169h', '604801s'])('refuses %s as outside 1 s to 7 days', (text) => {
    expect(parseDuration(text)).toEqual({ problem: `"${text}" is outside 1s..7 days` });
  });

  it('takes nine digits', () => {
    expect(parseDuration('000000090s')).toEqual({ ms: 90_000 });
  });
});

describe('formatDuration', () => {
  it.each([
    [1000, '1s'],
    [90_000, '90s'],
    [60_000, '1m'],
    [600_000, '10m'],
    [3_600_000, '1h'],
    [5_400_000, '90m'],
    [7_200_000, '2h'],
    [1500, '1.5s'],
  ])('writes %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
