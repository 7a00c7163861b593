import { describe, expect, it } from 'vitest';
import {
  type AggregateDiscoverySettings,
  expireAfterSeconds,
  groupDiscovery,
  memberDiscovery,
  objectId,
} from '../../src/aggregate/discovery.js';
import { rule, source } from './report-fixtures.js';

const SETTINGS: AggregateDiscoverySettings = { haPrefix: 'homeassistant', prefix: 'stats', qos: 1, periodS: 60, version: '1.2.3' };
const TEMPERATURE = source('maison/+/temperature');
const POWER = source('x/+/power');

const config = (payload: string) => JSON.parse(payload) as Record<string, unknown>;

describe('objectId', () => {
  it.each([
    ['stats_maison_temperature', 'stats_maison_temperature'],
    ['stats/maison/temperature', 'stats_maison_temperature_'],
    ['Salle de bain', 'salle_de_bain_'],
    ['///', ''],
  ])('%s → %s…', (text, start) => {
    const id = objectId(text);
    expect(id.startsWith(start)).toBe(true);
    expect(id).toMatch(/^[a-z0-9_]+$/);
    if (start === text) expect(id).toBe(text);
    else expect(id).toHaveLength(start.length + 8);
  });

  it('tells apart texts that make the same slug', () => {
    expect(objectId('stats/maison/temperature')).not.toBe(objectId('stats/maison_temperature'));
    expect(objectId('a/b')).toBe(objectId('a/b'));
  });
});

describe('expireAfterSeconds', () => {
  it('is three periods, at least a minute', () => {
    expect([1, 20, 21, 60, 3600].map(expireAfterSeconds)).toEqual([60, 60, 63, 180, 10_800]);
  });
});

describe('groupDiscovery', () => {
  it('announces a sensor per group mean, on the device of its topic root, unavailable with P/status', () => {
    const [message] = groupDiscovery([TEMPERATURE], SETTINGS);
    const id = `owm2mqtt_${objectId('stats/maison/temperature')}`;
    expect(message!.topic).toBe(`homeassistant/sensor/owm2mqtt/${objectId('stats/maison/temperature')}/config`);
    expect(message).toMatchObject({ retain: true, qos: 1, json: true, persistent: true });
    expect(config(message!.payload)).toEqual({
      name: 'temperature mean',
      unique_id: id,
      default_entity_id: `sensor.${id}`,
      availability_topic: 'stats/status',
      payload_available: 'online',
      payload_not_available: 'offline',
      qos: 1,
      device: {
        identifiers: [`owm2mqtt_${objectId('stats/maison')}`],
        name: 'Averages maison',
        manufacturer: 'owm2mqtt',
        model: 'aggregate',
        sw_version: '1.2.3',
      },
      origin: { name: 'owm2mqtt', support_url: 'https://github.com/owm2mqtt/owm2mqtt', sw_version: '1.2.3' },
      state_topic: 'stats/maison/temperature',
      state_class: 'measurement',
      expire_after: 180,
      device_class: 'temperature',
      unit_of_measurement: '°C',
    });
  });

  it('gives a quantity it does not know no class and no unit; a root-less source its own device', () => {
    const [power, esphome] = groupDiscovery([POWER, source('+/sensor/t/state')], SETTINGS);
    expect(config(power!.payload)).not.toHaveProperty('device_class');
    expect(config(power!.payload)).not.toHaveProperty('unit_of_measurement');
    expect(config(esphome!.payload)).toMatchObject({ name: 'sensor/t/state mean', device: { name: 'Averages' } });
  });
});

describe('memberDiscovery', () => {
  it('announces the member mean and a binary sensor per alert rule of its source', () => {
    const rules = [rule(TEMPERATURE, '>', 25, 'gt_25'), rule(TEMPERATURE, '<', 16, 'lt_16'), rule(POWER, '>', 3000, 'gt_3000')];
    const messages = memberDiscovery(TEMPERATURE, 'salon', rules, SETTINGS);
    expect(messages.map((m) => m.topic)).toEqual([
      `homeassistant/sensor/owm2mqtt/${objectId('stats/maison/salon/temperature')}/config`,
      `homeassistant/binary_sensor/owm2mqtt/${objectId('stats/alerts/maison/salon/temperature/gt_25')}/config`,
      `homeassistant/binary_sensor/owm2mqtt/${objectId('stats/alerts/maison/salon/temperature/lt_16')}/config`,
    ]);
    expect(config(messages[0]!.payload)).toMatchObject({ name: 'salon temperature mean', state_topic: 'stats/maison/salon/temperature' });
    const hot = config(messages[1]!.payload);
    const id = `owm2mqtt_${objectId('stats/alerts/maison/salon/temperature/gt_25')}`;
    expect(hot).toMatchObject({
      name: 'salon temperature > 25',
      unique_id: id,
      default_entity_id: `binary_sensor.${id}`,
      state_topic: 'stats/alerts/maison/salon/temperature/gt_25',
      value_template: '{{ value_json.state }}',
      payload_on: 'raised',
      payload_off: 'cleared',
      device_class: 'heat',
      availability_topic: 'stats/status',
    });
    expect(hot).not.toHaveProperty('expire_after');
    expect(config(messages[2]!.payload)).toMatchObject({ device_class: 'cold' });
    expect(messages.every((m) => m.retain && m.persistent)).toBe(true);
  });

  it('a rule on another quantity is a problem', () => {
    const [, alert] = memberDiscovery(POWER, 'four', [rule(POWER, '<', 10, 'lt_10')], SETTINGS);
    expect(config(alert!.payload)).toMatchObject({ device_class: 'problem' });
  });
});
