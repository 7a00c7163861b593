import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Owm2MqttError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/log.js';
import { parseLocations, type Location } from '../../src/owm/locations.js';
import { PlaceBook, REFRESH_MS } from '../../src/owm/places.js';
import type { Place } from '../../src/owm/responses/geocoding.js';

const LISBON: Place = { name: 'Lisbon', lat: 38.7077507, lon: -9.1365919, country: 'PT' };
const entry = (text: string): Location => {
  const parsed = parseLocations(text);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.locations[0]!;
};

function book(answers: (() => Place[])[], options: { file?: string; enabled?: boolean } = {}) {
  let now = Date.parse('2026-12-01T00:00:00Z');
  const lines: string[] = [];
  let asked = 0;
  const places = new PlaceBook({
    enabled: options.enabled ?? true,
    file: options.file,
    geocode: async () => answers[Math.min(asked++, answers.length - 1)]!(),
    log: createLogger({ level: 'debug', write: (line) => lines.push(line) }),
    now: () => now,
  });
  return { places, lines, asked: () => asked, advance: (ms: number) => void (now += ms) };
}
const outage = () => {
  throw new Owm2MqttError('OWM_SERVER_ERROR', 'OpenWeatherMap had a server error (HTTP 503)');
};

describe('PlaceBook', () => {
  it('asks a q entry once, by coordinates rounded to 4 decimals, and keeps its level and entry', async () => {
    const { places, asked } = book([() => [LISBON]]);
    const location = entry('Lisbon,PT');
    const resolved = await places.resolve(location);
    expect(resolved).toEqual({ ...location, selector: { kind: 'geo', lat: 38.7078, lon: -9.1366 } });
    await places.resolve(location);
    expect(asked()).toBe(1);
  });

  it('leaves id: and geo: entries, and everything with OWM_GEOCODING=false, as they are', async () => {
    const { places, asked } = book([() => [LISBON]]);
    for (const text of ['id:2267057=lisbon', 'geo:38.7,-9.1=lisbon']) expect(await places.resolve(entry(text))).toEqual(entry(text));
    const off = book([() => [LISBON]], { enabled: false });
    expect(await off.places.resolve(entry('Lisbon,PT'))).toEqual(entry('Lisbon,PT'));
    expect(asked() + off.asked()).toBe(0);
  });

  it('asks again after 30 days; a failed refresh keeps the kept place', async () => {
    const moved: Place = { ...LISBON, lat: 38.7, lon: -9.1 };
    const { places, asked, advance } = book([() => [LISBON], outage, () => [moved]]);
    const location = entry('Lisbon,PT');
    await places.resolve(location);
    advance(REFRESH_MS - 1);
    await places.resolve(location);
    expect(asked()).toBe(1);
    advance(1);
    expect((await places.resolve(location)).selector).toEqual({ kind: 'geo', lat: 38.7078, lon: -9.1366 });
    expect(asked()).toBe(2);
    // Not asked again for 10 minutes after an outage.
    advance(10 * 60_000 - 1);
    await places.resolve(location);
    expect(asked()).toBe(2);
    advance(1);
    expect((await places.resolve(location)).selector).toEqual({ kind: 'geo', lat: 38.7, lon: -9.1 });
  });

  it('an outage with nothing kept: the entry as written (the built-in geocoding), and a warning', async () => {
    const { places, lines } = book([outage]);
    expect(await places.resolve(entry('Lisbon,PT'))).toEqual(entry('Lisbon,PT'));
    expect(lines.join('\n')).toContain("asking OpenWeatherMap's built-in geocoding this time");
  });

  it('a rejected key is not an outage: it fails the location', async () => {
    const { places } = book([
      () => {
        throw new Owm2MqttError('OWM_UNAUTHORIZED', 'OpenWeatherMap rejected the API key (HTTP 401)');
      },
    ]);
    await expect(places.resolve(entry('Lisbon,PT'))).rejects.toMatchObject({ code: 'OWM_UNAUTHORIZED' });
  });

  it('no match: OWM_NOT_FOUND naming the entry and a geo: entry with its level', async () => {
    const { places } = book([() => []]);
    await expect(places.resolve(entry('Atlantis,GR=lost'))).rejects.toMatchObject({ code: 'OWM_NOT_FOUND' });
    await expect(book([() => []]).places.resolve(entry('Atlantis,GR=lost'))).rejects.toThrow(
      /knows no place "Atlantis,GR=lost": write it as City,CC or City,ST,US \(the state only in the US\), or as geo:LAT,LON=lost/,
    );
  });

  it('keeps the places in a file that a new book reads without asking; a damaged file is said and asked again', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'places-')), 'deep', 'places.json');
    await book([() => [LISBON]], { file }).places.resolve(entry('Lisbon,PT'));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1, places: { 'q:Lisbon,PT': { lat: 38.7078, lon: -9.1366 } } });
    const second = book([outage], { file });
    expect((await second.places.resolve(entry('Lisbon,PT'))).selector).toEqual({ kind: 'geo', lat: 38.7078, lon: -9.1366 });
    expect(second.asked()).toBe(0);
    writeFileSync(file, '{not json');
    const third = book([() => [LISBON]], { file });
    await third.places.resolve(entry('Lisbon,PT'));
    expect(third.lines.join('\n')).toContain('are not valid JSON: asking again');
    expect(third.asked()).toBe(1);
  });

  it('several places: the first, and a warning naming the others with state and country and the way to choose', async () => {
    const { places, lines } = book([
      () => [
        { name: 'Springfield', lat: 39.7990175, lon: -89.6439575, state: 'Illinois', country: 'US' },
        { name: 'Springfield', lat: 42.1, lon: -72.58, state: 'Massachusetts', country: 'US' },
      ],
    ]);
    expect((await places.resolve(entry('Springfield,US'))).selector).toEqual({ kind: 'geo', lat: 39.799, lon: -89.644 });
    expect(lines).toEqual([
      'WARN  springfield: "Springfield,US" names 2 places; using Springfield, Illinois, US (39.799, -89.644), not Springfield, Massachusetts, US. To choose, write geo:LAT,LON=springfield (`owm2mqtt locate` prints them)',
      'INFO  springfield: "Springfield,US" is Springfield, Illinois, US (39.799, -89.644)',
    ]);
    expect(places.kept(entry('Springfield,US'))).toMatchObject({ lat: 39.799, lon: -89.644, state: 'Illinois', country: 'US' });
    expect(places.kept(entry('geo:1,2=x'))).toBeUndefined();
  });

  it('a place kept and now unknown to the API (a refresh answering none) keeps the kept one', async () => {
    const { places, advance } = book([() => [LISBON], () => []]);
    const location = entry('Lisbon,PT');
    await places.resolve(location);
    advance(REFRESH_MS);
    expect((await places.resolve(location)).selector).toEqual({ kind: 'geo', lat: 38.7078, lon: -9.1366 });
  });

  it('a zip entry is kept under its own key; each place is said once a process', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'places-')), 'places.json');
    const first = book([() => [{ name: 'Mountain View', lat: 37.3855, lon: -122.088, country: 'US' }]], { file });
    await first.places.resolve(entry('zip:94040,US=mv'));
    expect(Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { places: object }).places)).toEqual(['zip:94040,US']);
    const second = book([outage], { file });
    await second.places.resolve(entry('zip:94040,US=mv'));
    await second.places.resolve(entry('zip:94040,US=mv'));
    expect(second.lines.filter((line) => line.includes('is Mountain View, US (37.3855, -122.088), kept since 2026-12-01'))).toHaveLength(1);
  });

  it('entries of a damaged shape in the file are skipped, the good ones kept', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'places-')), 'places.json');
    const good = { lat: 38.7078, lon: -9.1366, name: 'Lisbon', resolvedAt: Date.parse('2026-12-01T00:00:00Z') };
    writeFileSync(
      file,
      JSON.stringify({
        places: {
          'q:Lisbon,PT': good,
          'q:Bad1,PT': { ...good, lat: 91 },
          'q:Bad2,PT': { ...good, lon: '1' },
          'q:Bad3,PT': { ...good, name: undefined },
          'q:Bad4,PT': { ...good, resolvedAt: 'x' },
          'q:Bad5,PT': null,
        },
      }),
    );
    const { places, asked } = book([() => [LISBON]], { file });
    for (const name of ['Lisbon', 'Bad1', 'Bad2', 'Bad3', 'Bad4', 'Bad5']) await places.resolve(entry(`${name},PT`));
    expect(asked()).toBe(5);
  });

  it('a places file that cannot be written is said once, and the places are kept in memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'places-'));
    // A directory where the file should be: neither readable as a file nor replaceable by one.
    const file = join(dir, 'places.json');
    mkdirSync(file);
    const { places, lines, asked } = book([() => [LISBON], () => [{ ...LISBON, name: 'Porto' }], () => [{ ...LISBON, name: 'Faro' }]], {
      file,
    });
    expect(lines.join('\n')).toContain(`could not read the kept places in ${file}`);
    await places.resolve(entry('Lisbon,PT'));
    await places.resolve(entry('Porto,PT'));
    await places.resolve(entry('Faro,PT'));
    await places.resolve(entry('Lisbon,PT'));
    expect(asked()).toBe(3);
    expect(lines.filter((line) => line.includes(`could not keep the places in ${file}`))).toHaveLength(1);
  });

  it("a run's deadline is not an outage: it fails the location, and nothing is said", async () => {
    const { places, lines } = book([
      () => {
        throw new Owm2MqttError('DEADLINE', "gave up: the run's deadline passed");
      },
    ]);
    await expect(places.resolve(entry('Lisbon,PT'))).rejects.toMatchObject({ code: 'DEADLINE' });
    expect(lines).toEqual([]);
  });

  it('says where the kept place is from to the day, in both the outage and the start lines', async () => {
    const { places, lines, advance } = book([() => [LISBON], outage]);
    await places.resolve(entry('Lisbon,PT'));
    advance(REFRESH_MS);
    await places.resolve(entry('Lisbon,PT'));
    expect(lines.at(-1)).toBe(
      'WARN  lisbon: the Geocoding API could not resolve "Lisbon,PT" (OpenWeatherMap had a server error (HTTP 503)): using the place kept from 2026-12-01',
    );
    const file = join(mkdtempSync(join(tmpdir(), 'places-')), 'places.json');
    await book([() => [LISBON]], { file }).places.resolve(entry('Lisbon,PT'));
    const again = book([outage], { file });
    await again.places.resolve(entry('Lisbon,PT'));
    expect(again.lines).toEqual(['INFO  lisbon: "Lisbon,PT" is Lisbon, PT (38.7078, -9.1366), kept since 2026-12-01']);
  });

  it('one place says no warning; three list the two others, separated; a place without state or country keeps neither key', async () => {
    const { places, lines } = book([
      () => [{ name: 'Nowhere', lat: 1, lon: 2 }],
      () => [
        { name: 'A', lat: 1, lon: 1, country: 'US' },
        { name: 'B', lat: 2, lon: 2, country: 'US' },
        { name: 'C', lat: 3, lon: 3, country: 'US' },
      ],
    ]);
    await places.resolve(entry('Nowhere,XX'));
    expect(lines.filter((line) => line.startsWith('WARN'))).toEqual([]);
    expect(Object.keys(places.kept(entry('Nowhere,XX'))!).sort()).toEqual(['lat', 'lon', 'name', 'resolvedAt']);
    await places.resolve(entry('A,US'));
    expect(lines.find((line) => line.startsWith('WARN'))).toContain('not B, US; C, US. To choose');
  });

  it('a kept place with a latitude written as text is no place', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'places-')), 'places.json');
    // Asked the day before: fresh, so only its shape can make it asked again.
    writeFileSync(
      file,
      JSON.stringify({
        places: { 'q:Lisbon,PT': { lat: '38.7', lon: -9.1, name: 'Lisbon', resolvedAt: Date.parse('2026-11-30T00:00:00Z') } },
      }),
    );
    const { places, asked } = book([() => [LISBON]], { file });
    await places.resolve(entry('Lisbon,PT'));
    expect(asked()).toBe(1);
  });

  it('a book reading a good file, or none yet, says nothing about it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'places-')), 'places.json');
    expect(book([() => []], { file }).lines).toEqual([]);
    writeFileSync(file, JSON.stringify({ places: {} }));
    expect(book([() => []], { file }).lines).toEqual([]);
  });

  it.each([
    ['a latitude of exactly 90 and a longitude of exactly -180', { lat: 90, lon: -180 }, 0],
    ['a longitude beyond 180', { lon: 180.5 }, 1],
    ['a longitude written as text', { lon: '-9.1' }, 1],
    ['no day it was asked', { resolvedAt: undefined }, 1],
    ['not an object at all', 'Lisbon', 1],
  ])('a kept place with %s: asked again %i time(s)', async (_what, change, times) => {
    const file = join(mkdtempSync(join(tmpdir(), 'places-')), 'places.json');
    const good = { lat: 38.7078, lon: -9.1366, name: 'Lisbon', resolvedAt: Date.parse('2026-12-01T00:00:00Z') };
    writeFileSync(file, JSON.stringify({ places: { 'q:Lisbon,PT': typeof change === 'string' ? change : { ...good, ...change } } }));
    const { places, asked } = book([() => [LISBON]], { file });
    await places.resolve(entry('Lisbon,PT'));
    expect(asked()).toBe(times);
  });

  it('a null among the kept places is skipped, and the places after it are still read', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'places-')), 'places.json');
    const good = { lat: 38.7078, lon: -9.1366, name: 'Lisbon', resolvedAt: Date.parse('2026-11-30T00:00:00Z') };
    writeFileSync(file, JSON.stringify({ places: { 'q:Nothing,PT': null, 'q:Lisbon,PT': good } }));
    const { places, asked, lines } = book([() => [LISBON]], { file });
    await places.resolve(entry('Lisbon,PT'));
    expect(asked()).toBe(0);
    expect(lines.join('\n')).not.toContain('not valid JSON');
  });
});
