import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Owm2MqttError, codeOf, messageOf } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { Location } from './locations.js';
import { describePlace, type Place } from './responses/geocoding.js';

/** What the Geocoding API said for one entry, as kept on disk. */
export interface KeptPlace {
  readonly lat: number;
  readonly lon: number;
  readonly name: string;
  readonly state?: string;
  readonly country?: string;
  /** When it was asked (ms since the epoch). */
  readonly resolvedAt: number;
}

export interface PlaceBookOptions {
  /** OWM_GEOCODING: false keeps OWM's built-in (deprecated) geocoding of `q=` and `zip=`. */
  readonly enabled: boolean;
  /** Where the places are kept between runs; undefined: in memory only. */
  readonly file: string | undefined;
  readonly geocode: (location: Location, signal?: AbortSignal) => Promise<Place[]>;
  readonly log: Logger;
  readonly now?: () => number;
  /** A kept place is asked again after this long (a town's coordinates do not move; names get fixed). */
  readonly refreshMs?: number;
}

export const REFRESH_MS = 30 * 86_400_000;
/** After an outage of the Geocoding API, it is asked again no sooner than this. */
const RETRY_MS = 10 * 60_000;
/** The weather endpoints echo 4 decimals (11 m): more would only change the cache key. */
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** The key of an entry in the kept places: its kind and query as written. */
export function placeKey(location: Location): string | undefined {
  const { selector } = location;
  if (selector.kind === 'q') return `q:${selector.q}`;
  if (selector.kind === 'zip') return `zip:${selector.zip}`;
  return undefined;
}

/**
 * `q` and `zip` entries resolved once through OWM's Geocoding API and kept on disk, so that a
 * restart neither spends calls nor depends on the API being up; the weather, forecast and air
 * quality are then asked by coordinates. The topic level never changes: it is the entry's.
 */
export class PlaceBook {
  private readonly places = new Map<string, KeptPlace>();
  /** Entries whose lookup failed for an outage: not asked again before this time. */
  private readonly retryAfter = new Map<string, number>();
  private warnedWrite = false;
  /** Entries whose place this process has said (once each: a daemon's log, a --dry-run's output). */
  private readonly said = new Set<string>();

  constructor(private readonly options: PlaceBookOptions) {
    this.load();
  }

  /** The kept place of an entry, if any (for `--print-config` and `--dry-run`). */
  kept(location: Location): KeptPlace | undefined {
    const key = placeKey(location);
    return key === undefined ? undefined : this.places.get(key);
  }

  /**
   * The location to ask OWM for: a `geo:` one at the entry's place, or the entry unchanged (an
   * `id:` or `geo:` entry, geocoding off, or the Geocoding API unreachable: OWM's built-in
   * geocoding then, said in a warning). An entry the API does not know fails with what to write.
   */
  async resolve(location: Location, signal?: AbortSignal): Promise<Location> {
    const key = placeKey(location);
    if (!this.options.enabled || key === undefined) return location;
    const now = this.now();
    const kept = this.places.get(key);
    const fresh = kept !== undefined && now - kept.resolvedAt < (this.options.refreshMs ?? REFRESH_MS);
    if (fresh || (this.retryAfter.get(key) ?? 0) > now) {
      if (kept && !this.said.has(key)) {
        this.said.add(key);
        this.options.log.info(
          `${location.level}: "${location.entry}" is ${describePlace(kept)} (${kept.lat}, ${kept.lon}), kept since ${new Date(kept.resolvedAt).toISOString().slice(0, 10)}`,
        );
      }
      return kept ? at(location, kept) : location;
    }
    let places: Place[];
    try {
      places = await this.options.geocode(location, signal);
    } catch (error) {
      if (codeOf(error) === 'OWM_UNAUTHORIZED' || codeOf(error) === 'DEADLINE') throw error;
      this.retryAfter.set(key, now + RETRY_MS);
      const fallback = kept
        ? `using the place kept from ${new Date(kept.resolvedAt).toISOString().slice(0, 10)}`
        : "asking OpenWeatherMap's built-in geocoding this time";
      this.options.log.warn(
        `${location.level}: the Geocoding API could not resolve "${location.entry}" (${messageOf(error)}): ${fallback}`,
      );
      return kept ? at(location, kept) : location;
    }
    const [first, ...others] = places;
    if (!first) {
      if (kept) return at(location, kept);
      throw new Owm2MqttError(
        'OWM_NOT_FOUND',
        `OpenWeatherMap's Geocoding API knows no place "${location.entry}": write it as City,CC or City,ST,US (the state only in the US), or as geo:LAT,LON=${location.level}; \`owm2mqtt locate "<name>"\` lists the places it knows`,
      );
    }
    if (others.length > 0)
      this.options.log.warn(
        `${location.level}: "${location.entry}" names ${places.length} places; using ${describePlace(first)} (${round4(first.lat)}, ${round4(first.lon)}), not ${others.map(describePlace).join('; ')}. To choose, write geo:LAT,LON=${location.level} (\`owm2mqtt locate\` prints them)`,
      );
    const place: KeptPlace = {
      lat: round4(first.lat),
      lon: round4(first.lon),
      name: first.name,
      ...(first.state === undefined ? {} : { state: first.state }),
      ...(first.country === undefined ? {} : { country: first.country }),
      resolvedAt: now,
    };
    this.said.add(key);
    this.options.log.info(`${location.level}: "${location.entry}" is ${describePlace(first)} (${place.lat}, ${place.lon})`);
    this.places.set(key, place);
    this.retryAfter.delete(key);
    this.save();
    return at(location, place);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private load(): void {
    const { file } = this.options;
    if (file === undefined) return;
    const read = readKeptPlaces(file);
    if (read.problem !== undefined) this.options.log.warn(`${read.problem}: asking again`);
    for (const [key, place] of read.places) this.places.set(key, place);
  }

  private save(): void {
    const { file } = this.options;
    if (file === undefined) return;
    try {
      mkdirSync(dirname(file), { recursive: true });
      // Written beside and renamed: a power cut leaves the old file or the new one, never half of one.
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify({ version: 1, places: Object.fromEntries(this.places) }, null, 2)}\n`);
      renameSync(temporary, file);
    } catch (error) {
      if (!this.warnedWrite)
        this.options.log.warn(`could not keep the places in ${file} (${messageOf(error)}): they will be asked again after a restart`);
      this.warnedWrite = true;
    }
  }
}

function at(location: Location, place: KeptPlace): Location {
  return { ...location, selector: { kind: 'geo', lat: place.lat, lon: place.lon } };
}

function isKeptPlace(value: unknown): value is KeptPlace {
  const p = value as Partial<KeptPlace> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.lat === 'number' &&
    Math.abs(p.lat) <= 90 &&
    typeof p.lon === 'number' &&
    Math.abs(p.lon) <= 180 &&
    typeof p.name === 'string' &&
    typeof p.resolvedAt === 'number'
  );
}

/** The places kept in `file`; a missing file is none, an unreadable one is none and a problem to say. */
export function readKeptPlaces(file: string): { places: Map<string, KeptPlace>; problem?: string } {
  const places = new Map<string, KeptPlace>();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return codeOf(error) === 'ENOENT' ? { places } : { places, problem: `could not read the kept places in ${file} (${messageOf(error)})` };
  }
  try {
    const saved = JSON.parse(text) as { places?: Record<string, KeptPlace> };
    for (const [key, place] of Object.entries(saved.places ?? {})) if (isKeptPlace(place)) places.set(key, place);
    return { places };
  } catch {
    return { places, problem: `the kept places in ${file} are not valid JSON` };
  }
}
