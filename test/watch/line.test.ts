/** What `owm2mqtt watch` prints for one message in line mode. */
import { describe, expect, it } from 'vitest';
import { messageLine } from '../../src/watch/line.js';
import { emptyState, record, render } from '../../src/watch/table.js';

const HOSTILE = ['\x1b[2J', '\x1b]0;title\x07', '\x1b]52;c;cHduZWQ=\x07', '\x9b31m', 'a\u202eb'];

describe('messageLine', () => {
  it('is byte-exact for a pipe, as mosquitto_sub -v prints it', () => {
    for (const payload of HOSTILE) expect(messageLine('p/x\u202e/temperature', payload, false)).toBe(`p/x\u202e/temperature ${payload}`);
    expect(messageLine('p/x/temperature', '', false)).toBe('p/x/temperature (cleared)');
  });

  it('is inert on a terminal: topic and payload escaped, a long payload cut', () => {
    expect(messageLine('p/x\u202e/t', '\x1b[2J\x9b31m', true)).toBe('p/x\\u202e/t \\x1b[2J\\x9b31m');
    const line = messageLine('p/x/t', 'y'.repeat(1_000_000), true);
    expect(line.length).toBeLessThan(300);
    expect(line).toContain('more characters)');
  });
});

describe('render', () => {
  it('escapes every topic level and payload it shows, and cuts a huge status', () => {
    const state = emptyState();
    for (const [i, payload] of HOSTILE.entries()) record(state, 'p', `p/l${i}\u202e/temperature`, payload);
    record(state, 'p', 'p/bridge/status', `\x1b]0;t\x07${'z'.repeat(1_000_000)}`);
    const text = render(state, 'p');
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/u);
    expect(text).toContain('p/bridge/status: \\x1b]0;t\\x07zzz');
    expect(text).toContain('l0\\u202e  \\x1b[2J');
    expect(text.length).toBeLessThan(2000);
  });
});
