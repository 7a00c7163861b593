import { readFileSync } from 'node:fs';
import dotenv from 'dotenv';
import { messageOf } from '../core/errors.js';

/**
 * `.env` and `--env-file`. The same file is systemd's `EnvironmentFile=` in the
 * shipped units, so it is read as systemd reads it, and every line that
 * dotenv (this program's reader before, and the usual `.env` convention) would
 * read differently is refused: the service and a hand-run `--print-config`
 * must never see two different passwords. Messages name lines and variables,
 * never values (one may be a password).
 */

export type EnvFileResult = { ok: true; variables: Record<string, string> } | { ok: false; problems: string[] };

/** One assignment or comment as systemd's parser (src/basic/env-file.c) delimits it. */
interface SystemdRecord {
  readonly kind: 'assignment' | 'comment';
  /** 1-based line where the record starts. */
  readonly line: number;
  /** The record's text, from its first character to the newline that ends it (excluded). */
  readonly text: string;
  readonly key: string;
  /** Undefined when the line has no `=` (systemd drops it). */
  readonly value: string | undefined;
  /** A comment whose last character is a backslash. */
  readonly continued: boolean;
}

const WHITESPACE = ' \t\n\r';
const NEWLINE = '\n\r';
/** Characters a backslash unescapes inside double quotes (systemd's SHELL_NEED_ESCAPE). */
const SHELL_NEED_ESCAPE = '"\\`$';
/** systemd ignores an assignment whose name is not a shell variable name (env_name_is_valid). */
const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * systemd's EnvironmentFile= reader, state for state (v254+): comments only at
 * the start of a line (`#` or `;`), quotes removed (and concatenated with what
 * follows), backslash escapes, a trailing backslash joins the next line, no
 * `export`, no expansion, trailing whitespace of unquoted values dropped.
 */
export function parseLikeSystemd(text: string): SystemdRecord[] {
  const records: SystemdRecord[] = [];
  type State =
    | 'PRE_KEY'
    | 'KEY'
    | 'PRE_VALUE'
    | 'VALUE'
    | 'VALUE_ESCAPE'
    | 'SINGLE'
    | 'DOUBLE'
    | 'DOUBLE_ESCAPE'
    | 'COMMENT'
    | 'COMMENT_ESCAPE';
  let state: State = 'PRE_KEY';
  let line = 1;
  let start = 0;
  let startLine = 1;
  let key = '';
  let value: string | undefined;
  let lastKeyWhitespace = -1;
  let lastValueWhitespace = -1;
  const push = (end: number) => {
    const trimmedKey = lastKeyWhitespace === -1 ? key : key.slice(0, lastKeyWhitespace);
    let finalValue = value ?? '';
    if (state === 'VALUE' && lastValueWhitespace !== -1) finalValue = finalValue.slice(0, lastValueWhitespace);
    records.push({
      kind: 'assignment',
      line: startLine,
      text: text.slice(start, end),
      key: trimmedKey,
      value: finalValue,
      continued: false,
    });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    switch (state) {
      case 'PRE_KEY':
        if (c === '#' || c === ';') {
          state = 'COMMENT';
          start = i;
          startLine = line;
        } else if (!WHITESPACE.includes(c)) {
          state = 'KEY';
          start = i;
          startLine = line;
          key = c;
          value = undefined;
          lastKeyWhitespace = -1;
        }
        break;
      case 'KEY':
        if (NEWLINE.includes(c)) {
          records.push({ kind: 'assignment', line: startLine, text: text.slice(start, i), key, value: undefined, continued: false });
          state = 'PRE_KEY';
        } else if (c === '=') {
          state = 'PRE_VALUE';
          value = '';
          lastValueWhitespace = -1;
        } else {
          if (!WHITESPACE.includes(c)) lastKeyWhitespace = -1;
          else if (lastKeyWhitespace === -1) lastKeyWhitespace = key.length;
          key += c;
        }
        break;
      case 'PRE_VALUE':
        if (NEWLINE.includes(c)) {
          push(i);
          state = 'PRE_KEY';
        } else if (c === "'") state = 'SINGLE';
        else if (c === '"') state = 'DOUBLE';
        else if (c === '\\') state = 'VALUE_ESCAPE';
        else if (!WHITESPACE.includes(c)) {
          state = 'VALUE';
          value += c;
        }
        break;
      case 'VALUE':
        if (NEWLINE.includes(c)) {
          push(i);
          state = 'PRE_KEY';
        } else if (c === '\\') {
          state = 'VALUE_ESCAPE';
          lastValueWhitespace = -1;
        } else {
          if (!WHITESPACE.includes(c)) lastValueWhitespace = -1;
          else if (lastValueWhitespace === -1) lastValueWhitespace = value!.length;
          value += c;
        }
        break;
      case 'VALUE_ESCAPE':
        state = 'VALUE';
        if (!NEWLINE.includes(c)) value += c;
        break;
      case 'SINGLE':
        if (c === "'") state = 'PRE_VALUE';
        else value += c;
        break;
      case 'DOUBLE':
        if (c === '"') state = 'PRE_VALUE';
        else if (c === '\\') state = 'DOUBLE_ESCAPE';
        else value += c;
        break;
      case 'DOUBLE_ESCAPE':
        state = 'DOUBLE';
        if (SHELL_NEED_ESCAPE.includes(c)) value += c;
        else if (c !== '\n') value += `\\${c}`;
        break;
      case 'COMMENT':
      case 'COMMENT_ESCAPE':
        if (state === 'COMMENT' && c === '\\') state = 'COMMENT_ESCAPE';
        else if (NEWLINE.includes(c)) {
          const hidesALine = state === 'COMMENT_ESCAPE' && (text.slice(i + 1).split(/[\r\n]/)[0] ?? '').trim() !== '';
          records.push({ kind: 'comment', line: startLine, text: text.slice(start, i), key: '', value: undefined, continued: hidesALine });
          state = 'PRE_KEY';
        } else state = 'COMMENT';
        break;
    }
  }
  if (state === 'KEY')
    records.push({ kind: 'assignment', line: startLine, text: text.slice(start), key, value: undefined, continued: false });
  else if (state === 'COMMENT' || state === 'COMMENT_ESCAPE')
    records.push({ kind: 'comment', line: startLine, text: text.slice(start), key: '', value: undefined, continued: false });
  else if (state !== 'PRE_KEY') push(text.length);
  return records;
}

/** What systemd sets from a record: nothing for comments, lines without `=` and invalid names. */
function systemdAssignment(record: SystemdRecord): [string, string] | undefined {
  if (record.kind !== 'assignment' || record.value === undefined || !VALID_NAME.test(record.key)) return undefined;
  return [record.key, record.value];
}

function sameAssignments(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}

/** The name a line assigns, as a reader of the file would see it, for messages. */
function nameIn(text: string): string {
  return /^\s*(?:export\s+)?([\w.-]+)/.exec(text)?.[1] ?? text.trim().split(/[\s=:]/)[0] ?? '';
}

/** Why dotenv and systemd disagree on this line, and what to write instead. */
function hint(text: string, name: string): string {
  if (/^\s*export\s/.test(text)) return `systemd ignores a line that starts with "export": remove "export "`;
  if (!VALID_NAME.test(name)) return `systemd ignores the name "${name}": a name is letters, digits and _, not starting with a digit`;
  if (!/^\s*[\w.-]+\s*=/.test(text)) return `systemd reads only NAME=value lines: write ${name}=…`;
  const raw = text.slice(text.indexOf('=') + 1).trimStart();
  const quote = raw[0];
  if (quote === '`') return `systemd does not take \` as a quote: use single quotes, ${name}='…'`;
  if (quote === '"' && raw.includes('\\'))
    return `a backslash inside double quotes is read differently by dotenv and by systemd: use single quotes, ${name}='…'`;
  if (quote === '"' || quote === "'") {
    const close = raw.indexOf(quote, 1);
    if (close === -1)
      return `the ${quote === '"' ? 'double' : 'single'} quote is not closed on this line: close it, and keep the value on one line`;
    return `text after the closing quote is dropped (or read as a comment) by dotenv but kept by systemd: quote the whole value, and put a comment on its own line`;
  }
  if (raw.includes('#'))
    return `an unquoted "#" starts a comment for dotenv but is part of the value for systemd: if it belongs to the value, quote it, ${name}="…"; if it starts a comment, put the comment on its own line`;
  if (raw.includes('\\'))
    return `an unquoted backslash escapes the next character (or joins the next line) for systemd but is kept by dotenv: use single quotes, ${name}='…'`;
  return `dotenv and systemd read it differently: write ${name}='…' on one line`;
}

/**
 * Parses an env file; refuses it when any line means something else to
 * systemd's EnvironmentFile= than to dotenv, or could mean something else
 * to an older systemd. Problems start with `line N`.
 */
export function parseEnvFile(data: Buffer): EnvFileResult {
  const nul = data.indexOf(0);
  if (nul !== -1)
    return {
      ok: false,
      problems: [
        `line ${lineAt(data, nul)}: contains a NUL byte (systemd stops reading the file there, and Node cuts a value at it): remove it`,
      ],
    };
  const lines = data.toString('latin1').split('\n');
  const notUtf8 = lines.findIndex((line) => !isUtf8(Buffer.from(line, 'latin1')));
  if (notUtf8 !== -1)
    return { ok: false, problems: [`line ${notUtf8 + 1}: is not valid UTF-8 (systemd refuses it): save the file as UTF-8`] };
  const text = data.toString('utf8');
  if (text.startsWith('\ufeff'))
    return {
      ok: false,
      problems: [
        'line 1: the file starts with a byte-order mark, which systemd reads as part of the first name: save it as UTF-8 without BOM',
      ],
    };

  const problems: string[] = [];
  const systemd: Record<string, string> = {};
  const lastLine: Record<string, number> = {};
  for (const record of parseLikeSystemd(text)) {
    if (record.kind === 'comment') {
      if (record.continued)
        problems.push(
          `line ${record.line}: a comment ending in "\\" also hides the next line from systemd before v254 (Debian 12 and Raspberry Pi OS Bookworm have v252): remove the "\\"`,
        );
      continue;
    }
    const assignment = systemdAssignment(record);
    const expected = assignment === undefined ? {} : { [assignment[0]]: assignment[1] };
    const backslashInDoubleQuotes = assignment !== undefined && /^[^=]*=\s*"/.test(record.text) && record.text.includes('\\');
    if (!sameAssignments(dotenv.parse(record.text), expected) || backslashInDoubleQuotes) {
      const name = assignment?.[0] ?? nameIn(record.text);
      problems.push(`line ${record.line}, ${name}: ${hint(record.text, name)}`);
      continue;
    }
    if (assignment) {
      systemd[assignment[0]] = assignment[1];
      lastLine[assignment[0]] = record.line;
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  // A dotenv quoted value may run over lines that systemd reads one by one: compare the whole file too.
  const whole = dotenv.parse(text);
  for (const name of new Set([...Object.keys(whole), ...Object.keys(systemd)])) {
    if (whole[name] === systemd[name]) continue;
    // Lines are counted by "\n", as in every message; a bare "\r" ends a record within one for both readers.
    const line = lastLine[name] ?? text.split('\n').findIndex((l) => l.split('\r').some((part) => nameIn(part) === name)) + 1;
    problems.push(
      `line ${line}, ${name}: a quoted value runs over several lines for dotenv but not for systemd: write ${name}='…' on one line`,
    );
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, variables: systemd };
}

function lineAt(data: Buffer, offset: number): number {
  return data.subarray(0, offset).toString('latin1').split('\n').length;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export type LoadEnvFileResult = { ok: true; variables: Record<string, string> } | { ok: false; message: string };

/** Reads and checks the file at `path`; the message is ready for stderr. */
export function loadEnvFile(path: string): LoadEnvFileResult {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    return { ok: false, message: `cannot read ${path}: ${messageOf(error)}` };
  }
  const parsed = parseEnvFile(data);
  if (parsed.ok) return parsed;
  return {
    ok: false,
    message: `${path}: ${parsed.problems.length} line(s) that systemd's EnvironmentFile= and dotenv would read differently, or that systemd refuses; nothing was published:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}`,
  };
}
