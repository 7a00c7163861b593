import { describe, expect, it } from 'vitest';
import { groupStats } from '../../src/aggregate/group.js';
import type { MemberPeriod } from '../../src/aggregate/member.js';

const fresh = (name: string, mean: number, min = mean, max = mean): MemberPeriod => ({
  name,
  state: 'fresh',
  mean,
  min,
  max,
  samples: 1,
  retained: false,
});
const gone = (name: string, state: 'stale' | 'offline'): MemberPeriod => ({ name, state, samples: 0, retained: false });

describe('groupStats', () => {
  it('weighs each fresh member once, lists the others, sorted by name', () => {
    const stats = groupStats([
      fresh('salon', 22, 21, 23),
      gone('garage', 'stale'),
      fresh('chambre', 19, 18.5, 19.5),
      gone('cave', 'offline'),
      fresh('cuisine', 21),
    ]);
    expect(stats.mean).toBeCloseTo((22 + 19 + 21) / 3, 12);
    expect(stats).toMatchObject({ min: 18.5, max: 23, count: 3, stale: ['garage'], offline: ['cave'] });
    expect(stats.used.map((m) => m.name)).toEqual(['chambre', 'cuisine', 'salon']);
  });

  it('has no mean, min or max when no member is fresh: never NaN', () => {
    expect(groupStats([gone('b', 'stale'), gone('a', 'stale')])).toEqual({ count: 0, used: [], stale: ['a', 'b'], offline: [] });
    expect(groupStats([])).toEqual({ count: 0, used: [], stale: [], offline: [] });
  });

  it('leaves out a member whose mean is not a finite number', () => {
    const stats = groupStats([fresh('a', Number.NaN), fresh('b', 4)]);
    expect(stats).toMatchObject({ mean: 4, count: 1 });
  });

  it('sorts names by code point', () => {
    expect(groupStats([fresh('b', 1), fresh('B', 1), fresh('a', 1), fresh('b', 2)]).used.map((m) => m.name)).toEqual(['B', 'a', 'b', 'b']);
  });
});
