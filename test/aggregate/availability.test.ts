import { describe, expect, it } from 'vitest';
import { parseAvailability } from '../../src/aggregate/availability.js';

describe('parseAvailability', () => {
  it.each([
    ['online', 'online'],
    ['offline', 'offline'],
    ['Offline', 'offline'],
    ['Online', 'online'],
    [' offline\n', 'offline'],
    ['{"state":"offline"}', 'offline'],
    ['{"state":"online"}', 'online'],
    ['{"state":"Offline"}', 'offline'],
    ['{"state":1}', undefined],
    ['{"other":"offline"}', undefined],
    ['{"state":"offline"', undefined],
    ['{}', undefined],
    ['', undefined],
    ['dead', undefined],
    ['21.5', undefined],
    [`${' '.repeat(60)}offline`, undefined],
  ])('%j → %s', (payload, said) => {
    expect(parseAvailability(payload)).toBe(said);
  });

  it('reads bytes', () => {
    expect(parseAvailability(Buffer.from('offline'))).toBe('offline');
  });
});
