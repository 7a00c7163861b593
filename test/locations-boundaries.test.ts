/** OWM_LOCATIONS at the edges of every rule: both sides of each range, each anchor, each exact message. */
import { describe, expect, it } from 'vitest';
import { type Location, parseLocations } from '../src/owm/locations.js';

function parsed(value: string): Location[] {
  const result = parseLocations(value);
  if (!result.ok) throw new Error(`expected locations, got: ${result.problems.join(' | ')}`);
  return result.locations;
}
function problems(value: string): string[] {
  const result = parseLocations(value);
  if (result.ok) throw new Error(`expected problems, got ${JSON.stringify(result.locations)}`);
  return result.problems;
}

describe('geo: both sides of both ranges', () => {
  it.each([
    ['geo:90,0=a', 90, 0],
    ['geo:-90,0=a', -90, 0],
    ['geo:0,180=a', 0, 180],
    ['geo:0,-180=a', 0, -180],
    ['geo:89.9999,-179.9999=a', 89.9999, -179.9999],
  ])('%s is accepted', (entry, lat, lon) => {
    expect(parsed(entry)[0]!.selector).toEqual({ kind: 'geo', lat, lon });
  });

  it.each([
    ['geo:90.0001,0=a', 'latitude 90.0001 is outside -90..90'],
    ['geo:-90.0001,0=a', 'latitude -90.0001 is outside -90..90'],
    ['geo:0,180.0001=a', 'longitude 180.0001 is outside -180..180'],
    ['geo:0,-180.0001=a', 'longitude -180.0001 is outside -180..180'],
    ['geo:0,181=a', 'longitude 181 is outside -180..180'],
    ['geo:0,-181=a', 'longitude -181 is outside -180..180'],
  ])('%s is refused: %s', (entry, message) => {
    expect(problems(entry)).toEqual([`entry 1 "${entry}": ${message}`]);
  });
});

describe('geo: plain decimal degrees, nothing around them', () => {
  it.each(['x1,2', '1,2x', '1,x2', '1.2.3,4', '1e1,2', '--1,2', '.,2'])('geo:%s is refused', (value) => {
    expect(problems(`geo:${value}=a`)).toEqual([
      `entry 1 "geo:${value}=a": "geo:" needs latitude,longitude in decimal degrees, like geo:43.6047,1.4442 (got "${value}")`,
    ]);
  });

  it('takes several digits after a bare decimal point', () => {
    expect(parsed('geo:.55,-.55=a')[0]!.selector).toEqual({ kind: 'geo', lat: 0.55, lon: -0.55 });
  });
});

describe('id: a whole positive number, nothing around it', () => {
  it.each([
    ['id:1=a', 1],
    ['id:9007199254740991=a', Number.MAX_SAFE_INTEGER],
  ])('%s is accepted', (entry, id) => {
    expect(parsed(entry)[0]!.selector).toEqual({ kind: 'id', id });
  });

  it.each(['+5', '1e3', '0x10', '5a', 'a5', '9007199254740992'])('id:%s is refused, quoting the value', (value) => {
    expect(problems(`id:${value}=a`)).toEqual([
      `entry 1 "id:${value}=a": "id:" needs a positive whole OWM city id, like id:2988507 (got "${value}")`,
    ]);
  });
});

describe('selectors and cities', () => {
  it('trims the parts of a zip code, and upper-cases its country', () => {
    expect(parsed('zip: 31000 , fr =t')[0]!.selector).toEqual({ kind: 'zip', zip: '31000,FR' });
  });

  it('a selector may go on after a newline (a value spread over lines in a .env file)', () => {
    expect(parsed('geo:\n43.6,1.4=home')[0]!.selector).toEqual({ kind: 'geo', lat: 43.6, lon: 1.4 });
    expect(parsed('id:\n2988507=paris')[0]!.selector).toEqual({ kind: 'id', id: 2988507 });
  });

  it('a word and a colon further in the name is part of a city, not a selector', () => {
    expect(parsed('Rio de Janeiro:BR=rio')[0]!.selector).toEqual({ kind: 'q', q: 'Rio de Janeiro:BR' });
  });

  it('quotes the entry without the blanks before "="', () => {
    expect(problems('Paris,,FR =x')).toEqual([
      'entry 1 "Paris,,FR =x": a city is "City", "City,CC" or "City,ST,CC" with no empty part (got "Paris,,FR")',
    ]);
  });

  it('a slug drops the dashes at both ends', () => {
    expect(parsed('-Paris-,FR')[0]!.level).toBe('paris');
    expect(parsed('(St. Louis),US')[0]!.level).toBe('st-louis');
  });
});

describe('levels that collide', () => {
  const NFC = 'caf\u00e9';
  const NFD = 'cafe\u0301';

  it('says the texts differ only in normalisation when the first entry is the decomposed one', () => {
    expect(problems(`Paris,FR=${NFD};Lyon,FR=${NFC}`)).toEqual([
      `entry 2 "Lyon,FR=${NFC}": topic level "${NFC}" is already used by "Paris,FR=${NFD}" (the same text once Unicode-normalised to NFC): give one of them an alias (…=other-name)`,
    ]);
  });
});
