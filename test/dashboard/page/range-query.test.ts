import { describe, expect, it } from 'vitest';
import { parseRangeQuery } from '../../../src/dashboard/server/range-query.js';

const parse = (query: string) => parseRangeQuery(new URLSearchParams(query));

describe('parseRangeQuery', () => {
  it('reads from, to, maxPoints and the topics, once each', () => {
    expect(parse('from=1000&to=2000&maxPoints=640&topic=a/b&topic=c/d&topic=a/b')).toEqual({
      ok: true,
      query: { from: 1000, to: 2000, maxPoints: 640, topics: ['a/b', 'c/d'] },
    });
  });

  it.each([
    ['to=2&maxPoints=1&topic=a', 'from and to must be times in epoch milliseconds'],
    ['from=-1&to=2&maxPoints=1&topic=a', 'from and to must be times in epoch milliseconds'],
    ['from=1.5&to=2&maxPoints=1&topic=a', 'from and to must be times in epoch milliseconds'],
    ['from=2&to=2&maxPoints=1&topic=a', 'to must be later than from'],
    [`from=0&to=${400 * 86_400_000 + 1}&maxPoints=1&topic=a`, 'the range must be at most 400 days'],
    ['from=1&to=2&maxPoints=0&topic=a', 'maxPoints must be a whole number from 1 to 4000'],
    ['from=1&to=2&maxPoints=4001&topic=a', 'maxPoints must be a whole number from 1 to 4000'],
    ['from=1&to=2&maxPoints=10', 'name at least one topic'],
    ['from=1&to=2&maxPoints=10&topic=', 'a topic must have 1 to 1024 characters'],
    [
      `from=1&to=2&maxPoints=10${'&topic=t'.repeat(1)}${Array.from({ length: 201 }, (_, i) => `&topic=t${i}`).join('')}`,
      'at most 200 topics per request',
    ],
  ])('refuses %s: %s', (query, error) => {
    expect(parse(query)).toEqual({ ok: false, error });
  });
});
