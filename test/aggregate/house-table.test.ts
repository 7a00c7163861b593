import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/aggregate/engine.js';
import { alertLine, columnLabel, renderLines, renderTable } from '../../src/aggregate/house-table.js';
import { AT, fresh, groupOf, report, rule, source } from './report-fixtures.js';

const TEMPERATURE = source('maison/+/temperature');
const HUMIDITY = source('maison/+/humidity');
const OUTDOOR = source('exterieur/+/temperature');

function house() {
  const temperature = groupOf(
    TEMPERATURE,
    [fresh('chambre', 17.75), fresh('cuisine', 22), fresh('salon', 21.5, 20, 23, 60, true)],
    ['garage'],
  );
  const humidity = groupOf(HUMIDITY, [fresh('chambre', 52.14), fresh('salon', 47)], [], ['cuisine']);
  const outdoor = groupOf(OUTDOOR, [fresh('toulouse', 28.4)]);
  temperature.refused.nan = 3;
  temperature.refused.empty = 1;
  return [temperature, humidity, outdoor];
}

describe('columnLabel', () => {
  it.each([
    ['maison/+/temperature', 'temperature'],
    ['zigbee2mqtt/+:temperature', 'temperature'],
    ['tele/+/SENSOR:AM2301.Temperature', 'SENSOR/AM2301.Temperature'],
    ['+/sensor/t/state', 'sensor/t/state'],
  ])('%s: %s', (entry, label) => {
    expect(columnLabel(source(entry))).toBe(label);
  });
});

describe('renderTable', () => {
  it('draws one table per topic root: a row per member, a column per source, the means, the counts, the alerts and refusals', () => {
    const hot = rule(OUTDOOR, '>', 25, 'gt_25');
    const raised: AlertEvent = { rule: hot, member: 'toulouse', state: 'raised', reason: 'value', value: 28.4, since: AT - 120_000 };
    expect(renderTable(report(house(), [], [raised]))).toBe(
      [
        'stats at 2026-08-01T14:05:00Z over 60 s',
        '',
        'maison          temperature  humidity',
        '  chambre             17.75      52.1',
        '  cuisine                22   offline',
        '  garage              stale         ·',
        '  salon               21.5*        47',
        '  mean                20.42      49.6',
        '  members used          3/4       2/3',
        '',
        'exterieur       temperature',
        '  toulouse             28.4',
        '  mean                 28.4',
        '  members used          1/1',
        '',
        '* a retained value found at start-up, not yet confirmed by a live message',
        '',
        'ALERT exterieur/+/temperature toulouse > 25 (28.4) since 2026-08-01T14:03:00Z',
        '',
        'refused since start, maison/+/temperature: empty 1, nan 3',
      ].join('\n'),
    );
  });

  it('shows a group with no fresh member as -, and a root-less source', () => {
    const text = renderTable(report([groupOf(source('+/sensor/t/state'), [], ['node1'])]));
    expect(text).toBe(
      [
        'stats at 2026-08-01T14:05:00Z over 60 s',
        '',
        '(member)        sensor/t/state',
        '  node1                  stale',
        '  mean                       -',
        '  members used             0/1',
      ].join('\n'),
    );
  });

  it('shows an alert cleared by a member going away without a value', () => {
    const hot = rule(TEMPERATURE, '>', 25, 'gt_25');
    const text = renderTable(
      report([groupOf(TEMPERATURE, [fresh('a', 26)])], [], [{ rule: hot, member: 'a', state: 'raised', reason: 'value', since: AT }]),
    );
    expect(text.split('\n').at(-1)).toBe('ALERT maison/+/temperature a > 25 since 2026-08-01T14:05:00Z');
  });
});

describe('renderLines', () => {
  it('one line per group: time, source, mean, min, max, count, each member, those left out', () => {
    expect(renderLines(report(house()))).toEqual([
      '2026-08-01T14:05:00Z maison/+/temperature mean=20.42 min=17.75 max=23 count=3 chambre=17.75 cuisine=22 salon=21.5 stale=garage',
      '2026-08-01T14:05:00Z maison/+/humidity mean=49.6 min=47 max=52.1 count=2 chambre=52.1 salon=47 offline=cuisine',
      '2026-08-01T14:05:00Z exterieur/+/temperature mean=28.4 min=28.4 max=28.4 count=1 toulouse=28.4',
    ]);
    expect(renderLines(report([groupOf(TEMPERATURE, [], [], ['a', 'b'])]))).toEqual([
      '2026-08-01T14:05:00Z maison/+/temperature mean=- min=- max=- count=0 offline=a,b',
    ]);
  });

  it('one line per alert change', () => {
    const hot = rule(TEMPERATURE, '>', 25, 'gt_25');
    expect(alertLine({ rule: hot, member: 'salon', state: 'raised', reason: 'value', value: 25.612, since: AT })).toBe(
      '2026-08-01T14:05:00Z alert raised maison/+/temperature salon > 25 value=25.61',
    );
    expect(alertLine({ rule: hot, member: 'salon', state: 'cleared', reason: 'stale', since: AT })).toBe(
      '2026-08-01T14:05:00Z alert cleared maison/+/temperature salon > 25 stale',
    );
  });
});

describe('member names from the broker, shown inert (issue 17)', () => {
  // Valid UTF-8 that a broker accepts in a topic level: a C1 CSI, a bidi override, a zero-width joiner.
  const hostile = ['ki\u009b2Jtchen', 'ev\u202eil', 'z\u200dwj'];
  const groups = () => [groupOf(TEMPERATURE, [fresh(hostile[0]!, 20)], [hostile[1]!], [hostile[2]!])];
  const raw = /[\u0080-\u009f\u202a-\u202e\u2066-\u2069\u200b-\u200f]/;

  it('in the terminal table, its alerts, the piped lines and the alert lines', () => {
    const alert: AlertEvent = {
      rule: rule(TEMPERATURE, '>', 19, 'gt_19'),
      member: hostile[0]!,
      state: 'raised',
      reason: 'value',
      value: 20,
      since: AT,
    };
    const outputs = [renderTable(report(groups(), [], [alert])), ...renderLines(report(groups())), alertLine(alert)];
    for (const text of outputs) expect(text).not.toMatch(raw);
    expect(outputs[0]).toContain('ki\\x9b2Jtchen');
    expect(outputs[0]).toContain('ev\\u202eil');
    expect(outputs[1]).toContain('stale=ev\\u202eil');
    expect(outputs[2]).toContain('alert raised maison/+/temperature ki\\x9b2Jtchen');
  });
});

describe('roots of several levels and several stale members', () => {
  it('names a root of two levels with its slash, and lists stale members separated by commas', () => {
    const deep = groupOf(source('home/maison/+/temperature'), [fresh('salon', 20)], ['garage', 'grenier']);
    expect(renderTable(report([deep]))).toContain('home/maison');
    expect(renderLines(report([deep]))[0]).toContain('stale=garage,grenier');
  });
});
