import { describe, expect, it } from 'vitest';
import { describePayload, LiveOutdoor, parseOutdoorTemperature } from '../../src/simulate/outdoor.js';

describe('parseOutdoorTemperature', () => {
  it.each([
    ['12.3', 12.3],
    ['-4', -4],
    [' 21.55\n', 21.55],
    ['0', 0],
    ['-90', -90],
    ['60', 60],
    ['7.123456', 7.123456],
  ])('reads %j as %d °C', (payload, value) => {
    expect(parseOutdoorTemperature(payload)).toBe(value);
  });

  it.each([
    '',
    'NaN',
    'nan',
    'Infinity',
    '1e2',
    '0x10',
    '+5',
    '21,5',
    '.5',
    '5.',
    '--5',
    '{"temperature":5}',
    '"5"',
    'true',
    '60.1',
    '-90.5',
    '1234',
    '7.1234567',
    '5 5',
  ])('refuses %j', (payload) => {
    expect(parseOutdoorTemperature(payload)).toBeUndefined();
  });
});

describe('describePayload', () => {
  it('quotes and escapes, and cuts what is long', () => {
    expect(describePayload('abc')).toBe('"abc"');
    expect(describePayload('a\nb\u0000')).toBe('"a\\nb\\u0000"');
    expect(describePayload('x'.repeat(32))).toBe(`"${'x'.repeat(32)}"`);
    expect(describePayload('x'.repeat(33))).toBe(`"${'x'.repeat(32)}…"`);
  });
});

describe('LiveOutdoor', () => {
  const setup = () => {
    const lines: string[] = [];
    const outdoor = new LiveOutdoor('exterieur/toulouse/temperature', {
      info: (m) => lines.push(`INFO ${m}`),
      warn: (m) => lines.push(`WARN ${m}`),
    });
    return { outdoor, lines };
  };

  it('has no value until a good one comes, then the latest', () => {
    const { outdoor, lines } = setup();
    expect(outdoor.value).toBeUndefined();
    outdoor.accept('12.5');
    outdoor.accept('13');
    expect(outdoor.value).toBe(13);
    expect(lines).toEqual(['INFO SIM_OUTDOOR_TOPIC exterieur/toulouse/temperature: 12.5 °C outdoors, followed from now on']);
  });

  it('ignores garbage, says so once, and keeps the last good value', () => {
    const { outdoor, lines } = setup();
    outdoor.accept('8');
    outdoor.accept('unavailable');
    outdoor.accept('NaN');
    outdoor.accept('9000');
    expect(outdoor.value).toBe(8);
    expect(lines.filter((l) => l.startsWith('WARN'))).toEqual([
      'WARN SIM_OUTDOOR_TOPIC exterieur/toulouse/temperature: "unavailable" is not a temperature (a plain number of °C from -90 to 60); ignored, and so are later ones without another line',
    ]);
  });

  it('takes an empty payload (the topic cleared) as nothing, without a warning', () => {
    const { outdoor, lines } = setup();
    outdoor.accept('');
    outdoor.accept('4');
    outdoor.accept('');
    expect(outdoor.value).toBe(4);
    expect(lines.filter((l) => l.startsWith('WARN'))).toEqual([]);
  });
});
