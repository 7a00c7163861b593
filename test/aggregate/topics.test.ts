import { describe, expect, it } from 'vitest';
import {
  aggregateDiscoveryTopic,
  aggregatorStatusTopic,
  alertTopic,
  groupTopic,
  isUnderPrefix,
  memberStatusFilters,
  memberTopic,
  summaryTopic,
} from '../../src/topics/aggregate.js';

const course = { before: ['maison'], after: ['temperature'], key: ['temperature'], explicitKey: false };
const z2m = { before: ['zigbee2mqtt'], after: [], key: ['temperature'], explicitKey: true };
const tasmota = { before: ['tele'], after: ['SENSOR'], key: ['AM2301', 'Temperature'], explicitKey: true };
const esphome = { before: [], after: ['sensor', 'temperature', 'state'], key: ['state'], explicitKey: false };

describe('the aggregator topics', () => {
  it('for the course: stats/maison/temperature, stats/maison/salon/temperature, …/summary, alerts', () => {
    expect(groupTopic('stats', course)).toBe('stats/maison/temperature');
    expect(memberTopic('stats', course, 'salon')).toBe('stats/maison/salon/temperature');
    expect(summaryTopic('stats', course)).toBe('stats/maison/temperature/summary');
    expect(alertTopic('stats', course, 'salon', 'gt_25')).toBe('stats/alerts/maison/salon/temperature/gt_25');
  });

  it('adds a named key as a level', () => {
    expect(groupTopic('stats', z2m)).toBe('stats/zigbee2mqtt/temperature');
    expect(memberTopic('stats', z2m, 'bureau')).toBe('stats/zigbee2mqtt/bureau/temperature');
    expect(groupTopic('home/stats', tasmota)).toBe('home/stats/tele/SENSOR/AM2301.Temperature');
    expect(memberTopic('stats', tasmota, 'sonoff')).toBe('stats/tele/sonoff/SENSOR/AM2301.Temperature');
    expect(alertTopic('stats', tasmota, 'sonoff', 'lt_16')).toBe('stats/alerts/tele/sonoff/SENSOR/AM2301.Temperature/lt_16');
  });

  it('works with the member first (ESPHome)', () => {
    expect(groupTopic('stats', esphome)).toBe('stats/sensor/temperature/state');
    expect(memberTopic('stats', esphome, 'node1')).toBe('stats/node1/sensor/temperature/state');
    expect(memberStatusFilters(esphome)).toEqual(['+/status', '+/availability', '+/LWT']);
  });

  it('status, member availability filters, discovery', () => {
    expect(aggregatorStatusTopic('stats')).toBe('stats/status');
    expect(memberStatusFilters(course)).toEqual(['maison/+/status', 'maison/+/availability', 'maison/+/LWT']);
    expect(aggregateDiscoveryTopic('homeassistant', 'binary_sensor', 'owm2mqtt', 'x')).toBe(
      'homeassistant/binary_sensor/owm2mqtt/x/config',
    );
  });

  it.each([
    ['stats/maison/temperature', 'stats', true],
    ['stats/status', 'stats', true],
    ['stats', 'stats', false],
    ['stats/', 'stats', true],
    ['statsx/a', 'stats', false],
    ['maison/stats/a', 'stats', false],
    ['home/stats/a', 'home/stats', true],
    ['home/statsa', 'home/stats', false],
  ])('%s is under %s: %s', (topic, prefix, under) => {
    expect(isUnderPrefix(topic, prefix)).toBe(under);
  });
});
