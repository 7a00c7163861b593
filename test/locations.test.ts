import { describe, expect, it } from 'vitest';
import { type Location, parseLocations, type Selector, selectorParams, slugify } from '../src/owm/locations.js';

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

describe('slugify', () => {
  it.each([
    ['Paris', 'paris'],
    ['Saint-Étienne', 'saint-etienne'],
    ['São Paulo', 'sao-paulo'],
    ['New York', 'new-york'],
    ['Köln', 'koln'],
    ['Zürich', 'zurich'],
    ["St. John's", 'st-john-s'],
    ['  --Hello__World--  ', 'hello-world'],
    ['Ｔｏｋｙｏ１２', 'tokyo12'], // full-width letters and digits fold under NFKD
    ['ﬁnland', 'finland'], // ligature
    ['Straße', 'stra-e'], // ß has no NFKD decomposition: it is a non [a-z0-9] run
    ['Москва', ''],
    ['!!!', ''],
  ])('slugify(%j) is %j', (name, expected) => {
    expect(slugify(name)).toBe(expected);
  });
});

describe('valid entries', () => {
  it.each<[string, Selector, string]>([
    ['Paris,FR', { kind: 'q', q: 'Paris,FR' }, 'paris'],
    ['Paris', { kind: 'q', q: 'Paris' }, 'paris'],
    ['Springfield,IL,US', { kind: 'q', q: 'Springfield,IL,US' }, 'springfield'],
    ['São Paulo,BR', { kind: 'q', q: 'São Paulo,BR' }, 'sao-paulo'],
    ['New York,US', { kind: 'q', q: 'New York,US' }, 'new-york'],
    ['Saint-Étienne,FR', { kind: 'q', q: 'Saint-Étienne,FR' }, 'saint-etienne'],
    ['Paris , FR', { kind: 'q', q: 'Paris,FR' }, 'paris'],
    ['Paris,FR=home', { kind: 'q', q: 'Paris,FR' }, 'home'],
    ['Paris,FR= Maison ', { kind: 'q', q: 'Paris,FR' }, 'Maison'],
    ['Москва=moscow', { kind: 'q', q: 'Москва' }, 'moscow'],
    ['id:2988507=paris', { kind: 'id', id: 2988507 }, 'paris'],
    ['ID: 2988507 =paris', { kind: 'id', id: 2988507 }, 'paris'],
    ['zip:31000,FR=toulouse', { kind: 'zip', zip: '31000,FR' }, 'toulouse'],
    ['zip:31000,fr=toulouse', { kind: 'zip', zip: '31000,FR' }, 'toulouse'],
    ['zip:31000=toulouse', { kind: 'zip', zip: '31000' }, 'toulouse'],
    ['zip:SW1A 1AA,GB=london', { kind: 'zip', zip: 'SW1A 1AA,GB' }, 'london'],
    ['geo:43.6047,1.4442=toulouse', { kind: 'geo', lat: 43.6047, lon: 1.4442 }, 'toulouse'],
    ['geo:-33.8688, 151.2093=sydney', { kind: 'geo', lat: -33.8688, lon: 151.2093 }, 'sydney'],
    ['geo:90,-180=north', { kind: 'geo', lat: 90, lon: -180 }, 'north'],
    ['geo:-90,180=south', { kind: 'geo', lat: -90, lon: 180 }, 'south'],
    ['geo:.5,-.5=gulf', { kind: 'geo', lat: 0.5, lon: -0.5 }, 'gulf'],
    ['geo:+1,2.=plus', { kind: 'geo', lat: 1, lon: 2 }, 'plus'],
  ])('%j', (entry, selector, level) => {
    expect(parsed(entry)).toEqual([{ entry: entry.trim(), level, selector }]);
  });

  it('parses several entries in order, trimming blanks around ";"', () => {
    expect(parsed(' Paris,FR ; geo:43.6047,1.4442=toulouse;id:2988507=home ;Springfield,IL,US')).toEqual([
      { entry: 'Paris,FR', level: 'paris', selector: { kind: 'q', q: 'Paris,FR' } },
      { entry: 'geo:43.6047,1.4442=toulouse', level: 'toulouse', selector: { kind: 'geo', lat: 43.6047, lon: 1.4442 } },
      { entry: 'id:2988507=home', level: 'home', selector: { kind: 'id', id: 2988507 } },
      { entry: 'Springfield,IL,US', level: 'springfield', selector: { kind: 'q', q: 'Springfield,IL,US' } },
    ]);
  });

  it('lets an alias tell two same-named cities apart', () => {
    expect(parsed('Paris,FR;Paris,TX,US=paris-tx').map((l) => l.level)).toEqual(['paris', 'paris-tx']);
  });
});

describe('invalid entries: one problem naming the entry and what is accepted', () => {
  it.each([
    ['Москва', 'has no letters a-z or digits to make a topic level from: add an alias, like Москва=moscow'],
    ['!!!,US', 'has no letters a-z or digits'],
    ['geo:91,0', 'latitude 91 is outside -90..90'],
    ['geo:-90.5,0=x', 'latitude -90.5 is outside -90..90'],
    ['geo:0,181=x', 'longitude 181 is outside -180..180'],
    ['geo:1=x', 'needs latitude,longitude in decimal degrees, like geo:43.6047,1.4442 (got "1")'],
    ['geo:1,2,3=x', 'needs latitude,longitude'],
    ['geo:a,b=x', 'needs latitude,longitude'],
    ['geo:1e2,0=x', 'needs latitude,longitude'],
    ['geo:,=x', 'needs latitude,longitude'],
    ['zip:', 'needs a postal code and optionally a 2-letter country code, like zip:31000,FR (got "")'],
    ['zip:,FR=x', 'needs a postal code'],
    ['zip:31000,FRA=x', 'needs a postal code'],
    ['zip:31000,FR,X=x', 'needs a postal code'],
    ['id:abc', 'needs a positive whole OWM city id, like id:2988507 (got "abc")'],
    ['id:0=x', 'needs a positive whole OWM city id'],
    ['id:-5=x', 'needs a positive whole OWM city id'],
    ['id:1.5=x', 'needs a positive whole OWM city id'],
    ['id:99999999999999999=x', 'needs a positive whole OWM city id'],
    ['id:2988507', 'id: entries need an alias to name their topic level, like id:2988507=home'],
    ['zip:31000,FR', 'zip: entries need an alias'],
    ['geo:43.6047,1.4442', 'geo: entries need an alias'],
    ['city:Paris=x', '"city:" is not a known selector (use a city name, id:, zip: or geo:)'],
    ['bridge', 'topic level "bridge" is reserved'],
    ['Bridge,US', 'topic level "bridge" is reserved'],
    ['Paris=bridge', 'topic level "bridge" is reserved'],
    ['Paris=a/b', 'alias "a/b" contains "/", "+" or "#"'],
    ['Paris=a+b', 'alias "a+b" contains "/", "+" or "#"'],
    ['Paris=#', 'alias "#" contains "/", "+" or "#"'],
    ['Paris=$SYS', 'alias "$SYS" starts with "$"'],
    ['Paris=a\0b', 'alias "a\0b" contains a NUL character'],
    ['Paris=', 'alias "" is empty'],
    [`Paris=${'x'.repeat(257)}`, 'is longer than 256 bytes'],
    ['=paris', 'has no location before "="'],
    ['Paris,,FR', 'a city is "City", "City,CC" or "City,ST,CC" with no empty part (got "Paris,,FR")'],
    ['Paris,', 'with no empty part'],
    ['A,B,C,D', 'with no empty part'],
  ])('%j', (entry, message) => {
    const found = problems(entry);
    expect(found).toHaveLength(1);
    expect(found[0]!.startsWith(`entry 1 "${entry}": `)).toBe(true);
    expect(found[0]).toContain(message);
  });

  it.each([
    ['Paris;;', [2, 3]],
    [';Paris', [1]],
    ['Paris; ;Lyon', [2]],
    [';', [1, 2]],
  ] as const)('%j has empty entries %j', (value, empty) => {
    expect(problems(value)).toEqual(empty.map((n) => `entry ${n} is empty (entries are separated by a single ";")`));
  });

  it.each([
    ['Paris,FR;Paris,US', 'entry 2 "Paris,US": topic level "paris" is already used by "Paris,FR"'],
    ['Paris;geo:1,2=paris', 'entry 2 "geo:1,2=paris": topic level "paris" is already used by "Paris"'],
    ['São Paulo;Sao Paulo,BR', 'entry 2 "Sao Paulo,BR": topic level "sao-paulo" is already used by "São Paulo"'],
    ['Lyon=home;Nice;Nice,FR=home', 'entry 3 "Nice,FR=home": topic level "home" is already used by "Lyon=home"'],
  ])('refuses duplicate levels in %j', (value, message) => {
    const found = problems(value);
    expect(found).toHaveLength(1);
    expect(found[0]).toBe(`${message}: give one of them an alias (…=other-name)`);
  });

  it('reports every bad entry at once, numbered', () => {
    const found = problems('Москва;Paris;;geo:91,0;Paris,FR;id:abc=x;Lyon');
    expect(found.map((p) => /^entry (\d+)/.exec(p)?.[1])).toEqual(['1', '3', '4', '5', '6']);
    expect(found[3]).toContain('already used by "Paris"');
  });
});

describe('selectorParams', () => {
  it.each<[Selector, Record<string, string>]>([
    [{ kind: 'q', q: 'São Paulo,BR' }, { q: 'São Paulo,BR' }],
    [{ kind: 'q', q: 'New York,US' }, { q: 'New York,US' }],
    [{ kind: 'id', id: 2988507 }, { id: '2988507' }],
    [{ kind: 'zip', zip: '31000,FR' }, { zip: '31000,FR' }],
    [
      { kind: 'geo', lat: 43.6047, lon: 1.4442 },
      { lat: '43.6047', lon: '1.4442' },
    ],
    [
      { kind: 'geo', lat: -33.8688, lon: 151.2093 },
      { lat: '-33.8688', lon: '151.2093' },
    ],
  ])('%j → %j', (selector, expected) => {
    expect(selectorParams(selector)).toEqual(expected);
  });

  it.each([
    ['Springfield,IL,US', { q: 'Springfield,IL,US' }],
    ['id:2988507=p', { id: '2988507' }],
    ['zip:31000,fr=t', { zip: '31000,FR' }],
    ['geo:43.6047,1.4442=t', { lat: '43.6047', lon: '1.4442' }],
  ])('%j parses into query %j', (entry, expected) => {
    expect(selectorParams(parsed(entry)[0]!.selector)).toEqual(expected);
  });
});

describe('Unicode spellings and lengths of topic levels', () => {
  const NFC = 'caf\u00e9';
  const NFD = 'cafe\u0301';

  it('an alias is NFC-normalised: the two spellings of "café" give one level', () => {
    expect(parsed(`Paris,FR=${NFD}`)[0]!.level).toBe(NFC);
    expect(parsed(`Paris,FR=${NFC}`)[0]!.level).toBe(NFC);
  });

  it('two entries whose aliases differ only in normalisation collide, and the message says why', () => {
    expect(problems(`Paris,FR=${NFC};Lyon,FR=${NFD}`)).toEqual([
      `entry 2 "Lyon,FR=${NFD}": topic level "${NFC}" is already used by "Paris,FR=${NFC}" (the same text once Unicode-normalised to NFC): give one of them an alias (…=other-name)`,
    ]);
  });

  it('the city sent to OWM is NFC-normalised too', () => {
    expect(parsed(`Sa\u0303o Paulo,BR`)[0]!.selector).toEqual({ kind: 'q', q: 'S\u00e3o Paulo,BR' });
  });

  it('a slug is bounded like an alias: 256 bytes', () => {
    expect(parsed(`${'a'.repeat(256)},FR`)[0]!.level).toHaveLength(256);
    expect(problems(`${'a'.repeat(257)},FR`)).toEqual([
      `entry 1 "${'a'.repeat(257)},FR": the city name makes a topic level of 257 bytes (at most 256): add a shorter alias, like …=home`,
    ]);
  });
});
