import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { discoveryMessages, entities, expireAfterSeconds, nodeIds } from '../src/discovery.js';
import { parseLocations, type Location } from '../src/locations.js';
import { QUANTITIES } from '../src/quantities.js';
import { UNITS, type Units } from '../src/units.js';

function locations(value: string): Location[] {
  const parsed = parseLocations(value);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.locations;
}

const settings = (units: Units) => ({ haPrefix: 'homeassistant', topicPrefix: 'exterieur', units, qos: 1 as const, expireAfterSeconds: expireAfterSeconds(600), version: 'version' });

/** The MQTT sensor options Home Assistant documents, and the ones each config needs. */
const DOCUMENTED = ['name', 'unique_id', 'default_entity_id', 'state_topic', 'availability_topic', 'payload_available', 'payload_not_available', 'qos', 'device', 'origin', 'device_class', 'state_class', 'unit_of_measurement', 'expire_after', 'entity_category'];
const REQUIRED = ['name', 'unique_id', 'state_topic', 'availability_topic', 'device', 'origin'];

describe('Home Assistant discovery', () => {
  it.each(UNITS)('matches fixtures/discovery/%s.json field by field', (units) => {
    const expected = JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/discovery/${units}.json`, import.meta.url)), 'utf8')) as Record<string, Record<string, unknown>>;
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
      if (config.state_class) expect(config.device_class === 'timestamp' || ['condition', 'description', 'icon'].some((leaf) => message.topic.includes(`/${leaf}/`))).toBe(false);
    }
    expect(new Set(messages.map((m) => (JSON.parse(m.payload) as { unique_id: string }).unique_id)).size).toBe(messages.length);
  });

  it('keeps unique_id stable: it depends on the topic level only', () => {
    const a = discoveryMessages(locations('Paris,FR=home'), settings('metric')).map((m) => (JSON.parse(m.payload) as { unique_id: string }).unique_id);
    const b = discoveryMessages(locations('geo:48.85,2.35=home'), settings('imperial')).map((m) => (JSON.parse(m.payload) as { unique_id: string }).unique_id);
    expect(a).toEqual(b);
  });

  it('makes node ids discovery accepts, distinct even when levels slug alike or not at all', () => {
    const nodes = nodeIds(locations('Paris,FR=Home Office;Berlin=home-office;Tokyo=東京;Rome,IT'));
    const ids = [...nodes.values()];
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(new Set(ids).size).toBe(4);
    expect(nodes.get('Rome,IT'.toLowerCase().split(',')[0]!)).toBe('owm2mqtt_rome');
  });

  it('derives expire_after from the poll interval: 3 intervals plus OWM’s 10-minute refresh, at least 30 min', () => {
    expect(expireAfterSeconds(600)).toBe(2400);
    expect(expireAfterSeconds(3600)).toBe(11_400);
    expect(expireAfterSeconds(60)).toBe(1800);
  });

  it('gives text sensors no unit and no state class', () => {
    for (const leaf of ['condition', 'description', 'icon']) {
      const entity = entities('metric').find((e) => e.leaf === leaf)!;
      expect(entity.unit).toBeUndefined();
      expect(entity.stateClass).toBeUndefined();
    }
  });
});
