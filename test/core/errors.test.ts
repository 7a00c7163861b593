/** One way to tell what was thrown: messageOf and codeOf, and no cast of an unknown error left in src/. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeOf, messageOf, Owm2MqttError } from '../../src/core/errors.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

describe('Owm2MqttError', () => {
  it('carries its code, whether trying again may help, the wait asked for and the cause', () => {
    const cause = new Error('socket hang up');
    const error = new Owm2MqttError('OWM_RATE_LIMITED', 'slow down', { retryAfterMs: 60_000, cause });
    expect([error.name, error.code, error.message, error.transient, error.retryAfterMs, error.cause]).toEqual([
      'Owm2MqttError',
      'OWM_RATE_LIMITED',
      'slow down',
      true,
      60_000,
      cause,
    ]);
    const plain = new Owm2MqttError('OWM_UNAUTHORIZED', 'key refused');
    expect([plain.transient, plain.retryAfterMs, 'cause' in plain]).toEqual([false, undefined, false]);
    expect(plain).toBeInstanceOf(Error);
  });
});

describe('messageOf', () => {
  it("says an error's message, and anything else as text", () => {
    expect(messageOf(new Error('connect ECONNREFUSED 127.0.0.1:1883'))).toBe('connect ECONNREFUSED 127.0.0.1:1883');
    expect(messageOf(new Owm2MqttError('MQTT_TIMEOUT', 'no answer'))).toBe('no answer');
    expect(messageOf({ message: 'from a plain object' })).toBe('from a plain object');
    expect(messageOf({ message: 42 })).toBe('[object Object]');
    expect(messageOf('a string')).toBe('a string');
    expect(messageOf(undefined)).toBe('undefined');
    expect(messageOf(null)).toBe('null');
  });
});

describe('codeOf', () => {
  it("reads a system error's code, only when it is text", () => {
    expect(codeOf(Object.assign(new Error('gone'), { code: 'ENOENT' }))).toBe('ENOENT');
    expect(codeOf({ code: 'EACCES' })).toBe('EACCES');
    expect(codeOf({ code: 5 })).toBeUndefined();
    expect(codeOf(new Error('no code'))).toBeUndefined();
    expect(codeOf('ENOENT')).toBeUndefined();
    expect(codeOf(null)).toBeUndefined();
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.(ts|cjs)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

/** The casts messageOf and codeOf replace: `(x as Error)`, `(x as NodeJS.ErrnoException)`, `x instanceof Error ? x.message : …`. */
const CASTS = [/\bas (?:Error|NodeJS\.ErrnoException)\)/, /instanceof Error \? \w+\.message\b/];

function castsIn(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => (CASTS.some((cast) => cast.test(line)) ? [`${file}:${i + 1}`] : []));
}

describe('src/', () => {
  it('reads an unknown error through messageOf or codeOf, never by a cast', () => {
    const found = sourceFiles(SRC)
      .filter((path) => !path.endsWith('core/errors.ts'))
      .flatMap((path) => castsIn(relative(SRC, path), readFileSync(path, 'utf8')));
    expect(found).toEqual([]);
  });

  it.each([
    'log.warn(`poll failed: ${(error as Error).message}`);',
    'const code = (error as NodeJS.ErrnoException).code;',
    'const detail = (error instanceof Error ? error.message : String(error)).trim();',
  ])('catches %s', (line) => {
    expect(castsIn('bridge/daemon.ts', `ok();\n${line}`)).toEqual(['bridge/daemon.ts:2']);
  });
});
