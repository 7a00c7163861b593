import { describe, expect, it } from 'vitest';
import { parseAlerts } from '../../src/aggregate/alert-rules.js';
import { Aggregation, FORGET_AFTER_MS, type GroupReport } from '../../src/aggregate/engine.js';
import { parseSources } from '../../src/aggregate/sources.js';
import { FakeClock } from '../helpers/fake-clock.js';

const S = 1000;
const START = Date.UTC(2026, 7, 1, 12, 0, 0);

function setup(sources = 'maison/+/temperature', alerts = '', options: { maxMembers?: number; staleMs?: number } = {}) {
  const parsed = parseSources(sources);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const rules = parseAlerts(alerts, parsed.sources);
  if (!rules.ok) throw new Error(rules.problems.join('\n'));
  const clock = new FakeClock(START);
  const lines: string[] = [];
  const aggregation = new Aggregation({
    sources: parsed.sources,
    rules: rules.rules,
    prefix: 'stats',
    maxMembers: options.maxMembers ?? 100,
    staleMs: options.staleMs,
    clock,
    log: { warn: (l) => lines.push(`WARN ${l}`), info: (l) => lines.push(`INFO ${l}`) },
  });
  const send = (topic: string, payload: string, retained = false) => aggregation.accept(topic, payload, retained);
  return { aggregation, clock, lines, send };
}

const group = (groups: readonly GroupReport[], name: string) => groups.find((g) => g.source.name === name)!;

describe('Aggregation: means', () => {
  it('three rooms: each room time-weighted, the house the mean of the rooms', () => {
    const { aggregation, clock, send } = setup();
    send('maison/salon/temperature', '20');
    send('maison/cuisine/temperature', '22');
    send('maison/chambre/temperature', '18');
    clock.advance(30 * S);
    send('maison/salon/temperature', '23');
    clock.advance(15 * S);
    send('maison/chambre/temperature', '17');
    clock.advance(15 * S);
    const report = aggregation.close();
    expect(report.at).toBe(START + 60 * S);
    expect(report.windowMs).toBe(60 * S);
    const [temperature] = report.groups;
    // salon: 20 for 30 s, 23 for 30 s = 21.5; cuisine 22; chambre: 18 for 45 s, 17 for 15 s = 17.75.
    expect(temperature!.used.map((m) => [m.name, m.mean])).toEqual([
      ['chambre', 17.75],
      ['cuisine', 22],
      ['salon', 21.5],
    ]);
    expect(temperature!.mean).toBeCloseTo((21.5 + 22 + 17.75) / 3, 12);
    expect(temperature).toMatchObject({ min: 17, max: 23, count: 3, stale: [], offline: [] });
  });

  it('a room at 1 Hz and a room at one a minute weigh the same', () => {
    const { aggregation, clock, send } = setup();
    send('maison/slow/temperature', '10');
    for (let t = 0; t < 60; t++) {
      send('maison/fast/temperature', '30');
      clock.advance(S);
    }
    const [temperature] = aggregation.close().groups;
    expect(temperature!.mean).toBe(20);
    expect(temperature!.used.map((m) => m.samples)).toEqual([60, 1]);
  });

  it('reads a topic for every source it belongs to, each with its key', () => {
    const { aggregation, send } = setup('zigbee2mqtt/+:temperature;zigbee2mqtt/+:humidity');
    send('zigbee2mqtt/bureau', '{"temperature":21.5,"humidity":48,"linkquality":120}');
    const report = aggregation.close();
    expect(group(report.groups, 'zigbee2mqtt/+:temperature').mean).toBe(21.5);
    expect(group(report.groups, 'zigbee2mqtt/+:humidity').mean).toBe(48);
  });

  it('ignores topics that are no source', () => {
    const { aggregation, send } = setup();
    expect(send('maison/salon/humidity', '50')).toEqual([]);
    expect(send('maison/salon/temperature/x', '50')).toEqual([]);
    expect(aggregation.memberCount()).toBe(0);
  });
});

describe('Aggregation: refused payloads', () => {
  const GARBAGE = [
    '',
    'NaN',
    'unavailable',
    'true',
    '{"humidity":40}',
    '{"temperature":',
    'x'.repeat(1025),
    '1000',
    'abc',
    '[1]',
    'Infinity',
    'null',
  ];

  it('never reach a mean, are counted per reason and logged once per member and reason', () => {
    const { aggregation, lines, send } = setup();
    send('maison/salon/temperature', '21');
    for (const payload of GARBAGE) {
      send('maison/salon/temperature', payload);
      send('maison/salon/temperature', payload);
      send('maison/garage/temperature', payload);
    }
    const [temperature] = aggregation.close().groups;
    expect(temperature).toMatchObject({ mean: 21, min: 21, max: 21, count: 1 });
    expect(temperature!.used.map((m) => m.name)).toEqual(['salon']);
    expect(temperature!.refused).toEqual({
      empty: 3,
      'too-large': 3,
      'not-a-number': 6,
      'invalid-json': 3,
      nan: 6,
      unavailable: 6,
      boolean: 3,
      'missing-key': 3,
      'ambiguous-key': 0,
      'out-of-range': 3,
    });
    // One line per member and reason: nine reasons among the twelve payloads, for each of the two members.
    expect(lines.filter((l) => l.startsWith('WARN maison/salon/temperature: refused'))).toHaveLength(9);
    expect(lines.filter((l) => l.startsWith('WARN maison/garage/temperature: refused'))).toHaveLength(9);
    expect(lines).toContain(
      'WARN maison/salon/temperature: refused "NaN", NaN or an infinity; further refusals of this kind from this member are counted, not logged',
    );
    expect(aggregation.memberCount()).toBe(1);
  });

  it('says once when it can no longer log each member and reason', () => {
    const { lines, send } = setup();
    for (let i = 0; i < 10_001; i++) send(`maison/room${i}/temperature`, 'abc');
    send('maison/last/temperature', 'NaN');
    expect(lines.filter((l) => l.includes('refused payloads from too many members'))).toHaveLength(1);
    expect(lines).toHaveLength(10_001);
  });
});

describe('Aggregation: staleness and availability', () => {
  it('a room whose status says offline leaves the mean at once, and is listed', () => {
    const { aggregation, clock, send } = setup('maison/+/temperature;maison/+/humidity');
    send('maison/salon/temperature', '20');
    send('maison/salon/humidity', '50');
    send('maison/cuisine/temperature', '24');
    clock.advance(30 * S);
    send('maison/salon/status', 'offline');
    clock.advance(S);
    const report = aggregation.close();
    const temperature = group(report.groups, 'maison/+/temperature');
    expect(temperature).toMatchObject({ mean: 24, count: 1, offline: ['salon'], stale: [] });
    expect(group(report.groups, 'maison/+/humidity')).toMatchObject({ count: 0, offline: ['salon'] });
    expect(group(report.groups, 'maison/+/humidity').mean).toBeUndefined();
  });

  it('reads availability, Zigbee2MQTT and Tasmota style', () => {
    const { aggregation, send } = setup('zigbee2mqtt/+:temperature;tele/+/SENSOR:temperature');
    send('zigbee2mqtt/bureau', '{"temperature":20}');
    send('tele/sonoff/SENSOR', '{"AM2301":{"Temperature":22}}');
    send('zigbee2mqtt/bureau/availability', '{"state":"offline"}');
    send('tele/sonoff/LWT', 'Offline');
    const report = aggregation.close();
    expect(report.groups.map((g) => g.offline)).toEqual([['bureau'], ['sonoff']]);
  });

  it('an offline status that comes before the first value (retained, at start-up) keeps the member out', () => {
    const { aggregation, send } = setup();
    send('maison/mort/status', 'offline', true);
    send('maison/mort/temperature', '35', true);
    send('maison/vif/temperature', '20', true);
    expect(aggregation.close().groups[0]).toMatchObject({ mean: 20, offline: ['mort'] });
  });

  it('online before the value cancels an earlier offline; other status payloads say nothing', () => {
    const { aggregation, send } = setup();
    send('maison/a/status', 'offline');
    send('maison/a/status', 'online');
    send('maison/b/status', 'offline');
    send('maison/b/status', 'rebooting');
    send('maison/a/temperature', '20');
    send('maison/b/temperature', '20', true);
    expect(aggregation.close().groups[0]).toMatchObject({ count: 1, offline: ['b'] });
  });

  it('a silent room leaves within its staleness limit, and comes back with its next value', () => {
    const { aggregation, clock, send } = setup();
    for (let t = 0; t <= 10; t++) {
      send('maison/salon/temperature', '20');
      send('maison/cuisine/temperature', '24');
      clock.advance(S);
    }
    // cuisine dies at 10 s (a SIGKILL without a status); its limit is 30 s (1 Hz): in the mean up to 40 s, out after.
    for (let t = 0; t < 29; t++) {
      send('maison/salon/temperature', '20');
      clock.advance(S);
    }
    expect(aggregation.close().groups[0]).toMatchObject({ mean: 22, stale: [] });
    clock.advance(1);
    const later = aggregation.close().groups[0]!;
    expect(later).toMatchObject({ count: 1, stale: ['cuisine'] });
    expect(later.mean).toBe(20);
    send('maison/cuisine/temperature', '26');
    expect(aggregation.close().groups[0]).toMatchObject({ mean: 23, stale: [] });
  });

  it('a retained value from a dead sensor counts only until the limit passes without a live message', () => {
    const { aggregation, clock, send } = setup('maison/+/temperature', '', { staleMs: 90 * S });
    send('maison/mort/temperature', '35', true);
    clock.advance(90 * S);
    expect(aggregation.close().groups[0]).toMatchObject({ mean: 35, count: 1 });
    expect(aggregation.close().groups[0]!.used[0]!.retained).toBe(true);
    clock.advance(1);
    const report = aggregation.close().groups[0]!;
    expect(report).toMatchObject({ count: 0, stale: ['mort'] });
    expect(report.mean).toBeUndefined();
  });

  it('forgets a member silent for a day, freeing its place', () => {
    const { aggregation, clock, send } = setup('maison/+/temperature', '', { maxMembers: 1 });
    send('maison/a/temperature', '20');
    clock.advance(FORGET_AFTER_MS);
    expect(aggregation.close().groups[0]!.stale).toEqual(['a']);
    expect(aggregation.memberCount()).toBe(1);
    clock.advance(1);
    expect(aggregation.close().groups[0]!.stale).toEqual(['a']);
    expect(aggregation.memberCount()).toBe(0);
    expect(aggregation.close().groups[0]!.stale).toEqual([]);
    send('maison/b/temperature', '20');
    expect(aggregation.close().groups[0]!.used.map((m) => m.name)).toEqual(['b']);
  });
});

describe('Aggregation: its own outputs and its cap', () => {
  it('never reads a topic under its prefix, and says so once', () => {
    const { aggregation, lines, send } = setup('+/maison/temperature');
    send('stats/maison/temperature', '99');
    send('stats/maison/temperature', '98');
    send('kitchen/maison/temperature', '20');
    const [temperature] = aggregation.close().groups;
    expect(temperature).toMatchObject({ mean: 20, count: 1 });
    expect(lines).toEqual([
      "INFO stats/maison/temperature and every other topic under stats/ are the aggregator's own outputs: never read back",
    ]);
  });

  it('never takes its own status for a member status', () => {
    const { aggregation, send } = setup('+/sensor/temperature/state');
    send('stats/sensor/temperature/state', '20');
    send('stats/status', 'offline');
    expect(aggregation.close().groups[0]).toMatchObject({ count: 0, offline: [] });
  });

  it('warns once when AGG_MAX_MEMBERS is reached, and ignores new members', () => {
    const { aggregation, lines, send } = setup('maison/+/temperature;maison/+/humidity', '', { maxMembers: 2 });
    send('maison/a/temperature', '20');
    send('maison/a/humidity', '50');
    send('maison/b/temperature', '22');
    send('maison/c/temperature', '24');
    send('maison/a/temperature', '21');
    expect(lines).toEqual([
      'WARN AGG_MAX_MEMBERS (2) reached: maison/b/temperature and every other new member are ignored until some are forgotten (after 24 h of silence); raise AGG_MAX_MEMBERS if you have that many',
    ]);
    expect(aggregation.memberCount()).toBe(2);
    expect(aggregation.close().groups[0]).toMatchObject({ count: 1, mean: 21 });
  });

  it('keeps offline notes of members it has not seen within the cap', () => {
    const { aggregation, send } = setup('maison/+/temperature', '', { maxMembers: 1 });
    send('maison/a/status', 'offline');
    send('maison/b/status', 'offline');
    send('maison/b/temperature', '20');
    expect(aggregation.close().groups[0]).toMatchObject({ count: 1, offline: [] });
  });

  it('lists new members once, for discovery', () => {
    const { aggregation, send } = setup();
    send('maison/a/temperature', '20');
    send('maison/a/temperature', '21');
    send('maison/b/temperature', 'x');
    expect(aggregation.takeNewMembers().map((m) => [m.source.name, m.member])).toEqual([['maison/+/temperature', 'a']]);
    expect(aggregation.takeNewMembers()).toEqual([]);
  });
});

describe('Aggregation: alerts', () => {
  it('raises once and clears once from the values, at once; start states are reported', () => {
    const { aggregation, clock, send } = setup('maison/+/temperature', 'maison/+/temperature>25');
    const seen = (events: ReturnType<typeof send>) => events.map((e) => `${e.member}:${e.state}/${e.reason}:${e.value}`);
    expect(seen(send('maison/salon/temperature', '24'))).toEqual(['salon:cleared/start:24']);
    expect(seen(send('maison/salon/temperature', '25.2'))).toEqual(['salon:raised/value:25.2']);
    clock.advance(5 * S);
    expect(seen(send('maison/salon/temperature', '24.8'))).toEqual([]);
    expect(seen(send('maison/salon/temperature', '25.4'))).toEqual([]);
    const report = aggregation.close();
    expect(report.alerts).toEqual([]);
    expect(report.raised.map((e) => [e.member, e.value, e.since])).toEqual([['salon', 25.2, START]]);
    clock.advance(S);
    expect(seen(send('maison/salon/temperature', '24.5'))).toEqual(['salon:cleared/value:24.5']);
    expect(aggregation.close().raised).toEqual([]);
  });

  it('raises at the period end when the minimum duration passes with no new message', () => {
    const { aggregation, clock, send } = setup('maison/+/temperature', 'maison/+/temperature>25 for 2m');
    send('maison/salon/temperature', '26');
    clock.advance(60 * S);
    expect(aggregation.close().alerts).toEqual([]);
    clock.advance(60 * S);
    const report = aggregation.close();
    expect(report.alerts.map((e) => [e.member, e.state, e.value, e.since])).toEqual([['salon', 'raised', 26, START + 120 * S]]);
  });

  it('a member going offline clears its raised alert at once; going stale, at the period end', () => {
    const { aggregation, clock, send } = setup('maison/+/temperature', 'maison/+/temperature>25', { staleMs: 10 * S });
    send('maison/a/temperature', '30');
    send('maison/b/temperature', '30');
    const offline = send('maison/a/status', 'offline');
    expect(offline.map((e) => [e.member, e.state, e.reason, 'value' in e])).toEqual([['a', 'cleared', 'offline', false]]);
    clock.advance(11 * S);
    const report = aggregation.close();
    expect(report.alerts.map((e) => [e.member, e.state, e.reason])).toEqual([['b', 'cleared', 'stale']]);
    expect(report.raised).toEqual([]);
  });

  it('a retained value decides an alert, but not for a member known offline', () => {
    const { send } = setup('maison/+/temperature', 'maison/+/temperature>25');
    expect(send('maison/a/temperature', '30', true).map((e) => e.state)).toEqual(['raised']);
    send('maison/b/status', 'offline');
    expect(send('maison/b/temperature', '30', true)).toEqual([]);
  });
});
