/** The topic contract: each family spelled as docs/topics.md and docs/home-assistant.md say. */
import { describe, expect, it } from 'vitest';
import {
  BRIDGE_STATUS,
  discoveryFilter,
  discoveryTopic,
  everythingFilter,
  HA_ONLINE,
  homeAssistantStatusTopic,
  isBridgeLevel,
  isDiscoveryTopic,
  isStatus,
  leafOf,
  leavesFilter,
  locationTopic,
  locationTopicsStart,
  observedAtFilter,
  observedAtTopic,
  purgeBarrierTopic,
  splitUnderPrefix,
  statusTopic,
} from '../../src/topics/contract.js';
import { CONTRACT_LEAVES, ERRORS_LEAF, LAST_SUCCESS_LEAF, STATE_LEAF } from '../../src/topics/leaves.js';
import { RESERVED_LEVELS } from '../../src/topics/levels.js';

describe('the bridge topics under P/', () => {
  it('builds every location topic and filter', () => {
    expect(locationTopic('home/weather', 'lisbon', 'temperature')).toBe('home/weather/lisbon/temperature');
    expect([STATE_LEAF, LAST_SUCCESS_LEAF, ERRORS_LEAF].map((leaf) => locationTopic('p', 'oslo', leaf))).toEqual([
      'p/oslo/state',
      'p/oslo/last_success',
      'p/oslo/errors',
    ]);
    expect(locationTopicsStart('p', 'oslo')).toBe('p/oslo/');
    expect(observedAtTopic('p', 'oslo')).toBe('p/oslo/observed_at');
    expect(observedAtFilter('exterieur')).toBe('exterieur/+/observed_at');
    expect(leavesFilter('exterieur')).toBe('exterieur/+/+');
    expect(everythingFilter('home/weather')).toBe('home/weather/#');
  });

  it("builds the bridge's own topics, under the level no location may take", () => {
    expect(statusTopic('exterieur')).toBe('exterieur/bridge/status');
    expect(purgeBarrierTopic('exterieur')).toBe('exterieur/bridge/purge');
    expect(BRIDGE_STATUS).toEqual({ online: 'online', offline: 'offline' });
    expect([...RESERVED_LEVELS]).toEqual(['bridge']);
    expect(isBridgeLevel('bridge')).toBe(true);
    expect(isBridgeLevel('bridges')).toBe(false);
    expect(isStatus('bridge', 'status')).toBe(true);
    expect(isStatus('bridge', 'purge')).toBe(false);
    expect(isStatus('oslo', 'status')).toBe(false);
  });

  it('takes P/<level>/<leaf> apart, and nothing else', () => {
    expect(splitUnderPrefix('home/weather', 'home/weather/oslo/temperature')).toEqual({ level: 'oslo', leaf: 'temperature' });
    expect(splitUnderPrefix('p', 'p//x')).toEqual({ level: '', leaf: 'x' });
    expect(splitUnderPrefix('p', 'p/oslo')).toBeUndefined();
    expect(splitUnderPrefix('p', 'p/oslo/forecast/3h')).toBeUndefined();
    expect(splitUnderPrefix('p', 'px/oslo/temperature')).toBeUndefined();
    expect(splitUnderPrefix('p', 'q/p/oslo')).toBeUndefined();
    expect(leafOf('p/oslo/wind_speed')).toBe('wind_speed');
    expect(leafOf('state')).toBe('state');
  });
});

describe('the Home Assistant topics under HA/', () => {
  it('builds the discovery topic, its filter and the status topic', () => {
    expect(discoveryTopic('homeassistant', 'owm2mqtt_oslo', 'temperature')).toBe('homeassistant/sensor/owm2mqtt_oslo/temperature/config');
    expect(discoveryFilter('ha/x')).toBe('ha/x/sensor/+/+/config');
    expect(homeAssistantStatusTopic('homeassistant')).toBe('homeassistant/status');
    expect(HA_ONLINE).toBe('online');
  });

  it('tells a discovery config topic under the prefix', () => {
    expect(isDiscoveryTopic('homeassistant', 'homeassistant/sensor/n/temperature/config')).toBe(true);
    expect(isDiscoveryTopic('homeassistant', 'homeassistant2/sensor/n/temperature/config')).toBe(false);
    expect(isDiscoveryTopic('homeassistant', 'homeassistant/sensor/n/temperature/state')).toBe(false);
    expect(isDiscoveryTopic('homeassistant', 'homeassistant/sensor/n/myconfig')).toBe(false);
  });
});

it('lists every leaf of the contract once', () => {
  expect([...CONTRACT_LEAVES].sort()).toEqual(
    [
      'bridge',
      'config',
      'errors',
      'last_success',
      'observed_at',
      'purge',
      'sensor',
      'state',
      'status',
      'status',
      'forecast',
      'today',
      'tomorrow',
    ].sort(),
  );
});
