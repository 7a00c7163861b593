import { describe, expect, it } from 'vitest';
import { alertLines } from '../../../src/dashboard/page/alerts.js';
import { topicColour, topicHue } from '../../../src/dashboard/page/colour.js';
import { csvFileName, csvText, toCsv } from '../../../src/dashboard/page/csv.js';
import { formatAge, isStale, withUnit } from '../../../src/dashboard/page/format.js';
import { rangeFromHash } from '../../../src/dashboard/page/ranges.js';
import { alertName, groupBy, placeOf, quantityOf, statusOwner } from '../../../src/dashboard/page/topics.js';
import { unitTable } from '../../../src/quantities/unit-table.js';

describe('topics', () => {
  it('reads the place and the quantity of a topic', () => {
    expect(quantityOf('maison/salon/temperature')).toBe('temperature');
    expect(placeOf('maison/salon/temperature')).toBe('maison/salon');
    expect(placeOf('temperature')).toBe('');
    expect(statusOwner('exterieur/bridge/status')).toBe('exterieur/bridge');
    expect(statusOwner('status')).toBe('status');
    expect(alertName('stats/alerts/maison/salon/temperature')).toBe('maison/salon/temperature');
  });

  it('groups by a key, groups and items sorted', () => {
    const items = ['b/x/t', 'a/y/h', 'a/x/t'].map((topic) => ({ topic }));
    expect(groupBy(items, quantityOf)).toEqual([
      ['h', [{ topic: 'a/y/h' }]],
      ['t', [{ topic: 'a/x/t' }, { topic: 'b/x/t' }]],
    ]);
  });
});

describe('colours', () => {
  it('gives a topic the same hue every time, and different topics different hues', () => {
    expect(topicHue('maison/salon/temperature')).toBe(topicHue('maison/salon/temperature'));
    const hues = new Set(['maison/salon/temperature', 'maison/cuisine/temperature', 'maison/chambre/temperature'].map(topicHue));
    expect(hues.size).toBe(3);
    expect(topicColour('a', false)).toMatch(/^hsl\(\d+ 70% (30|42|54)% \/ 1\)$/);
    expect(topicColour('a', true, 0.2)).toMatch(/^hsl\(\d+ 70% (53|65|77)% \/ 0\.2\)$/);
    expect(topicColour('maison/salon/temperature', false)).toBe(topicColour('maison/salon/temperature', false));
    const shades = new Set(Array.from({ length: 30 }, (_, i) => topicColour(`maison/room${i}/temperature`, false).split(' ')[2]));
    expect(shades.size).toBe(3);
  });
});

describe('format', () => {
  it.each([
    [0, 'now'],
    [12_000, '12 s ago'],
    [5 * 60_000 + 59_000, '5 min ago'],
    [3 * 3600_000, '3 h ago'],
    [49 * 3600_000, '2 d ago'],
  ])('says %d ms is %s', (age, text) => {
    expect(formatAge(age)).toBe(text);
  });

  it('calls a value stale after three intervals, at least a minute, or 30 minutes when the interval is unknown', () => {
    expect(isStale(60_000, 1000)).toBe(false);
    expect(isStale(60_001, 1000)).toBe(true);
    expect(isStale(30 * 60_000, 600_000)).toBe(false);
    expect(isStale(30 * 60_000 + 1, 600_000)).toBe(true);
    expect(isStale(30 * 60_000 + 1, undefined)).toBe(true);
    expect(isStale(29 * 60_000, undefined)).toBe(false);
  });

  it('writes a value with its unit, at most two decimals', () => {
    expect(withUnit(21.456, '°C')).toBe('21.46 °C');
    expect(withUnit(1013, undefined)).toBe('1013');
  });
});

describe('CSV', () => {
  it('writes one row per point, no row for a gap', () => {
    const csv = toCsv(
      new Map([
        [
          'maison/salon/temperature',
          [
            { t: 0, min: 1, mean: 2, max: 3 },
            { t: 1000, min: null, mean: null, max: null },
            { t: 2000, min: 4, mean: 4, max: 4 },
          ],
        ],
      ]),
    );
    expect(csv).toBe(
      'topic,time,min,mean,max\r\nmaison/salon/temperature,1970-01-01T00:00:00.000Z,1,2,3\r\nmaison/salon/temperature,1970-01-01T00:00:02.000Z,4,4,4\r\n',
    );
  });

  it('quotes what needs quoting and defuses formulas', () => {
    expect(csvText('a,b')).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvText('-1+2')).toBe(`"'-1+2"`);
    expect(csvText('maison/salon')).toBe('maison/salon');
  });

  it('names the file after the quantity, the range and the time', () => {
    expect(csvFileName('temperature', '24h', Date.UTC(2026, 11, 2, 12, 5))).toBe('owm2mqtt-temperature-24h-2026-12-02T12-05Z.csv');
    expect(csvFileName('../x y', '1h', 0)).toBe('owm2mqtt-___x_y-1h-1970-01-01T00-00Z.csv');
  });
});

describe('ranges', () => {
  it('reads the range from the URL fragment, 24 h by default', () => {
    expect(rangeFromHash('#7d').ms).toBe(7 * 86_400_000);
    expect(rangeFromHash('').id).toBe('24h');
    expect(rangeFromHash('#nonsense').id).toBe('24h');
  });
});

describe('alerts', () => {
  it('lists state, value, threshold and since first, then the rest', () => {
    const alert = {
      topic: 'stats/alerts/x',
      fields: { rule: '>25', since: 's', state: 'raised', value: '26', threshold: '25' },
      active: true,
      t: 0,
    };
    expect(alertLines(alert)).toEqual(['state: raised', 'value: 26', 'threshold: 25', 'since: s', 'rule: >25']);
  });
});

describe('units', () => {
  it('takes the units from the quantity tables, in the bridge’s units', () => {
    expect(unitTable('metric')).toMatchObject({
      temperature: '°C',
      humidity: '%',
      humidite: '%',
      pressure: 'hPa',
      wind_speed: 'm/s',
      pm2_5: 'µg/m³',
    });
    expect(unitTable('imperial')).toMatchObject({ temperature: '°F', wind_speed: 'mph' });
    expect(unitTable('standard').temperature).toBe('K');
    expect(unitTable('metric').description).toBeUndefined();
  });
});
