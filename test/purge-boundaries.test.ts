/** What --purge may remove, at the edges: only `P/L/<our leaf>` of a level of ours, and only discovery configs owm2mqtt made. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { staleTopics } from '../src/purge/select.js';

const config = (() => {
  const result = loadConfig({ OWM_API_KEY: '0123456789abcdef0123456789abcdef', OWM_LOCATIONS: 'Paris' }, 'once');
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.config;
})();
const ours = (state: unknown) => JSON.stringify({ origin: { name: 'owm2mqtt' }, state_topic: state });
const stale = (entries: [string, string][]) => staleTopics(new Map(entries), config);

describe('staleTopics at the edges', () => {
  it('a level that has only observed_at (no last_success yet) is ours', () => {
    expect(
      stale([
        ['exterieur/berlin/observed_at', '2026-11-25T00:00:00Z'],
        ['exterieur/berlin/temperature', '4'],
      ]),
    ).toEqual(['exterieur/berlin/observed_at', 'exterieur/berlin/temperature']);
  });

  it('a level with no last_success or observed_at is not ours', () => {
    expect(stale([['exterieur/berlin/temperature', '4']])).toEqual([]);
  });

  it("never removes the bridge's own topics, even though they look like a level of ours", () => {
    expect(
      stale([
        ['exterieur/bridge/last_success', 'x'],
        ['exterieur/bridge/state', 'online'],
      ]),
    ).toEqual([]);
  });

  it('leaves a same-length other prefix alone', () => {
    expect(
      stale([
        ['elsewhere/berlin/last_success', 'x'],
        ['elsewhere/berlin/temperature', '4'],
      ]),
    ).toEqual([]);
  });

  it('leaves deeper topics under a level of ours alone', () => {
    expect(
      stale([
        ['exterieur/berlin/last_success', 'x'],
        ['exterieur/berlin/temperature/raw', '4'],
      ]),
    ).toEqual(['exterieur/berlin/last_success']);
  });

  it('a config counts only under the discovery prefix, and only as a /config topic', () => {
    const state = ours('exterieur/berlin/temperature');
    expect(
      stale([
        ['homeassistant2/sensor/owm2mqtt_berlin/temperature/config', state],
        ['homeassistant/sensor/owm2mqtt_berlin/temperature/attributes', state],
        ['homeassistant/sensor/owm2mqtt_berlin/temperature/config', state],
      ]),
    ).toEqual(['homeassistant/sensor/owm2mqtt_berlin/temperature/config']);
  });

  it.each([
    ['no origin', JSON.stringify({ state_topic: 'exterieur/berlin/temperature' })],
    ['null', 'null'],
    ['a number as state topic', ours(42)],
    ['no state topic', ours(undefined)],
    ['a bare number', '7'],
  ])('leaves a config with %s alone', (_, payload) => {
    expect(stale([['homeassistant/sensor/x/temperature/config', payload]])).toEqual([]);
  });
});
