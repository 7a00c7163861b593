import { describe, expect, it } from 'vitest';
import { AGGREGATE_SETTINGS, parseAggregateSettings } from '../../src/aggregate/settings.js';

function ok(env: Record<string, string | undefined>) {
  const result = parseAggregateSettings(env);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.settings;
}

function problems(env: Record<string, string | undefined>): string[] {
  const result = parseAggregateSettings(env);
  if (result.ok) throw new Error('accepted');
  return result.problems;
}

describe('the aggregator settings', () => {
  it('has the defaults the issue gives', () => {
    const settings = ok({});
    expect(settings.sources.map((s) => s.name)).toEqual(['maison/+/temperature', 'maison/+/humidity', 'exterieur/+/temperature']);
    expect(settings).toMatchObject({
      periodMs: 60_000,
      prefix: 'stats',
      qos: 1,
      retain: true,
      maxMembers: 1000,
      staleMs: undefined,
      alerts: [],
    });
  });

  it('treats an empty or blank value as not set', () => {
    expect(ok({ AGG_PERIOD_S: '', AGG_PREFIX: '  ', AGG_SOURCES: '' })).toMatchObject({ periodMs: 60_000, prefix: 'stats' });
  });

  it('reads every setting', () => {
    const settings = ok({
      AGG_SOURCES: 'zigbee2mqtt/+:temperature@10m',
      AGG_PERIOD_S: '1',
      AGG_PREFIX: 'home/stats',
      AGG_QOS: '2',
      AGG_RETAIN: 'No',
      AGG_MAX_MEMBERS: '100000',
      AGG_STALE_S: '90',
      ALERTS: 'zigbee2mqtt/+:temperature>25 for 2m',
    });
    expect(settings).toMatchObject({ periodMs: 1000, prefix: 'home/stats', qos: 2, retain: false, maxMembers: 100_000, staleMs: 90_000 });
    expect(settings.alerts.map((r) => [r.source, r.threshold, r.forMs])).toEqual([[settings.sources[0], 25, 120_000]]);
    expect(ok({ AGG_STALE_S: 'AUTO', AGG_RETAIN: 'on', AGG_QOS: '0', AGG_PERIOD_S: '86400', AGG_STALE_S_: 'x' })).toMatchObject({
      staleMs: undefined,
      retain: true,
      qos: 0,
      periodMs: 86_400_000,
    });
    expect(ok({ AGG_STALE_S: '604800', AGG_MAX_MEMBERS: '1' })).toMatchObject({ staleMs: 604_800_000, maxMembers: 1 });
  });

  it.each([
    [{ AGG_PERIOD_S: '0' }, 'AGG_PERIOD_S="0" must be a whole number from 1 to 86400'],
    [{ AGG_PERIOD_S: '86401' }, 'AGG_PERIOD_S="86401" must be a whole number from 1 to 86400'],
    [{ AGG_PERIOD_S: '1.5' }, 'AGG_PERIOD_S="1.5" must be a whole number from 1 to 86400'],
    [{ AGG_PERIOD_S: '-1' }, 'AGG_PERIOD_S="-1" must be a whole number from 1 to 86400'],
    [{ AGG_MAX_MEMBERS: '0' }, 'AGG_MAX_MEMBERS="0" must be a whole number from 1 to 100000'],
    [{ AGG_MAX_MEMBERS: '100001' }, 'AGG_MAX_MEMBERS="100001" must be a whole number from 1 to 100000'],
    [
      { AGG_PREFIX: 'stats/#' },
      'AGG_PREFIX="stats/#" has a level "#" that contains "/", "+" or "#" (MQTT separators and wildcards); use levels like stats or home/stats',
    ],
    [
      { AGG_PREFIX: '/stats' },
      'AGG_PREFIX="/stats" has an empty level (a leading, trailing or double "/"); use levels like stats or home/stats',
    ],
    [{ AGG_QOS: '3' }, 'AGG_QOS="3" must be 0, 1 or 2'],
    [{ AGG_RETAIN: 'maybe' }, 'AGG_RETAIN="maybe" must be true or false (also accepted: yes/no, on/off, 1/0)'],
    [{ AGG_STALE_S: '0' }, 'AGG_STALE_S="0" must be auto or a whole number of seconds from 1 to 604800'],
    [{ AGG_STALE_S: '604801' }, 'AGG_STALE_S="604801" must be auto or a whole number of seconds from 1 to 604800'],
    [{ AGG_STALE_S: '90s' }, 'AGG_STALE_S="90s" must be auto or a whole number of seconds from 1 to 604800'],
    [
      { AGG_SOURCES: 'maison/temperature' },
      'AGG_SOURCES entry 1 "maison/temperature" has no "+" level: write the level that names the member (the room, the device) as "+", like maison/+/temperature',
    ],
    [
      { AGG_SOURCES: 'stats/+/temperature' },
      'AGG_SOURCES entry "stats/+/temperature" reads the aggregator\'s own outputs (under AGG_PREFIX=stats): it would average its own averages; take it out of AGG_SOURCES or set another AGG_PREFIX',
    ],
    [
      { AGG_PREFIX: 'maison', AGG_SOURCES: 'maison/+/temperature' },
      'AGG_SOURCES entry "maison/+/temperature" reads the aggregator\'s own outputs (under AGG_PREFIX=maison): it would average its own averages; take it out of AGG_SOURCES or set another AGG_PREFIX',
    ],
    [
      { ALERTS: 'maison/+/temperature>hot' },
      'ALERTS entry 1 "maison/+/temperature>hot" has a threshold "hot" that is not a number: write it like 25 or -5.5 (then ~hysteresis and " for 2m" if wanted)',
    ],
  ])('refuses %j', (env, problem) => {
    expect(problems(env)).toEqual([problem]);
  });

  it('lists every problem at once; alerts are not read against sources that failed', () => {
    expect(problems({ AGG_PERIOD_S: 'x', AGG_QOS: 'x', AGG_SOURCES: 'x', ALERTS: 'nonsense' })).toEqual([
      'AGG_PERIOD_S="x" must be a whole number from 1 to 86400',
      'AGG_QOS="x" must be 0, 1 or 2',
      'AGG_SOURCES entry 1 "x" has no "+" level: write the level that names the member (the room, the device) as "+", like maison/+/temperature',
    ]);
  });

  it('does not check own outputs against a bad prefix', () => {
    expect(problems({ AGG_PREFIX: 'stats/', AGG_SOURCES: 'stats/+/x' })).toEqual([
      'AGG_PREFIX="stats/" has an empty level (a leading, trailing or double "/"); use levels like stats or home/stats',
    ]);
  });

  it('documents each setting with its default', () => {
    expect(AGGREGATE_SETTINGS.map((s) => [s.name, s.default])).toEqual([
      ['AGG_SOURCES', 'maison/+/temperature;maison/+/humidity;exterieur/+/temperature'],
      ['AGG_PERIOD_S', '60'],
      ['AGG_PREFIX', 'stats'],
      ['AGG_QOS', '1'],
      ['AGG_RETAIN', 'true'],
      ['AGG_MAX_MEMBERS', '1000'],
      ['AGG_STALE_S', 'auto'],
      ['ALERTS', ''],
    ]);
  });
});
