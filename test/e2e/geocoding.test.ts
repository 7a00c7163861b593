import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { baseEnv, uniquePrefix } from '../helpers/env.js';
import { fixture } from '../helpers/fake-owm.js';
import { retainedSnapshot } from '../helpers/subscriber.js';
import { expectNoSecret, useBrokerAndOwm } from '../helpers/world.js';

const WEATHER = 'weather-clouds-all-optional-fields-metric.json';
const world = useBrokerAndOwm();

/** Geocoding on, its places kept in a file of this test's own. */
function geocodingEnv(prefix: string, locations: string, more: Record<string, string> = {}) {
  const placesFile = join(mkdtempSync(join(tmpdir(), 'owm2mqtt-places-')), 'places.json');
  const env = baseEnv(world.owm.url, world.broker.url, prefix, {
    OWM_LOCATIONS: locations,
    OWM_GEOCODING: 'true',
    OWM_PLACES_FILE: placesFile,
    OWM_RETRIES: '0',
    ...more,
  });
  return { env, placesFile };
}
const calls = (selector: string) => world.owm.requests.filter((r) => r.selector === selector);

it("one match: asked once with limit=5, then the weather by coordinates, under the entry's own topic level; a restart asks no more", async () => {
  const prefix = uniquePrefix('geo-one');
  world.owm.script('geo:direct:q=Lisbon,PT', [{ fixture: 'geo-direct-lisbon-no-state-2023.json' }]);
  world.owm.script('lat=38.7078&lon=-9.1366', [{ fixture: WEATHER }]);
  const { env, placesFile } = geocodingEnv(prefix, 'Lisbon,PT');
  const before = calls('geo:direct:q=Lisbon,PT').length;
  const run = await runCli(['--once'], env);
  expectNoSecret(run);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain('lisbon: "Lisbon,PT" is Lisbon, PT (38.7078, -9.1366)');
  const asked = calls('geo:direct:q=Lisbon,PT');
  expect(asked.length - before).toBe(1);
  expect(asked.at(-1)!.params.get('limit')).toBe('5');
  expect(asked.at(-1)!.path).toBe('/geo/1.0/direct');
  expect((await retainedSnapshot(world.broker.url, `${prefix}/#`)).get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
  const kept = JSON.parse(readFileSync(placesFile, 'utf8')) as { places: Record<string, { lat: number; lon: number; country: string }> };
  expect(kept.places['q:Lisbon,PT']).toMatchObject({ lat: 38.7078, lon: -9.1366, country: 'PT' });

  // A restart: the kept place, no call to /geo/1.0, even with the Geocoding API down.
  world.owm.script('geo:direct:q=Lisbon,PT', [{ body: 'down', status: 503 }]);
  const weatherBefore = calls('lat=38.7078&lon=-9.1366').length;
  const again = await runCli(['--once'], { ...env, PUBLISH_UNCHANGED: 'true' });
  expect(again.code).toBe(0);
  expect(again.stderr).toMatch(/lisbon: "Lisbon,PT" is Lisbon, PT \(38\.7078, -9\.1366\), kept since \d{4}-\d\d-\d\d/);
  expect(calls('geo:direct:q=Lisbon,PT').length - before).toBe(1);
  expect(calls('lat=38.7078&lon=-9.1366').length - weatherBefore).toBe(1);
});

it('several matches: the first is used, and a warning lists the others with state and country', async () => {
  const prefix = uniquePrefix('geo-several');
  world.owm.script('geo:direct:q=Springfield,US', [{ fixture: 'geo-direct-springfield-us-limit5-five-states.json' }]);
  world.owm.script('lat=39.799&lon=-89.644', [{ fixture: WEATHER }]);
  const run = await runCli(['--once'], geocodingEnv(prefix, 'Springfield,US').env);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain(
    'springfield: "Springfield,US" names 5 places; using Springfield, Illinois, US (39.799, -89.644), not Springfield, Massachusetts, US; Springfield, Missouri, US; Springfield, Ohio, US; Springfield, Oregon, US',
  );
  expect((await retainedSnapshot(world.broker.url, `${prefix}/#`)).get(`${prefix}/springfield/temperature`)?.payload).toBe('22.55');
});

it('no match ([] or 404): that location fails, naming the entry and what to write instead; the others go on', async () => {
  const prefix = uniquePrefix('geo-none');
  world.owm.script('geo:direct:q=Nowhere,XX', [{ body: '[]' }]);
  world.owm.script('geo:direct:q=Lisbon,PT', [{ fixture: 'geo-direct-lisbon-no-state-2023.json' }]);
  world.owm.script('lat=38.7078&lon=-9.1366', [{ fixture: WEATHER }]);
  const run = await runCli(['--once'], geocodingEnv(prefix, 'Nowhere,XX;Lisbon,PT;zip:00000,PT=nozip').env);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(
    `nowhere: OpenWeatherMap's Geocoding API knows no place "Nowhere,XX": write it as City,CC or City,ST,US (the state only in the US), or as geo:LAT,LON=nowhere`,
  );
  // An unscripted zip gets the stand-in's 404 {"cod":"404","message":"not found"}-like answer: not found, not an outage.
  expect(run.stderr).toMatch(/nozip: OpenWeatherMap.s Geocoding API knows no place "zip:00000,PT=nozip"/);
  expect(run.stderr).not.toContain('built-in geocoding');
  expect((await retainedSnapshot(world.broker.url, `${prefix}/#`)).get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
});

it('a zip entry is resolved through /geo/1.0/zip', async () => {
  const prefix = uniquePrefix('geo-zip');
  world.owm.script('geo:zip:zip=94040,US', [{ fixture: 'geo-zip-94040-us-mountain-view.json' }]);
  world.owm.script('lat=37.3855&lon=-122.088', [{ fixture: WEATHER }]);
  const run = await runCli(['--once'], geocodingEnv(prefix, 'zip:94040,US=mv').env);
  expect(run.code).toBe(0);
  expect(calls('geo:zip:zip=94040,US').at(-1)!.path).toBe('/geo/1.0/zip');
  expect((await retainedSnapshot(world.broker.url, `${prefix}/#`)).get(`${prefix}/mv/temperature`)?.payload).toBe('22.55');
});

it("the Geocoding API unreachable: OWM's built-in geocoding this time, with a warning", async () => {
  const prefix = uniquePrefix('geo-down');
  world.owm.script('geo:direct:q=Porto,PT', [{ body: 'down', status: 503 }]);
  world.owm.script('q=Porto,PT', [{ fixture: WEATHER }]);
  const run = await runCli(['--once'], geocodingEnv(prefix, 'Porto,PT').env);
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(
    /porto: the Geocoding API could not resolve "Porto,PT" \(OpenWeatherMap had a server error \(HTTP 503\)\): asking OpenWeatherMap's built-in geocoding this time/,
  );
  expect((await retainedSnapshot(world.broker.url, `${prefix}/#`)).get(`${prefix}/porto/temperature`)?.payload).toBe('22.55');
});

it('owm2mqtt locate lists the candidates with a ready entry each, OWM text shown inert; no OWM_LOCATIONS needed', async () => {
  const hostile = JSON.parse(fixture('geo-direct-springfield-us-limit5-five-states.json')) as { name: string; state: string }[];
  hostile[4]!.state = 'Ore\u001b[2J\u001b]0;PWNED\u0007gon';
  world.owm.script('geo:direct:q=Springfield,US', [{ body: JSON.stringify(hostile) }]);
  const env = baseEnv(world.owm.url, world.broker.url, 'unused', { OWM_LANG: 'ru' });
  const run = await runCli(['locate', 'Springfield,US'], env);
  expectNoSecret(run);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('5 place(s) for "Springfield,US":');
  expect(run.stdout).toContain(
    '1. Springfield (Спрингфилд), Illinois, US  39.799, -89.644\n   OWM_LOCATIONS entry: geo:39.799,-89.644=springfield',
  );
  expect(run.stdout).toContain('Ore\\x1b[2J\\x1b]0;PWNED\\x07gon');
  expect(run.stdout).not.toContain('\u001b');

  world.owm.script('geo:direct:q=Nowhere', [{ body: '[]' }]);
  const none = await runCli(['locate', 'Nowhere'], env);
  expect(none.code).toBe(1);
  expect(none.stdout).toContain(`OpenWeatherMap's Geocoding API knows no place "Nowhere"`);
  const missing = await runCli(['locate'], env);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('locate needs a place name');
});
