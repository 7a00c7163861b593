import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES, parseReading, REFUSAL_REASONS, REFUSAL_TEXT } from '../../src/aggregate/payload.js';

const TEMPERATURE = { min: -90, max: 150 };
const read = (payload: string | Uint8Array, key = ['temperature'], range = TEMPERATURE) => parseReading(payload, key, range);

describe('parseReading: accepted', () => {
  it.each([
    ['21.5', 21.5],
    ['-3', -3],
    ['+4.25', 4.25],
    ['.5', 0.5],
    ['5.', 5],
    ['1e1', 10],
    ['2.15E+1', 21.5],
    ['  21.5\n', 21.5],
    ['0', 0],
    ['"21.5"', 21.5],
    ['" 21.5 "', 21.5],
    ['{"temperature":21.5}', 21.5],
    ['{"temperature":21.5,"humidity":48,"linkquality":120}', 21.5],
    ['{"Temperature":21.5}', 21.5],
    ['{"temperature":"21.5"}', 21.5],
    ['{"AM2301":{"Temperature":21.5,"Humidity":48},"TempUnit":"C"}', 21.5],
    ['{"Time":"2026-08-01T12:00:00","AM2301":{"Temperature":21.5}}', 21.5],
    ['{"a":{"b":{"c":{"temperature":-4}}}}', -4],
    ['{"temperature":21.5,"inner":{"temperature":99}}', 21.5],
    ['{"list":[{"temperature":1}],"x":{"temperature":2}}', 2],
    ['-90', -90],
    ['150', 150],
  ])('%s → %d', (payload, value) => {
    expect(read(payload)).toBe(value);
  });

  it('takes bytes as mqtt.js gives them, from a slice of a larger buffer too', () => {
    expect(read(Buffer.from('21.5'))).toBe(21.5);
    const whole = Buffer.from('xx{"temperature":19}yy');
    expect(read(new Uint8Array(whole.buffer, whole.byteOffset + 2, whole.length - 4))).toBe(19);
  });

  it('takes a plain number whatever the key', () => {
    expect(read('21.5', ['AM2301', 'Temperature'])).toBe(21.5);
  });

  it('follows a path: its first step at any depth, the next ones just below, case-insensitively', () => {
    const tasmota = '{"AM2301":{"Temperature":21.5},"DS18B20":{"Temperature":19.25}}';
    expect(read(tasmota, ['DS18B20', 'Temperature'])).toBe(19.25);
    expect(read(tasmota, ['am2301', 'temperature'])).toBe(21.5);
    expect(read('{"StatusSNS":{"DS18B20":{"Temperature":19.25}}}', ['DS18B20', 'Temperature'])).toBe(19.25);
    expect(read('{"DS18B20":{"x":{"Temperature":19.25}}}', ['DS18B20', 'Temperature'])).toBe('missing-key');
    expect(read('{"DS18B20":19}', ['DS18B20', 'Temperature'])).toBe('missing-key');
    expect(read('{"a":{"DS18B20":{"T":1}},"b":{"DS18B20":{"T":2}}}', ['DS18B20', 'T'])).toBe('ambiguous-key');
    expect(read('{"DS18B20":{"T":1,"t":2}}', ['DS18B20', 'T'])).toBe('ambiguous-key');
  });

  it('searches objects only: strings, numbers and nulls beside the key are not looked into', () => {
    expect(read('{"other":null,"inner":{"temperature":3}}')).toBe(3);
    expect(read('{"a":"xy","n":5,"b":{"0":5}}', ['0'])).toBe(5);
    expect(read('{"DS18B20":"xy"}', ['DS18B20', '0'])).toBe('missing-key');
  });

  it('trims a number held in a JSON string, inside an object too', () => {
    expect(read('{"temperature":" 21.5 "}')).toBe(21.5);
  });

  it('reads Shelly Gen2 by its key (tC) and a key that is not a temperature with its own range', () => {
    expect(read('{"id":0,"tC":21.5,"tF":70.7}', ['tC'])).toBe(21.5);
    expect(read('{"illuminance":310}', ['illuminance'], { min: 0, max: 200_000 })).toBe(310);
  });
});

describe('parseReading: refused, by reason', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['""', 'empty'],
    ['{"temperature":""}', 'empty'],
    ['abc', 'not-a-number'],
    ['21,5', 'not-a-number'],
    ['21.5°C', 'not-a-number'],
    ['21.5 C', 'not-a-number'],
    ['0x15', 'not-a-number'],
    ['1..2', 'not-a-number'],
    ['.', 'not-a-number'],
    ['e5', 'not-a-number'],
    ['[21.5]', 'not-a-number'],
    ['{"temperature":[21.5]}', 'not-a-number'],
    ['{"temperature":{"value":21.5}}', 'not-a-number'],
    ['"abc"', 'not-a-number'],
    ['{"temperature":21.5', 'invalid-json'],
    ['{temperature:21.5}', 'invalid-json'],
    ['"21.5', 'invalid-json'],
    ['NaN', 'nan'],
    ['nan', 'nan'],
    ['-nan', 'nan'],
    ['Infinity', 'nan'],
    ['-Infinity', 'nan'],
    ['+inf', 'nan'],
    ['1e999', 'nan'],
    ['{"temperature":1e999}', 'nan'],
    ['{"temperature":"NaN"}', 'nan'],
    ['unavailable', 'unavailable'],
    ['Unknown', 'unavailable'],
    ['null', 'unavailable'],
    ['None', 'unavailable'],
    ['n/a', 'unavailable'],
    ['offline', 'unavailable'],
    ['--', 'unavailable'],
    ['{"temperature":null}', 'unavailable'],
    ['{"temperature":"unavailable"}', 'unavailable'],
    ['true', 'boolean'],
    ['FALSE', 'boolean'],
    ['on', 'boolean'],
    ['OFF', 'boolean'],
    ['{"temperature":true}', 'boolean'],
    ['{"humidity":48}', 'missing-key'],
    ['{}', 'missing-key'],
    ['{"list":[{"temperature":1}]}', 'missing-key'],
    ['{"a":{"temperature":1},"b":{"temperature":2}}', 'ambiguous-key'],
    ['{"temperature":1,"Temperature":2}', 'ambiguous-key'],
    ['-90.01', 'out-of-range'],
    ['150.01', 'out-of-range'],
    ['85000', 'out-of-range'],
    ['{"temperature":-273.15}', 'out-of-range'],
  ])('%s: %s', (payload, reason) => {
    expect(read(payload)).toBe(reason);
  });

  it(`refuses over ${MAX_PAYLOAD_BYTES} bytes, counted in bytes, not characters`, () => {
    const padded = `{"temperature":21.5,"pad":"${'x'.repeat(MAX_PAYLOAD_BYTES - 29)}"}`;
    expect(Buffer.byteLength(padded)).toBe(MAX_PAYLOAD_BYTES);
    expect(read(padded)).toBe(21.5);
    expect(read(Buffer.from(padded))).toBe(21.5);
    const over = padded.replace('"pad":"x', '"pad":"xx');
    expect(read(over)).toBe('too-large');
    expect(read(Buffer.from(over))).toBe('too-large');
    // 512 two-byte characters and a number: few characters, over a KiB.
    expect(read(`{"temperature":21.5,"é":"${'é'.repeat(510)}"}`)).toBe('too-large');
  });

  it('has a text for every reason', () => {
    expect(Object.keys(REFUSAL_TEXT).sort()).toEqual([...REFUSAL_REASONS].sort());
  });
});
