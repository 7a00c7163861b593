import { describe, expect, it } from 'vitest';
import { DISPLAY_MAX_CHARACTERS, displayText, inertLine } from '../../src/core/display.js';

/** Hostile strings from the broker or the API, and how each must be shown: visible, never interpreted. */
const HOSTILE: ReadonlyArray<readonly [name: string, input: string, shown: string]> = [
  ['CSI clear screen', '21\x1b[2J', '21\\x1b[2J'],
  ['OSC 0 window title with BEL', '\x1b]0;PWNED\x07', '\\x1b]0;PWNED\\x07'],
  ['OSC 8 hyperlink', '\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\', '\\x1b]8;;https://evil.example\\x1b\\click\\x1b]8;;\\x1b\\'],
  ['OSC 52 clipboard write', '\x1b]52;c;cm0gLXJmIH4=\x07', '\\x1b]52;c;cm0gLXJmIH4=\\x07'],
  ['C1 CSI (U+009B)', '\u009b31m', '\\x9b31m'],
  ['C1 NEL and OSC', '\u0085\u009d', '\\x85\\x9d'],
  ['backspace overwrite', 'ok\b\bKO', 'ok\\x08\\x08KO'],
  ['carriage return overwrite', 'fake line\roverwritten', 'fake line\\roverwritten'],
  ['newline forging a log line', '1\nERROR forged', '1\\nERROR forged'],
  ['tab', 'a\tb', 'a\\tb'],
  ['NUL', 'a\0b', 'a\\x00b'],
  ['DEL', 'a\x7fb', 'a\\x7fb'],
  ['right-to-left override', 'txt.\u202eexe', 'txt.\\u202eexe'],
  ['bidi isolates', '\u2066a\u2069', '\\u2066a\\u2069'],
  ['zero-width joiner and space', 'a\u200db\u200bc', 'a\\u200db\\u200bc'],
  ['BOM and soft hyphen', '\ufeffa\u00adb', '\\ufeffa\\xadb'],
  ['Arabic letter mark (three hex digits)', 'a\u061cb', 'a\\u061cb'],
  ['Mongolian vowel separator', 'a\u180eb', 'a\\u180eb'],
  ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
  ['lone high surrogate', 'a\ud800b', 'a\\ud800b'],
  ['lone low surrogate', 'a\udc00b', 'a\\udc00b'],
];

describe('displayText: outside text shown, never interpreted', () => {
  it.each(HOSTILE)('%s', (_name, input, shown) => {
    expect(displayText(input)).toBe(shown);
  });

  it('leaves ordinary text as it is: accents, CJK, emoji, a surrogate pair, quotes and backslashes', () => {
    const plain = 'Besançon 21.5 °C 東京 🌧️ "quoted" C:\\path';
    expect(displayText(plain)).toBe(plain);
  });

  it('no output of the table holds a control or format character', () => {
    for (const [, input] of HOSTILE) expect(displayText(input)).not.toMatch(/\p{Cc}|\p{Cf}|\p{Zl}|\p{Zp}/u);
  });

  it('cuts a 1 MB payload after the limit, with a marker saying how much was left out', () => {
    const huge = `\x1b[2J${'x'.repeat(1_048_576)}`;
    const shown = displayText(huge);
    expect(shown).toBe(`\\x1b[2J${'x'.repeat(DISPLAY_MAX_CHARACTERS - 4)}… (${1_048_576 + 4 - DISPLAY_MAX_CHARACTERS} more characters)`);
  });

  it('counts and cuts in characters, never splitting a surrogate pair', () => {
    expect(displayText('🌧'.repeat(5), 3)).toBe('🌧🌧🌧… (2 more characters)');
    expect(displayText('abc', 3)).toBe('abc');
    expect(displayText('abcd', 3)).toBe('abc… (1 more character)');
    expect(displayText('🌧🌧🌧', 3)).toBe('🌧🌧🌧');
  });
});

describe("inertLine: the logger's last guard", () => {
  it('keeps the newlines of a message of several lines, escapes everything else', () => {
    expect(inertLine('3 problems:\n  - a\x1b[2J\n  - b\u202e')).toBe('3 problems:\n  - a\\x1b[2J\n  - b\\u202e');
  });
  it('escapes a carriage return, which would overwrite the line on a terminal', () => {
    expect(inertLine('ok\rfake')).toBe('ok\\rfake');
  });
});
