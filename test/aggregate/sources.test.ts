import { describe, expect, it } from 'vitest';
import { memberOf, parseSources, type Source, sourceText } from '../../src/aggregate/sources.js';

function one(entry: string): Source {
  const result = parseSources(entry);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  expect(result.sources).toHaveLength(1);
  return result.sources[0]!;
}

function problems(value: string): string[] {
  const result = parseSources(value);
  if (result.ok) throw new Error(`accepted ${value}`);
  return result.problems;
}

describe('AGG_SOURCES', () => {
  it('reads the course: maison/+/temperature, the key its last level', () => {
    expect(one('maison/+/temperature')).toEqual({
      entry: 'maison/+/temperature',
      name: 'maison/+/temperature',
      filter: 'maison/+/temperature',
      before: ['maison'],
      after: ['temperature'],
      key: ['temperature'],
      explicitKey: false,
      quantity: 'temperature',
      staleMs: undefined,
    });
  });

  it('reads a named key and a staleness: zigbee2mqtt/+:temperature@10m', () => {
    expect(one('zigbee2mqtt/+:temperature@10m')).toEqual({
      entry: 'zigbee2mqtt/+:temperature@10m',
      name: 'zigbee2mqtt/+:temperature',
      filter: 'zigbee2mqtt/+',
      before: ['zigbee2mqtt'],
      after: [],
      key: ['temperature'],
      explicitKey: true,
      quantity: 'temperature',
      staleMs: 600_000,
    });
  });

  it('reads a nested key (Tasmota), the quantity its last step in lower case', () => {
    const source = one('tele/+/SENSOR:AM2301.Temperature');
    expect(source.key).toEqual(['AM2301', 'Temperature']);
    expect(source.quantity).toBe('temperature');
    expect(source.after).toEqual(['SENSOR']);
    expect(source.name).toBe('tele/+/SENSOR:AM2301.Temperature');
  });

  it('reads a member first (ESPHome) and a staleness without a key', () => {
    const source = one('+/sensor/temperature/state@90s');
    expect(source).toMatchObject({
      before: [],
      after: ['sensor', 'temperature', 'state'],
      key: ['state'],
      staleMs: 90_000,
      explicitKey: false,
    });
    expect(source.filter).toBe('+/sensor/temperature/state');
  });

  it('starts the key at the last ":" of the last level (Shelly Gen2: temperature:0)', () => {
    const source = one('+/status/temperature:0:tC');
    expect(source).toMatchObject({ filter: '+/status/temperature:0', key: ['tC'], quantity: 'tc', name: '+/status/temperature:0:tC' });
    expect(one('+/status/temperature:0').filter).toBe('+/status/temperature');
  });

  it('reads "@" and ":" only in the last level, even right before its "/"', () => {
    expect(one('a/+/c@/t')).toMatchObject({ before: ['a'], after: ['c@', 't'], staleMs: undefined });
    expect(one('a/+/c:/t')).toMatchObject({ after: ['c:', 't'], key: ['t'], explicitKey: false });
  });

  it('reads an entry with no "/": the member alone, with its key', () => {
    expect(one('+:temperature')).toMatchObject({ filter: '+', before: [], after: [], key: ['temperature'] });
    expect(problems('+')).toEqual([
      'AGG_SOURCES entry 1 "+" ends with the member\'s "+", so there is no level to name the value: add its JSON key, like +:temperature',
    ]);
  });

  it('takes ":" and "@" in levels before the last', () => {
    const source = one('a:b/c@d/+/temperature');
    expect(source.before).toEqual(['a:b', 'c@d']);
    expect(source.key).toEqual(['temperature']);
  });

  it('reads several entries, trimmed, in order', () => {
    const result = parseSources(' maison/+/temperature ; maison/+/humidity;exterieur/+/temperature');
    expect(result.ok && result.sources.map((s) => s.name)).toEqual([
      'maison/+/temperature',
      'maison/+/humidity',
      'exterieur/+/temperature',
    ]);
  });

  it.each([
    [
      'maison/temperature',
      'AGG_SOURCES entry 1 "maison/temperature" has no "+" level: write the level that names the member (the room, the device) as "+", like maison/+/temperature',
    ],
    [
      'maison/+/+',
      'AGG_SOURCES entry 1 "maison/+/+" has 2 "+" levels: exactly one names the member; write the others out, like maison/+/temperature',
    ],
    [
      'maison/#',
      'AGG_SOURCES entry 1 "maison/#" a source reads one level per member and no "#": write its "+" level and the levels after it, like maison/+/temperature',
    ],
    [
      'maison/+/#',
      'AGG_SOURCES entry 1 "maison/+/#" a source reads one level per member and no "#": write its "+" level and the levels after it, like maison/+/temperature',
    ],
    ['maison//+/t', 'AGG_SOURCES entry 1 "maison//+/t" has an empty level (a leading, trailing or double "/")'],
    ['/+/t', 'AGG_SOURCES entry 1 "/+/t" has an empty level (a leading, trailing or double "/")'],
    ['ma+son/+/t', 'AGG_SOURCES entry 1 "ma+son/+/t" has a level "ma+son" that contains "/", "+" or "#" (MQTT separators and wildcards)'],
    ['$SYS/+/t', 'AGG_SOURCES entry 1 "$SYS/+/t" has a level "$SYS" that starts with "$" (reserved for broker topics such as $SYS)'],
    [
      'zigbee2mqtt/+',
      'AGG_SOURCES entry 1 "zigbee2mqtt/+" ends with the member\'s "+", so there is no level to name the value: add its JSON key, like zigbee2mqtt/+:temperature',
    ],
    [
      'zigbee2mqtt/+:',
      'AGG_SOURCES entry 1 "zigbee2mqtt/+:" has an empty key after ":" (write the JSON key, like zigbee2mqtt/+:temperature)',
    ],
    [
      'tele/+/SENSOR:AM2301..T',
      'AGG_SOURCES entry 1 "tele/+/SENSOR:AM2301..T" has an empty step in the key "AM2301..T" (a nested key is written a.b)',
    ],
    ['tele/+/SENSOR:.T', 'AGG_SOURCES entry 1 "tele/+/SENSOR:.T" has an empty step in the key ".T" (a nested key is written a.b)'],
    ['tele/+/SENSOR: T', 'AGG_SOURCES entry 1 "tele/+/SENSOR: T" has a key " T" that has leading or trailing spaces'],
    [
      'maison/+/t@90',
      'AGG_SOURCES entry 1 "maison/+/t@90" has a bad staleness after "@": "90" is not a duration: write a whole number and s, m or h, like 90s, 10m or 2h',
    ],
    ['maison/+/t@0s', 'AGG_SOURCES entry 1 "maison/+/t@0s" has a bad staleness after "@": "0s" is outside 1s..7 days'],
    [
      'maison/+/t:x@',
      'AGG_SOURCES entry 1 "maison/+/t:x@" has a bad staleness after "@": "" is not a duration: write a whole number and s, m or h, like 90s, 10m or 2h',
    ],
  ])('refuses %s', (value, problem) => {
    expect(problems(value)).toEqual([problem]);
  });

  it('names every bad entry, empty ones too', () => {
    expect(problems('maison/+/temperature;;x;')).toEqual([
      'AGG_SOURCES entry 2 is empty (entries are separated by a single ";")',
      'AGG_SOURCES entry 3 "x" has no "+" level: write the level that names the member (the room, the device) as "+", like maison/+/temperature',
      'AGG_SOURCES entry 4 is empty (entries are separated by a single ";")',
    ]);
  });

  it('refuses the same values twice, whatever the staleness', () => {
    expect(problems('maison/+/temperature;maison/+/temperature@90s')).toEqual([
      'AGG_SOURCES entry 2 "maison/+/temperature@90s" reads the same values as "maison/+/temperature": keep one of them',
    ]);
  });

  it('keeps two keys of one topic apart', () => {
    const result = parseSources('zigbee2mqtt/+:temperature;zigbee2mqtt/+:humidity');
    expect(result.ok && result.sources.map((s) => s.quantity)).toEqual(['temperature', 'humidity']);
  });

  it('names another variable when asked', () => {
    expect(parseSources('x', 'SIM').ok).toBe(false);
    expect((parseSources('x', 'SIM') as { problems: string[] }).problems[0]).toMatch(/^SIM entry 1 "x" /);
  });
});

describe('memberOf', () => {
  const course = one('maison/+/temperature');
  const esphome = one('+/sensor/temperature/state');
  const z2m = one('zigbee2mqtt/+:temperature');

  it.each([
    [course, 'maison/salon/temperature', 'salon'],
    [course, 'maison/salon/humidity', undefined],
    [course, 'maison/salon/temperature/x', undefined],
    [course, 'maison/salon', undefined],
    [course, 'garage/salon/temperature', undefined],
    [esphome, 'node1/sensor/temperature/state', 'node1'],
    [esphome, 'node1/sensor/humidity/state', undefined],
    [esphome, 'node1/sensor/temperature/stat', undefined],
    [z2m, 'zigbee2mqtt/bureau', 'bureau'],
    [z2m, 'zigbee2mqtt/bureau/availability', undefined],
  ])('%#: %s', (source, topic, member) => {
    expect(memberOf(source, topic.split('/'))).toBe(member);
  });
});

describe('sourceText', () => {
  it.each(['maison/+/temperature', 'zigbee2mqtt/+:temperature@10m', 'a/+/b@90s', 'b/+:k@2h'])('writes %s back', (entry) => {
    expect(sourceText(one(entry))).toBe(entry);
  });
});
