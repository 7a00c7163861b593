import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { staleTopics } from '../src/purge/select.js';

function config(locations: string, more: Record<string, string> = {}) {
  const result = loadConfig({ OWM_API_KEY: '0123456789abcdef0123456789abcdef', OWM_LOCATIONS: locations, ...more }, 'once');
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.config;
}
const ours = (state: string) => JSON.stringify({ origin: { name: 'owm2mqtt' }, state_topic: state });

describe('staleTopics (what --purge removes)', () => {
  it('picks the values and configs of an unconfigured location of ours', () => {
    const retained = new Map([
      ['exterieur/paris/temperature', '3'],
      ['exterieur/berlin/temperature', '4'],
      ['exterieur/berlin/last_success', '2026-11-25T00:00:00Z'],
      ['exterieur/bridge/status', 'online'],
      ['homeassistant/sensor/owm2mqtt_berlin/temperature/config', ours('exterieur/berlin/temperature')],
    ]);
    expect(staleTopics(retained, config('Paris'))).toEqual([
      'exterieur/berlin/last_success',
      'exterieur/berlin/temperature',
      'homeassistant/sensor/owm2mqtt_berlin/temperature/config',
    ]);
  });

  it('picks the forecast topics and forecast configs of an unconfigured location, and only of ours', () => {
    const retained = new Map([
      ['exterieur/paris/forecast/3h/temperature', '3'],
      ['exterieur/berlin/last_success', '2026-11-25T00:00:00Z'],
      ['exterieur/berlin/forecast', '{"steps":[]}'],
      ['exterieur/berlin/forecast/3h/temperature', '4'],
      ['exterieur/berlin/forecast/today/temp_max', '9'],
      // Deeper or shallower than the contract: not ours.
      ['exterieur/berlin/forecast/3h/x/y', '1'],
      // A level that never had a last_success of ours: another device's.
      ['exterieur/kitchen/forecast/3h/temperature', '20'],
      ['homeassistant/sensor/owm2mqtt_berlin/forecast_3h_temperature/config', ours('exterieur/berlin/forecast/3h/temperature')],
    ]);
    expect(staleTopics(retained, config('Paris'))).toEqual([
      'exterieur/berlin/forecast',
      'exterieur/berlin/forecast/3h/temperature',
      'exterieur/berlin/forecast/today/temp_max',
      'exterieur/berlin/last_success',
      'homeassistant/sensor/owm2mqtt_berlin/forecast_3h_temperature/config',
    ]);
  });

  it("leaves another device's topics under the same prefix alone", () => {
    const retained = new Map([
      ['home/livingroom/temperature', '21'],
      ['home/livingroom/humidity', '40'],
      ['home/paris/temperature', '3'],
      ['home/paris/last_success', '2026-11-25T00:00:00Z'],
    ]);
    expect(staleTopics(retained, config('Paris', { TOPIC_PREFIX: 'home' }))).toEqual([]);
  });

  it("leaves another owm2mqtt's configs with a deeper prefix, and other makers' configs, alone", () => {
    const retained = new Map([
      ['homeassistant/sensor/owm2mqtt_lyon/temperature/config', ours('home/garden/lyon/temperature')],
      [
        'homeassistant/sensor/thermostat/temperature/config',
        JSON.stringify({ origin: { name: 'zigbee2mqtt' }, state_topic: 'home/berlin/temperature' }),
      ],
      ['homeassistant/sensor/broken/x/config', 'not json'],
    ]);
    expect(staleTopics(retained, config('Paris', { TOPIC_PREFIX: 'home' }))).toEqual([]);
  });

  it('keeps leaves that are not ours even under a level of ours', () => {
    const retained = new Map([
      ['exterieur/berlin/last_success', 'x'],
      ['exterieur/berlin/notes', 'from another tool'],
    ]);
    expect(staleTopics(retained, config('Paris'))).toEqual(['exterieur/berlin/last_success']);
  });
});
