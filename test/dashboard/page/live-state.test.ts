import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../../../src/dashboard/server/classify.js';
import type { LiveEvent } from '../../../src/dashboard/server/live-source.js';
import { LiveState } from '../../../src/dashboard/server/live-state.js';

describe('classifyMessage', () => {
  it.each([
    ['21.5', 21.5],
    [' -3 ', -3],
    ['1e3', 1000],
    ['.5', 0.5],
    ['0', 0],
  ])('reads %j as the number %d', (payload, value) => {
    expect(classifyMessage('maison/salon/temperature', payload)).toEqual({ kind: 'number', value });
  });

  it.each(['', 'NaN', 'Infinity', '1e999', '0x10', 'true', '21,5', '{"temperature":21.5}', '21.5°C', ' ', '1'.repeat(65)])(
    'ignores %j',
    (payload) => {
      expect(classifyMessage('maison/salon/temperature', payload)).toEqual({ kind: 'ignored' });
    },
  );

  it('reads a …/status topic as a status, whatever its text', () => {
    expect(classifyMessage('maison/salon/status', 'offline\n')).toEqual({ kind: 'status', state: 'offline' });
    expect(classifyMessage('stats/status', 'online')).toEqual({ kind: 'status', state: 'online' });
    expect(classifyMessage('maison/salon/status', '1')).toEqual({ kind: 'status', state: '1' });
    expect(classifyMessage('maison/salon/status', '')).toEqual({ kind: 'ignored' });
  });

  it('reads an alert as its fields in text, active unless its state says it is over', () => {
    const raised = classifyMessage(
      'stats/alerts/maison/salon/temperature',
      '{"state":"raised","value":25.4,"threshold":25,"since":"2026-12-02T12:00:00Z","rule":{"op":">"}}',
    );
    expect(raised).toEqual({
      kind: 'alert',
      fields: { state: 'raised', value: '25.4', threshold: '25', since: '2026-12-02T12:00:00Z', rule: '{"op":">"}' },
      active: true,
    });
    expect(classifyMessage('stats/alerts/x', '{"state":"Cleared","value":24}')).toMatchObject({ kind: 'alert', active: false });
    expect(classifyMessage('stats/alerts/x', '{"value":24}')).toMatchObject({ kind: 'alert', active: true });
    expect(classifyMessage('stats/alerts/x', '')).toEqual({ kind: 'alert-removed' });
    expect(classifyMessage('stats/alerts/x', '26')).toEqual({ kind: 'ignored' });
    expect(classifyMessage('stats/alerts/x', '[1]')).toEqual({ kind: 'ignored' });
    expect(classifyMessage('stats/alerts/x', '{not json')).toEqual({ kind: 'ignored' });
  });

  it('keeps a field named __proto__ as a field', () => {
    const result = classifyMessage('stats/alerts/x', '{"__proto__":{"polluted":"yes"},"state":"raised"}');
    expect(result.kind).toBe('alert');
    const fields = result.kind === 'alert' ? result.fields : {};
    expect(Object.keys(fields)).toEqual(['__proto__', 'state']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('clips long alert fields and keeps at most 16', () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, 'x'.repeat(i === 0 ? 300 : 10)]));
    const result = classifyMessage('stats/alerts/x', JSON.stringify(many));
    const fields = result.kind === 'alert' ? result.fields : {};
    expect(Object.keys(fields)).toHaveLength(16);
    expect(fields.f0).toHaveLength(200);
  });

  it('ignores a payload longer than 4096 characters', () => {
    expect(classifyMessage('stats/alerts/x', JSON.stringify({ state: 'x'.repeat(4096) }))).toEqual({ kind: 'ignored' });
  });
});

describe('LiveState', () => {
  it('keeps the latest value per topic with its arrival time and a smoothed interval', () => {
    const live = new LiveState();
    live.receive('maison/salon/temperature', '20', 1000);
    live.receive('maison/salon/temperature', '21', 2000);
    live.receive('maison/salon/temperature', '22', 4000);
    expect(live.values()).toEqual([{ topic: 'maison/salon/temperature', value: 22, t: 4000, interval: 1300 }]);
  });

  it('tells its listeners about every change, and stops when asked', () => {
    const live = new LiveState();
    const events: LiveEvent[] = [];
    const stop = live.subscribe((event) => events.push(event));
    expect(live.receive('maison/salon/temperature', '20', 1)).toEqual({
      kind: 'sample',
      sample: { topic: 'maison/salon/temperature', value: 20, t: 1 },
    });
    live.receive('maison/salon/status', 'offline', 2);
    live.receive('stats/alerts/a', '{"state":"raised"}', 3);
    live.receive('stats/alerts/a', '', 4);
    live.receive('stats/alerts/never-seen', '', 5);
    live.receive('maison/salon/description', 'cloudy', 6);
    stop();
    live.receive('maison/salon/temperature', '21', 7);
    expect(events.map((event) => event.kind)).toEqual(['sample', 'status', 'alert', 'alert-removed']);
    expect(live.alerts()).toEqual([]);
    expect(live.statuses()).toEqual([{ topic: 'maison/salon/status', state: 'offline', t: 2 }]);
  });

  it('keeps at most maxTopics topics and says so once', () => {
    const warnings: string[] = [];
    const live = new LiveState({ maxTopics: 2, onCap: (topic, max) => warnings.push(`${topic} ${max}`) });
    for (const room of ['a', 'b', 'c', 'd']) live.receive(`maison/${room}/temperature`, '20', 1);
    live.receive('maison/a/temperature', '25', 2);
    expect(live.values().map((v) => `${v.topic}=${v.value}`)).toEqual(['maison/a/temperature=25', 'maison/b/temperature=20']);
    expect(warnings).toEqual(['maison/c/temperature 2']);
  });
});
