import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseEnvFile, parseLikeSystemd } from '../../src/config/env-file.js';

/**
 * The `.env` / `--env-file` reader: a line is accepted only when systemd's
 * EnvironmentFile= and dotenv give it the same meaning. `vars` is what the
 * program (and systemd) then sets; `refused` the start of the only problem.
 */
const LINES: [string, { vars: Record<string, string> } | { refused: string }][] = [
  [
    'MQTT_PASSWORD=old#pass-1234',
    {
      refused:
        'line 1, MQTT_PASSWORD: an unquoted "#" starts a comment for dotenv but is part of the value for systemd: if it belongs to the value, quote it, MQTT_PASSWORD="…"',
    },
  ],
  ['MQTT_PASSWORD="old#pass-1234"', { vars: { MQTT_PASSWORD: 'old#pass-1234' } }],
  ["MQTT_PASSWORD='old#pass-1234'", { vars: { MQTT_PASSWORD: 'old#pass-1234' } }],
  ['LOG_LEVEL=debug # more lines', { refused: 'line 1, LOG_LEVEL: an unquoted "#"' }],
  ['LOG_LEVEL="debug" # more lines', { refused: 'line 1, LOG_LEVEL: text after the closing quote' }],
  ['# a comment', { vars: {} }],
  ['  # an indented comment', { vars: {} }],
  ['; a comment, for systemd', { vars: {} }],
  ['OWM_LOCATIONS=Paris,FR;Lyon,FR', { vars: { OWM_LOCATIONS: 'Paris,FR;Lyon,FR' } }],
  ['OWM_LOCATIONS=Paris,FR ;Lyon', { vars: { OWM_LOCATIONS: 'Paris,FR ;Lyon' } }],
  ['export OWM_UNITS=imperial', { refused: 'line 1, OWM_UNITS: systemd ignores a line that starts with "export": remove "export "' }],
  [
    'MQTT_PASSWORD=a\\b',
    {
      refused:
        "line 1, MQTT_PASSWORD: an unquoted backslash escapes the next character (or joins the next line) for systemd but is kept by dotenv: use single quotes, MQTT_PASSWORD='…'",
    },
  ],
  ["MQTT_PASSWORD='a\\b'", { vars: { MQTT_PASSWORD: 'a\\b' } }],
  ['MQTT_PASSWORD="a\\b"', { refused: 'line 1, MQTT_PASSWORD: a backslash inside double quotes is read differently' }],
  ['MQTT_PASSWORD="a\\nb"', { refused: 'line 1, MQTT_PASSWORD: a backslash inside double quotes' }],
  ['MQTT_PASSWORD="say \\"hi\\""', { refused: 'line 1, MQTT_PASSWORD: a backslash inside double quotes' }],
  ['SCHEDULE=*/5 * * * *\\\n', { refused: 'line 1, SCHEDULE: an unquoted backslash' }],
  ['OWM_LANG=fr\\\nLOG_LEVEL=debug', { refused: 'line 1, OWM_LANG: an unquoted backslash' }],
  ['OWM_UNITS=imperial   ', { vars: { OWM_UNITS: 'imperial' } }],
  ['OWM_UNITS=   imperial', { vars: { OWM_UNITS: 'imperial' } }],
  ['OWM_UNITS = imperial', { vars: { OWM_UNITS: 'imperial' } }],
  ['  OWM_UNITS=imperial', { vars: { OWM_UNITS: 'imperial' } }],
  ['\tOWM_UNITS=imperial\t', { vars: { OWM_UNITS: 'imperial' } }],
  ['MQTT_PASSWORD="  spaced  "', { vars: { MQTT_PASSWORD: '  spaced  ' } }],
  ['OWM_UNITS=imperial\r\nLOG_LEVEL=debug\r\n', { vars: { OWM_UNITS: 'imperial', LOG_LEVEL: 'debug' } }],
  ['MQTT_PASSWORD="pa ss"\r\n', { vars: { MQTT_PASSWORD: 'pa ss' } }],
  ["MQTT_USERNAME=it's", { vars: { MQTT_USERNAME: "it's" } }],
  ['MQTT_USERNAME="ab"cd', { refused: 'line 1, MQTT_USERNAME: text after the closing quote' }],
  ['MQTT_USERNAME="ab', { refused: 'line 1, MQTT_USERNAME: the double quote is not closed' }],
  ['MQTT_USERNAME=`ab`', { refused: 'line 1, MQTT_USERNAME: systemd does not take ` as a quote' }],
  ['MQTT_USERNAME: bob', { refused: 'line 1, MQTT_USERNAME: systemd reads only NAME=value lines: write MQTT_USERNAME=…' }],
  ['MY-VAR=1', { refused: 'line 1, MY-VAR: systemd ignores the name "MY-VAR"' }],
  ['MQTT_PASSWORD=', { vars: { MQTT_PASSWORD: '' } }],
  ['MQTT_PASSWORD=$HOME', { vars: { MQTT_PASSWORD: '$HOME' } }],
  ['MQTT_PASSWORD="$HOME"', { vars: { MQTT_PASSWORD: '$HOME' } }],
  ['A=1\nA=2', { vars: { A: '2' } }],
  ['JUST_A_WORD', { vars: {} }],
  ['OWM_LOCATIONS="Paris,FR;\nLyon,FR"', { vars: { OWM_LOCATIONS: 'Paris,FR;\nLyon,FR' } }],
  ['A=\n"B=1"', { refused: 'line 1, A: a quoted value runs over several lines for dotenv but not for systemd' }],
  [
    "A=\n'x'\nB=2",
    { refused: "line 1, A: a quoted value runs over several lines for dotenv but not for systemd: write A='…' on one line" },
  ],
  [
    '# old systemd hides the next line \\\nLOG_LEVEL=debug',
    { refused: 'line 1: a comment ending in "\\" also hides the next line from systemd before v254' },
  ],
  ['# a comment ending in \\\n\nLOG_LEVEL=debug', { vars: { LOG_LEVEL: 'debug' } }],
  ['\ufeffOWM_UNITS=imperial', { refused: 'line 1: the file starts with a byte-order mark' }],
];

describe('parseEnvFile: a line is read as systemd reads it, or refused when dotenv would read it otherwise', () => {
  it.each(LINES)('%j', (text, outcome) => {
    const result = parseEnvFile(Buffer.from(text, 'utf8'));
    if ('vars' in outcome) expect(result).toEqual({ ok: true, variables: outcome.vars });
    else {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.problems).toHaveLength(1);
        expect(result.problems[0]).toContain(outcome.refused);
      }
    }
  });

  it('names the line, never the value', () => {
    const result = parseEnvFile(Buffer.from('# settings\nOWM_UNITS=metric\n\nMQTT_PASSWORD=s3cr3t#word\nLOG_LEVEL=info # quiet\n'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.split(':')[0])).toEqual(['line 4, MQTT_PASSWORD', 'line 5, LOG_LEVEL']);
    expect(result.problems.join('\n')).not.toMatch(/s3cr3t|word|quiet/);
  });

  it('refuses a NUL byte and invalid UTF-8, naming the line', () => {
    expect(parseEnvFile(Buffer.from('A=1\nMQTT_CLIENT_ID=owm\0bridge\n'))).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^line 2: contains a NUL byte/)],
    });
    expect(parseEnvFile(Buffer.concat([Buffer.from('A=1\nB=2\nMQTT_USERNAME=caf'), Buffer.from([0xe9]), Buffer.from('\n')]))).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^line 3: is not valid UTF-8/)],
    });
  });
});

describe('parseLikeSystemd: the state machine of systemd src/basic/env-file.c', () => {
  it.each([
    ['A="x" y', 'xy'],
    ['A=\'x\'"y"z', 'xyz'],
    ['A=a\\ ', 'a '],
    ['A=a \\\n b', 'a  b'],
    ['A="a\\\nb"', 'ab'],
    ['A="a\\qb"', 'a\\qb'],
    ['A="a\\$b"', 'a$b'],
    ['A=x # y', 'x # y'],
    ['A=x;y', 'x;y'],
    ['A=x\rB=y', 'x'],
  ])('%j gives A=%j', (text, value) => {
    expect(parseLikeSystemd(text).find((r) => r.key === 'A')?.value).toBe(value);
  });
});

describe('the shipped .env.example', () => {
  it('means the same to systemd and to dotenv', () => {
    const result = parseEnvFile(readFileSync(fileURLToPath(new URL('../../.env.example', import.meta.url))));
    expect(result).toEqual({ ok: true, variables: { OWM_API_KEY: 'your-32-character-key', OWM_LOCATIONS: 'Paris,FR' } });
  });
});
