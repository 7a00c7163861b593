/** mapReport's envelope (order, delivery settings, the state's location and conditions) and the messages around it. */
import { describe, expect, it } from 'vitest';
import type { Location } from '../../src/owm/locations.js';
import { AIR_QUANTITIES } from '../../src/quantities/air.js';
import { WEATHER_QUANTITIES as QUANTITIES } from '../../src/quantities/weather.js';
import { errorCountMessage, mapReport, unchangedMessages, type MappingSettings } from '../../src/bridge/mapping.js';
import { parseWeather, type WeatherReport } from '../../src/owm/responses/weather.js';

const LISBON: Location = { entry: 'Lisboa,PT', level: 'lisboa', selector: { kind: 'q', q: 'Lisboa,PT' } };
const SETTINGS: MappingSettings = { topicPrefix: 'casa/tempo', units: 'metric', qos: 0, retain: false };

function report(body: Record<string, unknown>): WeatherReport {
  const parsed = parseWeather({ dt: 1785573885, main: { temp: 21.5, humidity: 60 }, ...body }, 'metric');
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.report;
}

const stateOf = (messages: { topic: string; payload: string }[]) =>
  JSON.parse(messages.find((m) => m.topic === 'casa/tempo/lisboa/state')!.payload) as Record<string, unknown>;

describe('mapReport', () => {
  it('publishes the quantities, then the air, last_success and errors, then state; with the configured retain and QoS', () => {
    const messages = mapReport(LISBON, report({}), SETTINGS, new Date('2026-08-01T08:45:10.999Z'), { main: { aqi: 2 } });
    const leaves = [...QUANTITIES.map((q) => q.name), ...AIR_QUANTITIES.map((q) => q.name), 'last_success', 'errors', 'state'];
    expect(messages.map((m) => m.topic)).toEqual(leaves.map((leaf) => `casa/tempo/lisboa/${leaf}`));
    for (const m of messages) expect([m.retain, m.qos]).toEqual([false, 0]);
    expect(messages.filter((m) => m.json).map((m) => m.topic)).toEqual(['casa/tempo/lisboa/state']);
    expect(messages.slice(-3, -1).map((m) => m.payload)).toEqual(['2026-08-01T08:45:10Z', '0']);
    const state = stateOf(messages);
    expect(state.last_success).toBe('2026-08-01T08:45:10Z');
    expect(state.air).toEqual({ aqi: 2, co: null, no: null, no2: null, o3: null, so2: null, pm2_5: null, pm10: null, nh3: null });
    expect(messages.find((m) => m.topic.endsWith('/co'))!.payload).toBe('');
  });

  it('without fetchedAt or air: neither last_success, errors nor air in the state', () => {
    const messages = mapReport(LISBON, report({}), SETTINGS);
    expect(messages).toHaveLength(QUANTITIES.length + 1);
    const state = stateOf(messages);
    expect('last_success' in state || 'air' in state).toBe(false);
  });

  it("the state's location comes from the report where it has one, null where not (id 0 names no city)", () => {
    const full = report({ name: 'Socorro', id: 2_267_057, coord: { lon: -9.13, lat: 38.71 }, sys: { country: 'PT' } });
    expect(stateOf(mapReport(LISBON, full, SETTINGS)).location).toEqual({
      level: 'lisboa',
      name: 'Socorro',
      country: 'PT',
      lat: 38.71,
      lon: -9.13,
      id: 2_267_057,
    });
    expect(stateOf(mapReport(LISBON, report({ name: '', id: 0, sys: {} }), SETTINGS)).location).toEqual({
      level: 'lisboa',
      name: '',
      country: null,
      lat: null,
      lon: null,
      id: null,
    });
    expect(stateOf(mapReport(LISBON, report({}), SETTINGS)).location).toEqual({
      level: 'lisboa',
      name: null,
      country: null,
      lat: null,
      lon: null,
      id: null,
    });
  });

  it('the state lists every condition with id, main, description and icon only; none without weather; and the units', () => {
    const weather = [
      { id: 501, main: 'Rain', description: 'moderate rain', icon: '10d', extra: 1 },
      { id: 701, main: 'Mist', description: 'mist', icon: '50d' },
    ];
    const state = stateOf(mapReport(LISBON, report({ weather }), { ...SETTINGS, units: 'imperial' }));
    expect(state.conditions).toEqual([{ id: 501, main: 'Rain', description: 'moderate rain', icon: '10d' }, weather[1]]);
    expect(state.units).toBe('imperial');
    expect(stateOf(mapReport(LISBON, report({}), SETTINGS)).conditions).toEqual([]);
  });
});

describe('the messages around a poll', () => {
  const messages = mapReport(LISBON, report({}), SETTINGS, new Date('2026-08-01T08:45:10Z'), { main: { aqi: 2 } });

  it('unchangedMessages keeps last_success, errors and the air quality, and nothing else', () => {
    const kept = unchangedMessages(messages).map((m) => m.topic.slice('casa/tempo/lisboa/'.length));
    expect(kept).toEqual([...AIR_QUANTITIES.map((q) => q.name), 'last_success', 'errors']);
  });

  it('unchangedMessages judges the last topic level only', () => {
    const under = (prefix: string, leaf: string) => ({ topic: `${prefix}/${leaf}`, payload: '1', retain: true, qos: 1 as const });
    expect(
      unchangedMessages([under('errors/aqi', 'temperature'), under('x/temperature', 'errors'), under('last_success', 'state')]).map(
        (m) => m.topic,
      ),
    ).toEqual(['x/temperature/errors']);
  });

  it('errorCountMessage: P/L/errors with the count, as configured', () => {
    expect(errorCountMessage(LISBON, { ...SETTINGS, qos: 2, retain: true }, 3)).toEqual({
      topic: 'casa/tempo/lisboa/errors',
      payload: '3',
      retain: true,
      qos: 2,
    });
  });
});
