import { describe, expect, it } from 'vitest';
import { defaultStateFile } from '../../src/core/state-dir.js';

describe('defaultStateFile', () => {
  it.each([
    [{ STATE_DIRECTORY: '/var/lib/owm2mqtt', XDG_STATE_HOME: '/x', HOME: '/home/pi' }, '/var/lib/owm2mqtt/places.json'],
    [{ STATE_DIRECTORY: '/var/lib/a:/var/lib/b' }, '/var/lib/a/places.json'],
    [{ STATE_DIRECTORY: 'relative', XDG_STATE_HOME: '/home/pi/.state' }, '/home/pi/.state/owm2mqtt/places.json'],
    [{ XDG_STATE_HOME: 'relative', HOME: '/home/pi' }, '/home/pi/.local/state/owm2mqtt/places.json'],
    [{ HOME: 'relative' }, undefined],
    [{}, undefined],
  ])('%o: %s', (env, expected) => {
    expect(defaultStateFile(env, 'places.json')).toBe(expected);
  });
});
