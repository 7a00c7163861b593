import { describe, expect, it } from 'vitest';
import type { AlertRule, Comparison } from '../../src/aggregate/alert-rules.js';
import { AlertMachine, clears, raises } from '../../src/aggregate/alerts.js';
import { parseSources } from '../../src/aggregate/sources.js';

const sources = parseSources('maison/+/temperature');
if (!sources.ok) throw new Error('sources');
const rule = (op: Comparison, threshold: number, hysteresis = 0.5, forMs = 0): AlertRule => ({
  entry: `x${op}${threshold}`,
  source: sources.sources[0]!,
  op,
  threshold,
  hysteresis,
  forMs,
  id: 'x',
});

describe('raises and clears', () => {
  it.each([
    ['>', 25.01, true, 25, false, 24.51, false, 24.5, true],
    ['>=', 25, true, 24.99, false, 24.5, false, 24.49, true],
    ['<', 15.99, true, 16, false, 16.49, false, 16.5, true],
    ['<=', 16, true, 16.01, false, 16.5, false, 16.51, true],
  ] as const)(
    '%s 25 or 16 with 0.5: raises at %d (%s), not at %d (%s); clears not at %d (%s), at %d (%s)',
    (op, r1, y1, r2, y2, c1, y3, c2, y4) => {
      const threshold = op.startsWith('>') ? 25 : 16;
      const r = rule(op, threshold);
      expect(raises(r, r1)).toBe(y1);
      expect(raises(r, r2)).toBe(y2);
      expect(clears(r, c1)).toBe(y3);
      expect(clears(r, c2)).toBe(y4);
    },
  );
});

/** Feeds values one a second; returns the changes as `t:state/reason`. */
function run(machine: AlertMachine, values: readonly number[], start = 0): string[] {
  const changes: string[] = [];
  values.forEach((value, i) => {
    const change = machine.evaluate(value, start + i * 1000);
    if (change) changes.push(`${i}:${change.state}/${change.reason}`);
  });
  return changes;
}

describe('AlertMachine', () => {
  it('decides its first state from the first value: cleared (start) or raised', () => {
    expect(run(new AlertMachine(rule('>', 25)), [20])).toEqual(['0:cleared/start']);
    expect(run(new AlertMachine(rule('>', 25)), [26])).toEqual(['0:raised/value']);
  });

  it('raises once, clears once; a value hovering at the threshold does not flap', () => {
    const machine = new AlertMachine(rule('>', 25, 0.5));
    const hovering = [24, 25.1, 24.9, 25.2, 24.8, 25.05, 24.6, 25.3, 24.55, 24.5, 24.9, 25, 24.4];
    expect(run(machine, hovering)).toEqual(['0:cleared/start', '1:raised/value', '9:cleared/value']);
    expect(machine.current()).toBe('cleared');
  });

  it('with no hysteresis it follows the threshold exactly', () => {
    const machine = new AlertMachine(rule('>', 25, 0));
    expect(run(machine, [25, 25.1, 25, 25.1])).toEqual(['0:cleared/start', '1:raised/value', '2:cleared/value', '3:raised/value']);
  });

  it('waits the minimum duration, both ways, and a break in the condition restarts the wait', () => {
    const machine = new AlertMachine(rule('>', 25, 0.5, 3000));
    // Above at 1 s but broken at 2 s; above again from 3 s: raised at 6 s. Below from 8 s: cleared at 11 s.
    const values = [20, 26, 24, 26, 26, 26, 26, 26, 24, 24, 24, 24, 24];
    expect(run(machine, values)).toEqual(['0:cleared/start', '6:raised/value', '11:cleared/value']);
  });

  it('a first value past the threshold waits the duration too', () => {
    const machine = new AlertMachine(rule('<', 16, 0.5, 2000));
    expect(run(machine, [15, 15, 15])).toEqual(['0:cleared/start', '2:raised/value']);
  });

  it('inside the hysteresis band the pending change is dropped', () => {
    const machine = new AlertMachine(rule('>', 25, 1, 2000));
    expect(run(machine, [26, 26, 26, 23, 24.5, 23, 23, 23])).toEqual(['0:cleared/start', '2:raised/value', '7:cleared/value']);
  });

  it('a member that goes stale or offline clears a raised alert, once', () => {
    const machine = new AlertMachine(rule('>', 25));
    machine.evaluate(26, 0);
    expect(machine.gone('offline')).toEqual({ state: 'cleared', reason: 'offline' });
    expect(machine.gone('stale')).toBeUndefined();
    expect(machine.evaluate(27, 5000)).toEqual({ state: 'raised', reason: 'value' });
    expect(machine.gone('stale')).toEqual({ state: 'cleared', reason: 'stale' });
  });

  it('going away drops a pending raise', () => {
    const machine = new AlertMachine(rule('>', 25, 0.5, 2000));
    run(machine, [20, 26]);
    expect(machine.gone('stale')).toBeUndefined();
    expect(machine.evaluate(26, 2000)).toBeUndefined();
    expect(machine.evaluate(26, 4000)).toEqual({ state: 'raised', reason: 'value' });
  });

  it('has no state before its first value, and gone then says nothing', () => {
    const machine = new AlertMachine(rule('>', 25));
    expect(machine.current()).toBeUndefined();
    expect(machine.gone('stale')).toBeUndefined();
    expect(machine.current()).toBeUndefined();
  });
});
