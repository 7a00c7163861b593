/** Topic levels and prefixes at the edges of every rule: Unicode that MQTT refuses, and exact byte limits. */
import { describe, expect, it } from 'vitest';
import { MAX_PREFIX_BYTES, topicLevelProblem, topicPrefixProblem } from '../src/topics/levels.js';

const SURROGATE = 'is not well-formed Unicode (a lone surrogate)';
const NONCHARACTER = 'contains a Unicode noncharacter (U+FDD0–U+FDEF, U+FFFE, U+FFFF…)';

describe('surrogates', () => {
  it.each([
    ['a high surrogate alone', '\ud800'],
    ['a high surrogate before a letter', '\ud83dx'],
    ['a high surrogate at the end', 'x\udbff'],
    ['a low surrogate alone', '\udc00'],
    ['a low surrogate after a letter', 'x\ude00'],
    ['two high surrogates before a low one', '\ud83d\ud83d\ude00'],
  ])('refuses %s', (_, level) => {
    expect(topicLevelProblem(level)).toBe(SURROGATE);
  });

  it.each(['\ud83d\ude00', 'sun \u2600 and \ud83c\udf27 rain', '\udbff\udffd'])('accepts the well-formed pair(s) in %j', (level) => {
    expect(topicLevelProblem(level)).toBeUndefined();
  });
});

describe('noncharacters', () => {
  it.each([0xfdd0, 0xfdd1, 0xfdee, 0xfdef, 0xfffe, 0xffff, 0x1fffe, 0x1ffff, 0x10fffe, 0x10ffff])('refuses U+%s', (codePoint) => {
    expect(topicLevelProblem(`a${String.fromCodePoint(codePoint)}b`)).toBe(NONCHARACTER);
  });

  it.each([0xfdcf, 0xfdf0, 0xfffd, 0xfffc, 0x1fffd, 0x10fffd, 0xe000])('accepts U+%s', (codePoint) => {
    expect(topicLevelProblem(`a${String.fromCodePoint(codePoint)}b`)).toBeUndefined();
  });
});

describe('the prefix byte limit', () => {
  // Four levels of 127 "é" (254 bytes each) and their slashes make 1020 bytes: the last level brings the rest.
  const prefixOf = (bytes: number) => `${Array(4).fill('é'.repeat(127)).join('/')}/${'a'.repeat(bytes - 1020)}`;

  it('accepts a prefix of exactly 1024 bytes', () => {
    expect(Buffer.byteLength(prefixOf(MAX_PREFIX_BYTES))).toBe(1024);
    expect(topicPrefixProblem(prefixOf(1024))).toBeUndefined();
  });

  it('refuses one of 1025 bytes, counting bytes rather than characters', () => {
    expect(prefixOf(1025).length).toBeLessThan(1024);
    expect(topicPrefixProblem(prefixOf(1025))).toBe('is longer than 1024 bytes');
  });
});
