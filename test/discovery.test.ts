import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { discoveryFor, discoveryMessages, entities, expireAfterSeconds, nodeId, nodeIds } from '../src/ha/discovery.js';
import { parseLocations, type Location } from '../src/owm/locations.js';
import { WEATHER_QUANTITIES as QUANTITIES } from '../src/quantities/weather.js';
import { UNITS, type Units } from '../src/core/units.js';

function locations(value: string): Location[] {
  const parsed = parseLocations(value);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.locations;
}

const settings = (units: Units) => ({
  haPrefix: 'homeassistant',
  topicPrefix: 'exterieur',
  units,
  qos: 1 as const,
  expireAfterSeconds: expireAfterSeconds(600),
  version: 'version',
});
const idsOf = (value: string) => [...nodeIds(locations(value)).values()];

/** The MQTT sensor options Home Assistant documents, and the ones each config needs. */
const DOCUMENTED = [
  'name',
  'unique_id',
  'default_entity_id',
  'state_topic',
  'availability_topic',
  'payload_available',
  'payload_not_available',
  'qos',
  'device',
  'origin',
  'device_class',
  'state_class',
  'unit_of_measurement',
  'expire_after',
  'entity_category',
];
const REQUIRED = ['name', 'unique_id', 'state_topic', 'availability_topic', 'device', 'origin'];

describe('Home Assistant discovery', () => {
  it.each(UNITS)('matches fixtures/discovery/%s.json field by field', (units) => {
    const expected = JSON.parse(
      readFileSync(fileURLToPath(new URL(`../fixtures/discovery/${units}.json`, import.meta.url)), 'utf8'),
    ) as Record<string, Record<string, unknown>>;
    const messages = discoveryMessages(locations('Lisbon,PT'), settings(units));
    for (const [leaf, config] of Object.entries(expected)) {
      const message = messages.find((m) => m.topic === `homeassistant/sensor/owm2mqtt_lisbon/${leaf}/config`);
      expect(message, leaf).toBeDefined();
      expect(message!.retain).toBe(true);
      expect(JSON.parse(message!.payload), leaf).toEqual(config);
    }
  });

  it('has one entity per quantity plus last_success and errors, with documented options only', () => {
    const messages = discoveryMessages(locations('Lisbon,PT;Berlin,DE'), settings('metric'));
    expect(messages).toHaveLength(2 * (QUANTITIES.length + 2));
    for (const message of messages) {
      const config = JSON.parse(message.payload) as Record<string, unknown>;
      for (const key of Object.keys(config)) expect(DOCUMENTED, `${message.topic}: ${key}`).toContain(key);
      for (const key of REQUIRED) expect(config[key], `${message.topic}: ${key}`).toBeDefined();
      // A measurement must have a number state: never a text or timestamp sensor.
      if (config.state_class)
        expect(
          config.device_class === 'timestamp' || ['condition', 'description', 'icon'].some((leaf) => message.topic.includes(`/${leaf}/`)),
        ).toBe(false);
    }
    expect(new Set(messages.map((m) => (JSON.parse(m.payload) as { unique_id: string }).unique_id)).size).toBe(messages.length);
  });

  it('keeps unique_id stable: it depends on the topic level only', () => {
    const a = discoveryMessages(locations('Paris,FR=home'), settings('metric')).map(
      (m) => (JSON.parse(m.payload) as { unique_id: string }).unique_id,
    );
    const b = discoveryMessages(locations('geo:48.85,2.35=home'), settings('imperial')).map(
      (m) => (JSON.parse(m.payload) as { unique_id: string }).unique_id,
    );
    expect(a).toEqual(b);
  });

  it('makes node ids discovery accepts, distinct even when levels slug alike or not at all', () => {
    const ids = idsOf('Paris,FR=Home Office;Berlin=home-office;Tokyo=東京;Rome,IT;Lyon=saint_etienne;Nice=saint-etienne');
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(new Set(ids).size).toBe(6);
    expect(ids).toContain('owm2mqtt_rome');
    expect(ids).toContain('owm2mqtt_home_office');
  });

  it('gives a location the same node id whatever else is configured (unique_id stays stable)', () => {
    expect(idsOf('Paris')).toEqual(['owm2mqtt_paris']);
    expect(idsOf('Paris;Lyon,FR=Paris')[0]).toBe('owm2mqtt_paris');
    expect(idsOf('Lyon,FR=Paris')[0]).toBe(idsOf('Nice,FR=Paris;Oslo')[0]);
  });

  it('derives expire_after from the longest gap between polls: 3 gaps plus 30 min, at least an hour', () => {
    expect(expireAfterSeconds(600)).toBe(3600);
    expect(expireAfterSeconds(3600)).toBe(12_600);
    expect(expireAfterSeconds(7 * 3600 + 600)).toBe(79_200); // */10 6-22: the night is the longest gap
  });

  it('names a level that is no slug by its slug and a hash of the level, or the hash alone', () => {
    const hash = (level: string) => createHash('sha256').update(level).digest('hex').slice(0, 8);
    expect(nodeId('home-office')).toBe('owm2mqtt_home_office');
    expect(nodeId('Home Office')).toBe(`owm2mqtt_home_office_${hash('Home Office')}`);
    expect(nodeId('東京')).toBe(`owm2mqtt_${hash('東京')}`);
  });

  it('sends every config retained, as JSON, kept for the reconnect replay, at the configured QoS', () => {
    const messages = discoveryMessages(locations('Oslo'), { ...settings('metric'), qos: 2 });
    expect(new Set(messages.map((m) => JSON.stringify([m.retain, m.json, m.persistent, m.qos])))).toEqual(
      new Set([JSON.stringify([true, true, true, 2])]),
    );
    const clouds = JSON.parse(messages.find((m) => m.topic.endsWith('/clouds/config'))!.payload) as Record<string, unknown>;
    expect(Object.keys(clouds)).not.toContain('device_class');
    expect(Object.keys(clouds).slice(-3)).toEqual(['state_class', 'unit_of_measurement', 'expire_after']);
  });

  it('announces what the configuration says: its locations, units, schedule and air quality', () => {
    const result = loadConfig(
      {
        OWM_API_KEY: '0123456789abcdef0123456789abcdef',
        OWM_LOCATIONS: 'Oslo;Lima',
        OWM_UNITS: 'imperial',
        OWM_AIR_QUALITY: 'true',
        SCHEDULE: '0 * * * *',
        HA_DISCOVERY_PREFIX: 'ha',
        TOPIC_PREFIX: 'wx',
        MQTT_QOS: '2',
      },
      'once',
    );
    if (!result.ok) throw new Error(result.problems.join('; '));
    const messages = discoveryFor(result.config);
    expect(messages).toHaveLength(2 * (QUANTITIES.length + 9 + 2));
    const temperature = JSON.parse(messages.find((m) => m.topic === 'ha/sensor/owm2mqtt_lima/temperature/config')!.payload);
    expect([temperature.state_topic, temperature.unit_of_measurement, temperature.expire_after, temperature.qos]).toEqual([
      'wx/lima/temperature',
      '°F',
      3 * 3600 + 1800,
      2,
    ]);
    expect([temperature.device.sw_version, temperature.origin.sw_version]).toEqual(['0.0.0', '0.0.0']);
    expect(JSON.parse(discoveryFor(result.config, '1.2.3')[0]!.payload).origin.sw_version).toBe('1.2.3');
  });

  it('gives text sensors no unit and no state class', () => {
    for (const leaf of ['condition', 'description', 'icon']) {
      const entity = entities('metric').find((e) => e.leaf === leaf)!;
      expect(entity.unit).toBeUndefined();
      expect(entity.stateClass).toBeUndefined();
    }
  });

  it('OWM_FORECAST=true: a sensor per horizon and per day quantity, on the forecast topics, never expiring', () => {
    const result = loadConfig(
      { OWM_API_KEY: 'k'.repeat(32), OWM_LOCATIONS: 'Lima,PE', OWM_FORECAST: 'true', OWM_FORECAST_HOURS: '3,24', OWM_UNITS: 'imperial' },
      'once',
    );
    if (!result.ok) throw new Error(result.problems.join('; '));
    const messages = discoveryFor(result.config);
    const config = (leaf: string) => {
      const found = messages.find((m) => m.topic === `homeassistant/sensor/owm2mqtt_lima/${leaf}/config`);
      if (!found) throw new Error(`no config for ${leaf}`);
      return JSON.parse(found.payload) as Record<string, unknown>;
    };
    const temperature = config('forecast_3h_temperature');
    expect([temperature.state_topic, temperature.unit_of_measurement, temperature.device_class, temperature.name]).toEqual([
      'exterieur/lima/forecast/3h/temperature',
      '°F',
      'temperature',
      'Forecast 3 h temperature',
    ]);
    expect(temperature.expire_after).toBeUndefined();
    expect(config('forecast_24h_pop').unit_of_measurement).toBe('%');
    expect(config('forecast_24h_wind_speed').unit_of_measurement).toBe('mph');
    expect(config('forecast_3h_time').device_class).toBe('timestamp');
    expect(config('forecast_tomorrow_temp_max').state_topic).toBe('exterieur/lima/forecast/tomorrow/temp_max');
    expect(config('forecast_today_precipitation').unit_of_measurement).toBe('mm');
    // 13 per horizon, 5 per day.
    expect(messages.filter((m) => m.topic.includes('/forecast_'))).toHaveLength(2 * 13 + 2 * 5);
    // Without it, none.
    const plain = loadConfig({ OWM_API_KEY: 'k'.repeat(32), OWM_LOCATIONS: 'Lima,PE' }, 'once');
    if (!plain.ok) throw new Error(plain.problems.join('; '));
    expect(discoveryFor(plain.config).filter((m) => m.topic.includes('/forecast_'))).toEqual([]);
  });
});
