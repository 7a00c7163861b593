import { describe, expect, it } from 'vitest';
import { type Fault, faultsAt, faultsOf, isActive, parseDuration, parseFaults } from '../../src/simulate/faults.js';

const ROOMS = ['salon', 'cuisine', 'chambre', 'a:b'];
const parse = (text: string) => parseFaults(text, ROOMS);
const faults = (text: string): readonly Fault[] => {
  const result = parse(text);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.faults;
};
const problems = (text: string) => {
  const result = parse(text);
  return result.ok ? [] : result.problems;
};
const fault = (over: Partial<Fault>): Fault => ({
  text: 'x',
  room: 'salon',
  kind: 'silent',
  startMs: 0,
  durationMs: Number.POSITIVE_INFINITY,
  probability: 1,
  ...over,
});

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['60s', 60_000],
    ['1.5m', 90_000],
    ['2h', 7_200_000],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['60', 's', '1.s', '-5s', '5 s', '5S', '5d', `${'9'.repeat(400)}h`, ' 5s', '5s '])('refuses %j', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );
});

describe('parseFaults', () => {
  it('reads the documented example', () => {
    expect(faults('cuisine:silent@60s+30s;chambre:stuck;salon:garbage~0.01;salon:disconnect@120s+10s')).toEqual([
      { text: 'cuisine:silent@60s+30s', room: 'cuisine', kind: 'silent', startMs: 60_000, durationMs: 30_000, probability: 1 },
      { text: 'chambre:stuck', room: 'chambre', kind: 'stuck', startMs: 0, durationMs: Number.POSITIVE_INFINITY, probability: 1 },
      { text: 'salon:garbage~0.01', room: 'salon', kind: 'garbage', startMs: 0, durationMs: Number.POSITIVE_INFINITY, probability: 0.01 },
      { text: 'salon:disconnect@120s+10s', room: 'salon', kind: 'disconnect', startMs: 120_000, durationMs: 10_000, probability: 1 },
    ]);
  });

  it('takes every room (*), a room with ":" in its name, a duration without a start, blanks and a trailing ";"', () => {
    expect(faults(' *:silent+5s~0.5 ; a:b:stuck@1m ;')).toEqual([
      { text: '*:silent+5s~0.5', room: '*', kind: 'silent', startMs: 0, durationMs: 5000, probability: 0.5 },
      { text: 'a:b:stuck@1m', room: 'a:b', kind: 'stuck', startMs: 60_000, durationMs: Number.POSITIVE_INFINITY, probability: 1 },
    ]);
    expect(faults('')).toEqual([]);
    expect(faults('salon:garbage~1')[0]!.probability).toBe(1);
  });

  it.each([
    [
      'salon',
      'SIM_FAULTS entry "salon" is not room:kind[@start][+duration][~probability] (like cuisine:silent@60s+30s or salon:garbage~0.01)',
    ],
    [
      'salon:Silent',
      'SIM_FAULTS entry "salon:Silent" is not room:kind[@start][+duration][~probability] (like cuisine:silent@60s+30s or salon:garbage~0.01)',
    ],
    [
      ':silent',
      'SIM_FAULTS entry ":silent" is not room:kind[@start][+duration][~probability] (like cuisine:silent@60s+30s or salon:garbage~0.01)',
    ],
    ['salon:melt', 'SIM_FAULTS entry "salon:melt" has no fault "melt"; the kinds are silent, stuck, garbage, disconnect'],
    [
      'grenier:stuck',
      'SIM_FAULTS entry "grenier:stuck" names the room "grenier", which is not in SIM_ROOMS (salon, cuisine, chambre, a:b); name one of them, or * for every room',
    ],
    [
      'salon:silent@60',
      'SIM_FAULTS entry "salon:silent@60" has a start "@60" that is not a duration; write a number and a unit: 500ms, 60s, 2m or 1h',
    ],
    [
      'salon:silent@',
      'SIM_FAULTS entry "salon:silent@" has a start "@" that is not a duration; write a number and a unit: 500ms, 60s, 2m or 1h',
    ],
    [
      'salon:silent+0s',
      'SIM_FAULTS entry "salon:silent+0s" has a duration "+0s" that is not a duration above 0; write a number and a unit: 500ms, 30s, 2m or 1h',
    ],
    [
      'salon:silent+x',
      'SIM_FAULTS entry "salon:silent+x" has a duration "+x" that is not a duration above 0; write a number and a unit: 500ms, 30s, 2m or 1h',
    ],
    ['salon:stuck~0.5', 'SIM_FAULTS entry "salon:stuck~0.5" has a probability (~0.5), which only silent and garbage take'],
    ['salon:disconnect@1s~1', 'SIM_FAULTS entry "salon:disconnect@1s~1" has a probability (~1), which only silent and garbage take'],
    ['salon:garbage~0', 'SIM_FAULTS entry "salon:garbage~0" has a probability "~0" that is not a number above 0 and at most 1, like 0.01'],
    [
      'salon:garbage~1.5',
      'SIM_FAULTS entry "salon:garbage~1.5" has a probability "~1.5" that is not a number above 0 and at most 1, like 0.01',
    ],
    [
      'salon:garbage~-1',
      'SIM_FAULTS entry "salon:garbage~-1" has a probability "~-1" that is not a number above 0 and at most 1, like 0.01',
    ],
    ['salon:silent~', 'SIM_FAULTS entry "salon:silent~" has a probability "~" that is not a number above 0 and at most 1, like 0.01'],
    ['salon:silent~.5', 'SIM_FAULTS entry "salon:silent~.5" has a probability "~.5" that is not a number above 0 and at most 1, like 0.01'],
  ])('refuses %j: %s', (text, problem) => {
    expect(problems(text)).toEqual([problem]);
  });

  it('gives every problem at once', () => {
    expect(problems('salon:melt;cuisine:stuck;grenier:silent')).toHaveLength(2);
  });
});

describe('when faults apply', () => {
  it('is active from its start, for its duration, end excluded', () => {
    const f = fault({ startMs: 60_000, durationMs: 30_000 });
    expect([59_999, 60_000, 89_999, 90_000].map((t) => isActive(f, t))).toEqual([false, true, true, false]);
    expect(isActive(fault({}), 1e12)).toBe(true);
  });

  it('picks the faults of a room, those of every room included', () => {
    const all = faults('salon:stuck;*:garbage~0.1;cuisine:silent');
    expect(faultsOf(all, 'salon').map((f) => f.text)).toEqual(['salon:stuck', '*:garbage~0.1']);
    expect(faultsOf(all, 'chambre').map((f) => f.text)).toEqual(['*:garbage~0.1']);
  });

  it('sums up a tick: the strongest loss and garbage, stuck and disconnected when any says so', () => {
    const all = faults('salon:silent~0.2;salon:silent@10s+10s~0.7;salon:garbage@5s~0.05;salon:stuck@30s;salon:disconnect@40s+1s');
    expect(faultsAt(all, 0)).toEqual({ disconnected: false, stuck: false, loss: 0.2, garbage: 0 });
    expect(faultsAt(all, 5000)).toEqual({ disconnected: false, stuck: false, loss: 0.2, garbage: 0.05 });
    expect(faultsAt(all, 10_000)).toEqual({ disconnected: false, stuck: false, loss: 0.7, garbage: 0.05 });
    expect(faultsAt(all, 30_000)).toEqual({ disconnected: false, stuck: true, loss: 0.2, garbage: 0.05 });
    expect(faultsAt(all, 40_000)).toEqual({ disconnected: true, stuck: true, loss: 0.2, garbage: 0.05 });
    expect(faultsAt(all, 41_000)).toEqual({ disconnected: false, stuck: true, loss: 0.2, garbage: 0.05 });
    expect(faultsAt([], 0)).toEqual({ disconnected: false, stuck: false, loss: 0, garbage: 0 });
  });
});
