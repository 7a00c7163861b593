/** The watch table: which messages it records, and how a row reads. */
import { describe, expect, it } from 'vitest';
import { COLUMNS, emptyState, record, render } from '../../src/watch/table.js';

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
  it('shows the status, a header of the columns, and one row per location in order', () => {
    const state = emptyState();
    record(state, 'home/w', 'home/w/oslo/temperature', '-3');
    record(state, 'home/w', 'home/w/oslo/observed_at', '2026-11-24T07:41:12Z');
    record(state, 'home/w', 'home/w/oslo/description', 'light intensity shower rain');
    record(state, 'home/w', 'home/w/lisbon/temperature', '22.55');
    const lines = render(state, 'home/w').split('\n');
    expect(lines[0]).toBe('home/w/bridge/status: (nothing yet)');
    expect(lines[2]?.split(/\s{2,}/)).toEqual(['location', ...COLUMNS.map((c) => c.label)]);
    expect(lines[4]).toMatch(/^lisbon\s+22\.55\s+·/);
    expect(lines[5]).toMatch(/^oslo\s+-3\s+·.*\slight intensity showe…\s+2026-11-24 07:41:12$/);
  });
});
