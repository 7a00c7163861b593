import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/aggregate/engine.js';
import {
  alertLogLine,
  alertMessage,
  alertPayload,
  formatNumber,
  isoSeconds,
  type OutputOptions,
  Published,
  periodMessages,
  statusMessage,
  summaryPayload,
} from '../../src/aggregate/outputs.js';
import { AT, fresh, groupOf, report, rule, source } from './report-fixtures.js';

const OPTIONS: OutputOptions = { prefix: 'stats', qos: 1, retain: true };
const TEMPERATURE = source('maison/+/temperature');
const HUMIDITY = source('maison/+/humidity');

describe('formatNumber', () => {
  it.each([
    [21.126, 2, '21.13'],
    [21.1, 2, '21.1'],
    [21, 2, '21'],
    [-0.001, 2, '0'],
    [-0, 0, '0'],
    [0.004, 2, '0'],
    [-3.456, 1, '-3.5'],
    [310.6, 0, '311'],
    [999_999_999.996, 2, '1000000000'],
    [1e-7, 2, '0'],
  ])('%d to %i decimals: %s', (value, decimals, text) => {
    expect(formatNumber(value, decimals)).toBe(text);
  });
});

describe('isoSeconds', () => {
  it('drops the milliseconds', () => {
    expect(isoSeconds(AT + 999)).toBe('2026-08-01T14:05:00Z');
    expect(isoSeconds(AT)).toBe('2026-08-01T14:05:00Z');
  });
});

describe('periodMessages', () => {
  it('publishes per group its mean, each member mean and the summary, retained at the QoS set', () => {
    const published = new Published();
    const messages = periodMessages(
      report([groupOf(TEMPERATURE, [fresh('chambre', 17.75, 17, 18), fresh('cuisine', 22), fresh('salon', 21.5, 20, 23)])]),
      OPTIONS,
      published,
    );
    expect(messages.map((m) => [m.topic, m.payload])).toEqual([
      ['stats/maison/temperature', '20.42'],
      ['stats/maison/chambre/temperature', '17.75'],
      ['stats/maison/cuisine/temperature', '22'],
      ['stats/maison/salon/temperature', '21.5'],
      ['stats/maison/temperature/summary', expect.any(String)],
    ]);
    expect(messages.every((m) => m.retain === true && m.qos === 1)).toBe(true);
    expect(messages.map((m) => m.json === true)).toEqual([false, false, false, false, true]);
  });

  it('clears, once, a member that went stale or offline and a group with no fresh member', () => {
    const published = new Published();
    periodMessages(report([groupOf(TEMPERATURE, [fresh('a', 20), fresh('b', 22)])]), OPTIONS, published);
    const second = periodMessages(report([groupOf(TEMPERATURE, [fresh('a', 20)], ['b'])]), OPTIONS, published);
    expect(second.map((m) => [m.topic, m.payload])).toEqual([
      ['stats/maison/temperature', '20'],
      ['stats/maison/a/temperature', '20'],
      ['stats/maison/b/temperature', ''],
      ['stats/maison/temperature/summary', expect.any(String)],
    ]);
    expect(second[2]).toEqual({ topic: 'stats/maison/b/temperature', payload: '', retain: true, qos: 1 });
    const third = periodMessages(report([groupOf(TEMPERATURE, [], ['b'], ['a'])]), OPTIONS, published);
    expect(third.map((m) => [m.topic, m.payload])).toEqual([
      ['stats/maison/temperature', ''],
      ['stats/maison/a/temperature', ''],
      ['stats/maison/temperature/summary', expect.any(String)],
    ]);
    const fourth = periodMessages(report([groupOf(TEMPERATURE, [], ['a', 'b'])]), OPTIONS, published);
    expect(fourth.map((m) => m.topic)).toEqual(['stats/maison/temperature/summary']);
  });

  it('follows AGG_RETAIN and AGG_QOS, rounds per quantity', () => {
    const messages = periodMessages(
      report([groupOf(HUMIDITY, [fresh('a', 48.26)])]),
      { prefix: 'home/stats', qos: 0, retain: false },
      new Published(),
    );
    expect(messages[0]).toEqual({ topic: 'home/stats/maison/humidity', payload: '48.3', retain: false, qos: 0 });
    expect(messages.every((m) => !m.retain && m.qos === 0)).toBe(true);
  });
});

describe('summaryPayload', () => {
  it('holds mean, min, max, count, the members used with their stats, those left out, refusals, the window and the time', () => {
    const group = groupOf(
      TEMPERATURE,
      [fresh('chambre', 17.754, 17, 18.001, 12), fresh('salon', 21.5, 20, 23, 60, true)],
      ['garage'],
      ['cave'],
    );
    group.refused['not-a-number'] = 2;
    expect(JSON.parse(summaryPayload(group, AT, 59_600))).toEqual({
      mean: 19.63,
      min: 17,
      max: 23,
      count: 2,
      used: ['chambre', 'salon'],
      stale: ['garage'],
      offline: ['cave'],
      members: {
        chambre: { mean: 17.75, min: 17, max: 18, samples: 12 },
        salon: { mean: 21.5, min: 20, max: 23, samples: 60, retained: true },
      },
      refused: { 'not-a-number': 2 },
      window_s: 60,
      at: '2026-08-01T14:05:00Z',
    });
  });

  it('has no mean, min, max (never null or NaN) when no member is fresh', () => {
    const text = summaryPayload(groupOf(TEMPERATURE, [], ['a']), AT, 60_000);
    expect(text).toBe(
      '{"count":0,"used":[],"stale":["a"],"offline":[],"members":{},"refused":{},"window_s":60,"at":"2026-08-01T14:05:00Z"}',
    );
  });
});

describe('alerts and status', () => {
  const hot = rule(TEMPERATURE, '>', 25, 'gt_25');
  const raised: AlertEvent = { rule: hot, member: 'salon', state: 'raised', reason: 'value', value: 25.6123, since: AT + 1500 };
  const gone: AlertEvent = { rule: hot, member: 'salon', state: 'cleared', reason: 'offline', since: AT };

  it('an alert change is one retained JSON on its topic, whatever AGG_RETAIN', () => {
    expect(alertMessage(raised, { ...OPTIONS, retain: false, qos: 2 })).toEqual({
      topic: 'stats/alerts/maison/salon/temperature/gt_25',
      payload: alertPayload(raised),
      retain: true,
      qos: 2,
      json: true,
    });
    expect(JSON.parse(alertPayload(raised))).toEqual({
      state: 'raised',
      member: 'salon',
      rule: 'maison/+/temperature>25~0.5',
      op: '>',
      threshold: 25,
      hysteresis: 0.5,
      value: 25.61,
      reason: 'value',
      since: '2026-08-01T14:05:01Z',
    });
    expect(JSON.parse(alertPayload(gone))).not.toHaveProperty('value');
  });

  it('is logged in one line', () => {
    expect(alertLogLine(raised)).toBe('alert raised: maison/+/temperature salon > 25 (value 25.61)');
    expect(alertLogLine(gone)).toBe('alert cleared: maison/+/temperature salon > 25 (member offline)');
  });

  it('P/status is retained', () => {
    expect(statusMessage('stats', 'offline', 1)).toEqual({ topic: 'stats/status', payload: 'offline', retain: true, qos: 1 });
  });
});
