/** The watch table: which messages it records, and how a row reads. */
import { describe, expect, it } from 'vitest';
import { emptyState, record, render } from '../../src/watch/table.js';

describe('record', () => {
  it('keeps P/<level>/<leaf> values and the bridge status, nothing else', () => {
    const state = emptyState();
    expect(record(state, 'p', 'p/oslo/temperature', '-3')).toBe(true);
    expect(record(state, 'p', 'p/bridge/status', 'online')).toBe(true);
    expect(record(state, 'p', 'p/bridge/purge', '')).toBe(false);
    expect(record(state, 'p', 'p/oslo', '1')).toBe(false);
    expect(record(state, 'p', 'p/oslo/forecast/3h', '1')).toBe(false);
    expect(record(state, 'p', 'q/oslo/temperature', '1')).toBe(false);
    expect(state.status).toBe('online');
    expect([...state.locations.keys()]).toEqual(['oslo']);
    expect(record(state, 'p', 'p/oslo/temperature', '')).toBe(true);
    expect(state.locations.get('oslo')?.has('temperature')).toBe(false);
  });
});

describe('render', () => {
  it('shows the status, a header as wide as each column, and one row per location in order', () => {
    const state = emptyState();
    record(state, 'home/w', 'home/w/oslo/temperature', '-3');
    record(state, 'home/w', 'home/w/oslo/observed_at', '2026-11-24T07:41:12Z');
    record(state, 'home/w', 'home/w/oslo/description', 'light intensity shower rain');
    record(state, 'home/w', 'home/w/lisbon/temperature', '22.55');
    record(state, 'home/w', 'home/w/lisbon/description', 'Thunderstorm');
    expect(render(state, 'home/w').split('\n')).toEqual([
      'home/w/bridge/status: (nothing yet)',
      '',
      'location  temp   feels  hum  dew  hPa  wind  dir  rain  sky                     observed (UTC)',
      '--------  -----  -----  ---  ---  ---  ----  ---  ----  ----------------------  -------------------',
      'lisbon    22.55  ·      ·    ·    ·    ·     ·    ·     Thunderstorm            ·',
      'oslo      -3     ·      ·    ·    ·    ·     ·    ·     light intensity showe…  2026-11-24 07:41:12',
    ]);
  });

  it('cuts a value only past 22 characters', () => {
    const state = emptyState();
    record(state, 'p', 'p/a/description', 'x'.repeat(22));
    record(state, 'p', 'p/b/description', 'y'.repeat(23));
    const text = render(state, 'p');
    expect(text).toContain(`${'x'.repeat(22)} `);
    expect(text).toContain(`${'y'.repeat(21)}…`);
  });
});
