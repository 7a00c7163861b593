import { describe, expect, it } from 'vitest';
import { type AlertRule, parseAlerts, ruleText } from '../../src/aggregate/alert-rules.js';
import { parseSources, type Source } from '../../src/aggregate/sources.js';

const parsed = parseSources('maison/+/temperature;exterieur/+/wind_gust;zigbee2mqtt/+:temperature@10m;x/+/power');
if (!parsed.ok) throw new Error('sources');
const SOURCES: readonly Source[] = parsed.sources;

function rules(value: string): AlertRule[] {
  const result = parseAlerts(value, SOURCES);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.rules;
}

function problems(value: string): string[] {
  const result = parseAlerts(value, SOURCES);
  if (result.ok) throw new Error(`accepted ${value}`);
  return result.problems;
}

describe('ALERTS', () => {
  it('is empty by default', () => {
    expect(rules('')).toEqual([]);
    expect(rules('  ')).toEqual([]);
  });

  it('reads the issue example, with the quantity hysteresis by default and no duration', () => {
    const [hot, cold, gust] = rules('maison/+/temperature>25;maison/+/temperature<16;exterieur/+/wind_gust>=15');
    expect(hot).toEqual({
      entry: 'maison/+/temperature>25',
      source: SOURCES[0],
      op: '>',
      threshold: 25,
      hysteresis: 0.5,
      forMs: 0,
      id: 'gt_25',
    });
    expect(cold).toMatchObject({ op: '<', threshold: 16, hysteresis: 0.5, id: 'lt_16' });
    expect(gust).toMatchObject({ source: SOURCES[1], op: '>=', threshold: 15, hysteresis: 1, id: 'ge_15' });
  });

  it('reads a hysteresis, a duration, spaces, a negative or decimal threshold, <=', () => {
    expect(rules('maison/+/temperature > 25 ~ 0.3 for 2m')[0]).toMatchObject({ threshold: 25, hysteresis: 0.3, forMs: 120_000 });
    expect(rules('maison/+/temperature<=-5.5~0 for 90s')[0]).toMatchObject({
      op: '<=',
      threshold: -5.5,
      hysteresis: 0,
      forMs: 90_000,
      id: 'le_-5.5',
    });
    expect(rules('maison/+/temperature>+3')[0]).toMatchObject({ threshold: 3, id: 'gt_3' });
  });

  it('names a source with its key, and an unknown quantity gets no hysteresis', () => {
    expect(rules('zigbee2mqtt/+:temperature>30')[0]).toMatchObject({ source: SOURCES[2], hysteresis: 0.5 });
    expect(rules('x/+/power>3000')[0]).toMatchObject({ source: SOURCES[3], hysteresis: 0 });
  });

  it('keeps rules with different thresholds or comparisons on one source', () => {
    expect(rules('maison/+/temperature>25;maison/+/temperature>=25;maison/+/temperature>28').map((r) => r.id)).toEqual([
      'gt_25',
      'ge_25',
      'gt_28',
    ]);
  });

  it.each([
    [
      'maison/+/temperature 25',
      'ALERTS entry 1 "maison/+/temperature 25" has no comparison: write the source, then >, >=, < or <=, then the threshold, like maison/+/temperature>25~0.5 for 2m',
    ],
    [
      'maison/+/humidity>80',
      'ALERTS entry 1 "maison/+/humidity>80" reads "maison/+/humidity", which is not an AGG_SOURCES entry (maison/+/temperature, exterieur/+/wind_gust, zigbee2mqtt/+:temperature, x/+/power): add it to AGG_SOURCES, or name one of those',
    ],
    [
      'zigbee2mqtt/+:temperature@10m>30',
      'ALERTS entry 1 "zigbee2mqtt/+:temperature@10m>30" reads "zigbee2mqtt/+:temperature@10m", which is not an AGG_SOURCES entry (maison/+/temperature, exterieur/+/wind_gust, zigbee2mqtt/+:temperature, x/+/power): add it to AGG_SOURCES, or name one of those',
    ],
    [
      'maison/+/temperature>hot',
      'ALERTS entry 1 "maison/+/temperature>hot" has a threshold "hot" that is not a number: write it like 25 or -5.5 (then ~hysteresis and " for 2m" if wanted)',
    ],
    [
      'maison/+/temperature>',
      'ALERTS entry 1 "maison/+/temperature>" has a threshold "" that is not a number: write it like 25 or -5.5 (then ~hysteresis and " for 2m" if wanted)',
    ],
    [
      'maison/+/temperature>25.',
      'ALERTS entry 1 "maison/+/temperature>25." has a threshold "25." that is not a number: write it like 25 or -5.5 (then ~hysteresis and " for 2m" if wanted)',
    ],
    [
      'maison/+/temperature>1e3',
      'ALERTS entry 1 "maison/+/temperature>1e3" has a threshold "1e3" that is not a number: write it like 25 or -5.5 (then ~hysteresis and " for 2m" if wanted)',
    ],
    [
      'maison/+/temperature>25 for',
      'ALERTS entry 1 "maison/+/temperature>25 for" has a threshold "25 for" that is not a number: write it like 25 or -5.5 (then ~hysteresis and " for 2m" if wanted)',
    ],
    [
      'maison/+/temperature>25~-1',
      'ALERTS entry 1 "maison/+/temperature>25~-1" has a hysteresis "-1" that is not a number of 0 or more: write it after "~", like >25~0.5',
    ],
    [
      'maison/+/temperature>25~',
      'ALERTS entry 1 "maison/+/temperature>25~" has a hysteresis "" that is not a number of 0 or more: write it after "~", like >25~0.5',
    ],
    [
      'maison/+/temperature>25~0.5x',
      'ALERTS entry 1 "maison/+/temperature>25~0.5x" has a hysteresis "0.5x" that is not a number of 0 or more: write it after "~", like >25~0.5',
    ],
    [
      'maison/+/temperature>25~1~2',
      'ALERTS entry 1 "maison/+/temperature>25~1~2" has more than one "~": write one hysteresis, like maison/+/temperature>25~0.5 for 2m',
    ],
    [
      'maison/+/temperature>25 for 2',
      'ALERTS entry 1 "maison/+/temperature>25 for 2" has a bad minimum duration after "for": "2" is not a duration: write a whole number and s, m or h, like 90s, 10m or 2h',
    ],
    [
      'maison/+/temperature>25 for 0s',
      'ALERTS entry 1 "maison/+/temperature>25 for 0s" has a bad minimum duration after "for": "0s" is outside 1s..7 days',
    ],
  ])('refuses %s', (value, problem) => {
    expect(problems(value)).toEqual([problem]);
  });

  it('names every bad entry; refuses empty ones and the same rule twice', () => {
    expect(problems('maison/+/temperature>25;;maison/+/temperature>25~1 for 1m;x')).toEqual([
      'ALERTS entry 2 is empty (entries are separated by a single ";")',
      'ALERTS entry 3 "maison/+/temperature>25~1 for 1m" has the same source, comparison and threshold as "maison/+/temperature>25": keep one of them',
      'ALERTS entry 4 "x" has no comparison: write the source, then >, >=, < or <=, then the threshold, like maison/+/temperature>25~0.5 for 2m',
    ]);
  });

  it('names another variable when asked', () => {
    const result = parseAlerts('x', SOURCES, 'AGG_ALERTS');
    expect(!result.ok && result.problems[0]).toMatch(/^AGG_ALERTS entry 1 "x" /);
  });
});

describe('ruleText', () => {
  it('writes a rule back with its defaults', () => {
    expect(rules('maison/+/temperature>25').map(ruleText)).toEqual(['maison/+/temperature>25~0.5']);
    expect(rules('exterieur/+/wind_gust>=15~2 for 120s').map(ruleText)).toEqual(['exterieur/+/wind_gust>=15~2 for 2m']);
  });
});
