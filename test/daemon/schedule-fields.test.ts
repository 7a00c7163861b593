/** Our scheduler reads SCHEDULE exactly as node-cron does (in UTC, where no DST rule applies). */
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { nextWallTime, parseCron } from '../../src/schedule/cron-fields.js';

describe('cron fields', () => {
  it.each([
    '*/10 * * * *',
    '*/7 * * * * *',
    '0 9 * * 1-5',
    '30 4 1,15 * 5',
    '0 0 L * *',
    '0 0 L-3 * *',
    '0 0 15W * *',
    '0 0 1W * *',
    '0 0 LW * *',
    '0 0 * * 5L',
    '0 0 ? * MON#2',
    '15,45 */3 * JAN,JUL *',
    '0 0 29 2 *',
    '0 12 * * 7',
    '@weekly',
    '@monthly',
    '@hourly',
  ])('%s: the same times as node-cron', (expression) => {
    const expected = cron
      .createTask(expression, () => undefined, { timezone: 'UTC' })
      .getNextRuns(40)
      .map((date) => date.getTime());
    const fields = parseCron(expression);
    const ours: number[] = [];
    let after = expected[0]! - 1;
    for (let i = 0; i < expected.length; i++) ours.push((after = nextWallTime(fields, after)!));
    expect(ours.map((t) => new Date(t).toISOString())).toEqual(expected.map((t) => new Date(t).toISOString()));
  });

  it('tells a wildcard hour field from a fixed one', () => {
    expect(['*/10 * * * *', '0 */2 * * *', '0 0 * * * *', '@hourly'].map((e) => parseCron(e).wildcardHour)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['0 9 * * *', '*/10 2 * * *', '0 0-23/2 * * *', '@daily'].map((e) => parseCron(e).wildcardHour)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
