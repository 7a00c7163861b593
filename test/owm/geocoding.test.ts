import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describePlace, localName, parseDirect, parseZip, type Place } from '../../src/owm/responses/geocoding.js';

const recorded = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/owm/${name}`, import.meta.url), 'utf8'));

describe('the Geocoding API answers', () => {
  it('direct: an array of places, told apart by state', () => {
    const result = parseDirect(recorded('geo-direct-springfield-us-limit5-five-states.json'));
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.places.map(describePlace)).toEqual([
      'Springfield, Illinois, US',
      'Springfield, Massachusetts, US',
      'Springfield, Missouri, US',
      'Springfield, Ohio, US',
      'Springfield, Oregon, US',
    ]);
    expect(result.places[0]).toMatchObject({ lat: 39.7990175, lon: -89.6439575 });
  });

  it('direct: none is an empty array, an answer', () => {
    expect(parseDirect([])).toEqual({ ok: true, places: [] });
  });

  it('zip: one object, no state', () => {
    const result = parseZip(recorded('geo-zip-94040-us-mountain-view.json'));
    expect(result).toEqual({ ok: true, places: [{ name: 'Mountain View', lat: 37.3855, lon: -122.088, country: 'US' }] });
  });

  it.each([
    ['an object where an array is due', parseDirect, { name: 'x', lat: 1, lon: 2 }, /\(body\)|expected array/],
    ['a latitude out of range', parseDirect, [{ name: 'x', lat: 91, lon: 2 }], /0\.lat/],
    ['a longitude out of range', parseZip, { name: 'x', lat: 1, lon: -181 }, /lon/],
    ['no name', parseZip, { lat: 1, lon: 2 }, /name/],
    ['a local name that is no text', parseDirect, [{ name: 'x', lat: 1, lon: 2, local_names: { en: 3 } }], /local_names/],
  ])('refuses %s, naming the field', (_what, parse, body, problem) => {
    const result = parse(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('; ')).toMatch(problem);
  });

  it('a place in OWM_LANG: its local name, pt_br read as pt, else its name; ascii and feature_name are no languages', () => {
    const lisbon: Place = {
      name: 'Lisbon',
      lat: 38.7,
      lon: -9.1,
      local_names: { pt: 'Lisboa', ascii: 'Lisbon', feature_name: 'Lisbon', de: 'Lissabon' },
    };
    expect(localName(lisbon, 'de')).toBe('Lissabon');
    expect(localName(lisbon, 'pt_br')).toBe('Lisboa');
    expect(localName(lisbon, 'fr')).toBe('Lisbon');
    expect(localName({ ...lisbon, local_names: undefined }, 'de')).toBe('Lisbon');
    expect(describePlace({ name: 'Chiado', lat: 0, lon: 0, state: '', country: 'PT' })).toBe('Chiado, PT');
    expect(describePlace({ name: 'Nowhere', lat: 0, lon: 0 })).toBe('Nowhere');
  });
});

describe('the Geocoding API problems quote what came', () => {
  it.each([
    [parseDirect, [{ name: 'x', lat: 91, lon: 2 }], /^0\.lat .*\(got 91\)$/],
    [parseZip, { name: 'x', lat: 1, lon: 200 }, /^lon .*\(got 200\)$/],
  ])('%#', (parse, body, problem) => {
    const result = parse(body);
    expect(!result.ok && result.problems).toEqual([expect.stringMatching(problem)]);
  });
});
