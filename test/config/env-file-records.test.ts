/**
 * The env-file reader record by record, as systemd's EnvironmentFile= parser delimits them
 * (src/basic/env-file.c, v254+), and each refusal's whole message: the exact texts, where
 * test/config/env-file.test.ts holds which lines are accepted and the start of each refusal.
 */
import { describe, expect, it } from 'vitest';
import { parseEnvFile, parseLikeSystemd } from '../../src/config/env-file.js';

const assignment = (line: number, text: string, key: string, value: string | undefined) => ({
  kind: 'assignment',
  line,
  text,
  key,
  value,
  continued: false,
});
const comment = (line: number, text: string, continued = false) => ({ kind: 'comment', line, text, key: '', value: undefined, continued });

describe('records as systemd delimits them', () => {
  it('assignments, both kinds of comment, a line without "=", and the key and value trimmed', () => {
    expect(parseLikeSystemd('A=1\n# hash\n; semicolon\nLONG  = two words  \nNOEQ\nC=x\\ y\n')).toStrictEqual([
      assignment(1, 'A=1', 'A', '1'),
      comment(2, '# hash'),
      comment(3, '; semicolon'),
      assignment(4, 'LONG  = two words  ', 'LONG', 'two words'),
      assignment(5, 'NOEQ', 'NOEQ', undefined),
      assignment(6, 'C=x\\ y', 'C', 'x y'),
    ]);
  });

  it('a backslash right after "=" escapes the next character', () => {
    expect(parseLikeSystemd('A=\\#x\n')).toStrictEqual([assignment(1, 'A=\\#x', 'A', '#x')]);
  });

  it('quotes are removed and joined with what follows; a quoted value keeps its last character', () => {
    expect(parseLikeSystemd("A='xy'\nB='x' y\nC=\"a b\"")).toStrictEqual([
      assignment(1, "A='xy'", 'A', 'xy'),
      assignment(2, "B='x' y", 'B', 'xy'),
      assignment(3, 'C="a b"', 'C', 'a b'),
    ]);
  });

  it('a comment continued by its last backslash, and only then: not by two, not over a blank line', () => {
    expect(parseLikeSystemd('# one \\\nA=1\n# two \\\\\nB=2\n# blank \\\n   \nC=3\n')).toStrictEqual([
      comment(1, '# one \\', true),
      assignment(2, 'A=1', 'A', '1'),
      comment(3, '# two \\\\'),
      assignment(4, 'B=2', 'B', '2'),
      comment(5, '# blank \\'),
      assignment(7, 'C=3', 'C', '3'),
    ]);
  });

  it('at the end of the file without a newline: a name, a comment, a comment ending in a backslash', () => {
    expect(parseLikeSystemd('A=1\nTAIL')).toStrictEqual([assignment(1, 'A=1', 'A', '1'), assignment(2, 'TAIL', 'TAIL', undefined)]);
    expect(parseLikeSystemd('A=1\n# tail')).toStrictEqual([assignment(1, 'A=1', 'A', '1'), comment(2, '# tail')]);
    expect(parseLikeSystemd('A=1\n# tail \\')).toStrictEqual([assignment(1, 'A=1', 'A', '1'), comment(2, '# tail \\')]);
  });
});

describe('each refusal, whole', () => {
  const refusal = (text: string) => {
    const result = parseEnvFile(Buffer.from(text));
    return result.ok ? [] : result.problems;
  };

  it.each([
    ["A='x", 'line 1, A: the single quote is not closed on this line: close it, and keep the value on one line'],
    ['A="x', 'line 1, A: the double quote is not closed on this line: close it, and keep the value on one line'],
    [
      "A='x' y",
      'line 1, A: text after the closing quote is dropped (or read as a comment) by dotenv but kept by systemd: quote the whole value, and put a comment on its own line',
    ],
    ['A=`x`', "line 1, A: systemd does not take ` as a quote: use single quotes, A='…'"],
    [
      'A=x\\y',
      "line 1, A: an unquoted backslash escapes the next character (or joins the next line) for systemd but is kept by dotenv: use single quotes, A='…'",
    ],
    ['export A=1', 'line 1, A: systemd ignores a line that starts with "export": remove "export "'],
    ['  export A=1', 'line 1, A: systemd ignores a line that starts with "export": remove "export "'],
    ['export  A=1', 'line 1, A: systemd ignores a line that starts with "export": remove "export "'],
    [
      'A=x # export y',
      'line 1, A: an unquoted "#" starts a comment for dotenv but is part of the value for systemd: if it belongs to the value, quote it, A="…"; if it starts a comment, put the comment on its own line',
    ],
    [
      'A=export x#y',
      'line 1, A: an unquoted "#" starts a comment for dotenv but is part of the value for systemd: if it belongs to the value, quote it, A="…"; if it starts a comment, put the comment on its own line',
    ],
    ['A: x=1', 'line 1, A: systemd reads only NAME=value lines: write A=…'],
    ['1A=x', 'line 1, 1A: systemd ignores the name "1A": a name is letters, digits and _, not starting with a digit'],
    ['A: x', 'line 1, A: systemd reads only NAME=value lines: write A=…'],
    ['  A: x', 'line 1, A: systemd reads only NAME=value lines: write A=…'],
    ['A=  "x\\y"', "line 1, A: a backslash inside double quotes is read differently by dotenv and by systemd: use single quotes, A='…'"],
  ])('%j', (text, problem) => {
    expect(refusal(text)).toEqual([problem]);
  });

  it('a backslash inside double quotes counts only in a value that starts with them, on a line either reader sets', () => {
    expect(parseEnvFile(Buffer.from('1 A="x\\y"'))).toEqual({ ok: true, variables: {} });
    expect(parseEnvFile(Buffer.from("A='x=\"\\'"))).toEqual({ ok: true, variables: { A: 'x="\\' } });
  });

  it('a line dotenv reads as part of a value that systemd does not assign is named by the line it is on', () => {
    expect(refusal('; .B\n\nx"A\n.B\r="')).toEqual([
      "line 4, .B: a quoted value runs over several lines for dotenv but not for systemd: write .B='…' on one line",
    ]);
  });

  it('… even when a bare carriage return (a line end to both readers) comes before it on that line', () => {
    expect(refusal('1A\rA.:\n=`')).toEqual([
      "line 1, A.: a quoted value runs over several lines for dotenv but not for systemd: write A.='…' on one line",
    ]);
  });
});
