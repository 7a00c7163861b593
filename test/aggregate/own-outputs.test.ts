import { describe, expect, it } from 'vitest';
import { ownOutputProblems, readsOwnOutputs } from '../../src/aggregate/own-outputs.js';
import { parseSources } from '../../src/aggregate/sources.js';

function sources(value: string) {
  const parsed = parseSources(value);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.sources;
}

describe('readsOwnOutputs', () => {
  it.each([
    ['stats/+/temperature', 'stats', 'all'],
    ['stats/maison/+/temperature', 'stats', 'all'],
    ['home/stats/+/t', 'home/stats', 'all'],
    ['+/maison/temperature', 'stats', 'some'],
    ['+/stats/t', 'home/stats', 'some'],
    ['home/+/t', 'home/stats', 'some'],
    ['maison/+/temperature', 'stats', undefined],
    ['statistics/+/t', 'stats', undefined],
    ['+/t', 'home/stats', undefined],
    ['home/+', 'home', 'all'],
    ['other/+/t', 'home/stats', undefined],
    ['home/x/+', 'home/stats', undefined],
  ])('%s under %s: %s', (entry, prefix, reads) => {
    const parsed = parseSources(entry.endsWith('+') ? `${entry}:k` : entry);
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(readsOwnOutputs(parsed.sources[0]!, prefix)).toBe(reads);
  });
});

describe('ownOutputProblems', () => {
  it('accepts the defaults and sources that cannot meet', () => {
    expect(ownOutputProblems(sources('maison/+/temperature;maison/+/humidity;exterieur/+/temperature;+/sensor/t/state'), 'stats')).toEqual(
      [],
    );
  });

  it("refuses a source that reads only the aggregator's outputs", () => {
    expect(ownOutputProblems(sources('maison/+/temperature;stats/+/temperature'), 'stats')).toEqual([
      'AGG_SOURCES entry "stats/+/temperature" reads the aggregator\'s own outputs (under AGG_PREFIX=stats): it would average its own averages; take it out of AGG_SOURCES or set another AGG_PREFIX',
    ]);
  });

  it('refuses two sources whose means would share a topic, and one on the status or alerts topics', () => {
    expect(ownOutputProblems(sources('a/+/b/c;a/b/+/c;maison/+/temperature;maison/+:temperature'), 'stats')).toEqual([
      'AGG_SOURCES entries "a/+/b/c" and "a/b/+/c" would both publish their mean on stats/a/b/c: keep one, or name a key (:key) in one of them',
      'AGG_SOURCES entries "maison/+/temperature" and "maison/+:temperature" would both publish their mean on stats/maison/temperature: keep one, or name a key (:key) in one of them',
    ]);
    expect(ownOutputProblems(sources('+/status;+/alerts;alerts/+/x;+/alerts/x/y'), 'stats')).toEqual([
      'AGG_SOURCES entry "+/status" would publish its mean on stats/status, which the aggregator keeps for its status: name a key (:key) or read another topic',
      'AGG_SOURCES entry "+/alerts" would publish its mean on stats/alerts, which the aggregator keeps for its alerts: name a key (:key) or read another topic',
      'AGG_SOURCES entry "alerts/+/x" would publish its mean on stats/alerts/x, which the aggregator keeps for its alerts: name a key (:key) or read another topic',
      'AGG_SOURCES entry "+/alerts/x/y" would publish its mean on stats/alerts/x/y, which the aggregator keeps for its alerts: name a key (:key) or read another topic',
    ]);
    expect(ownOutputProblems(sources('+/alertsx;x/+/status'), 'stats')).toEqual([]);
  });
});
