import { describe, expect, it } from 'vitest';
import { REFUSAL_REASONS } from '../../src/aggregate/payload.js';
import { emptyCounts, nonZero, OncePerKey, REFUSALS_FULL_LINE, refusalLine, snippet } from '../../src/aggregate/refusals.js';

describe('refusal counts', () => {
  it('start at zero for every reason, and the summary shows only the reasons seen', () => {
    const counts = emptyCounts();
    expect(Object.keys(counts)).toEqual([...REFUSAL_REASONS]);
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    expect(nonZero(counts)).toEqual({});
    counts.nan += 2;
    counts.empty++;
    expect(nonZero(counts)).toEqual({ nan: 2, empty: 1 });
  });
});

describe('OncePerKey: log once per member and reason', () => {
  it('says first once per key, again after', () => {
    const once = new OncePerKey(10);
    expect(once.note('salon\0nan')).toBe('first');
    expect(once.note('salon\0nan')).toBe('again');
    expect(once.note('salon\0empty')).toBe('first');
    expect(once.note('cuisine\0nan')).toBe('first');
    expect(once.note('salon\0empty')).toBe('again');
  });

  it('is bounded: when full, says so once, then stays quiet, and still knows the keys it holds', () => {
    const once = new OncePerKey(2);
    expect(once.note('a')).toBe('first');
    expect(once.note('b')).toBe('first');
    expect(once.note('c')).toBe('full');
    expect(once.note('d')).toBe('again');
    expect(once.note('c')).toBe('again');
    expect(once.note('a')).toBe('again');
  });
});

describe('the refusal log line', () => {
  it('names the topic, shows the payload safely and says what happens next', () => {
    expect(refusalLine('maison/salon/temperature', 'not-a-number', 'abc')).toBe(
      'maison/salon/temperature: refused "abc", not a number; further refusals of this kind from this member are counted, not logged',
    );
  });

  it.each([
    ['abc', '"abc"'],
    ['', '""'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\x1b[2J', '"\\u001b[2J"'],
    ['line\nbreak\t', '"line\\u000abreak\\u0009"'],
    ['\u202eevil', '"\\u202eevil"'],
    ['x'.repeat(40), `"${'x'.repeat(40)}"`],
    ['x'.repeat(41), `"${'x'.repeat(40)}…"`],
  ])('%j → %s', (payload, shown) => {
    expect(snippet(payload)).toBe(shown);
  });

  it('decodes bytes', () => {
    expect(snippet(Buffer.from('21,5'))).toBe('"21,5"');
  });

  it('says when it stops logging new ones', () => {
    expect(REFUSALS_FULL_LINE).toContain('counted');
  });
});
