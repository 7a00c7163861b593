import { MAX_LEVEL_BYTES, RESERVED_LEVELS, topicLevelProblem } from '../topics/levels.js';

/**
 * `OWM_LOCATIONS` entries: `Paris,FR`, `Springfield,IL,US`, `id:2988507`,
 * `zip:31000,FR`, `geo:43.6047,1.4442`, each optionally ending in `=alias`.
 */
export type Selector =
  | { kind: 'q'; q: string }
  | { kind: 'id'; id: number }
  | { kind: 'zip'; zip: string }
  | { kind: 'geo'; lat: number; lon: number };

export interface Location {
  /** The entry as the user wrote it, for messages. */
  readonly entry: string;
  /** The topic level `L` in `P/L/<quantity>`, NFC-normalised. */
  readonly level: string;
  readonly selector: Selector;
}

export type LocationsResult = { ok: true; locations: Location[] } | { ok: false; problems: string[] };

/** NFKD, accents dropped, lower case, runs of anything but a-z0-9 become `-`, trimmed. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function parseSelector(body: string): { selector: Selector; slugSource?: string } | { problem: string } {
  const prefixed = /^([a-z]+):/i.exec(body);
  if (prefixed) {
    const kind = prefixed[1]!.toLowerCase();
    // The rest of the body, newlines included: a value may go on after "geo:" on the next line.
    const value = body.slice(prefixed[0].length).trim();
    if (kind === 'id') {
      if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
        return { problem: `"id:" needs a positive whole OWM city id, like id:2988507 (got "${value}")` };
      }
      return { selector: { kind: 'id', id: Number(value) } };
    }
    if (kind === 'zip') {
      const [code, country, ...rest] = value.split(',').map((part) => part.trim());
      if (!code || rest.length > 0 || (country !== undefined && !/^[a-z]{2}$/i.test(country))) {
        return { problem: `"zip:" needs a postal code and optionally a 2-letter country code, like zip:31000,FR (got "${value}")` };
      }
      return { selector: { kind: 'zip', zip: country === undefined ? code : `${code},${country.toUpperCase()}` } };
    }
    if (kind === 'geo') {
      const parts = value.split(',').map((part) => part.trim());
      if (parts.length !== 2 || !parts.every((part) => DECIMAL.test(part))) {
        return { problem: `"geo:" needs latitude,longitude in decimal degrees, like geo:43.6047,1.4442 (got "${value}")` };
      }
      const [lat, lon] = parts.map(Number) as [number, number];
      if (lat < -90 || lat > 90) return { problem: `latitude ${lat} is outside -90..90` };
      if (lon < -180 || lon > 180) return { problem: `longitude ${lon} is outside -180..180` };
      return { selector: { kind: 'geo', lat, lon } };
    }
    return { problem: `"${prefixed[1]}:" is not a known selector (use a city name, id:, zip: or geo:)` };
  }
  const parts = body.split(',').map((part) => part.trim());
  if (parts.length > 3 || parts.some((part) => part.length === 0)) {
    return { problem: `a city is "City", "City,CC" or "City,ST,CC" with no empty part (got "${body}")` };
  }
  return { selector: { kind: 'q', q: parts.join(',').normalize('NFC') }, slugSource: parts[0]! };
}

function parseEntry(entry: string): { location: Location } | { problem: string } {
  const equals = entry.lastIndexOf('=');
  const body = (equals === -1 ? entry : entry.slice(0, equals)).trim();
  // NFC: the same alias typed on two systems (é as one character, or e + a combining accent) is one topic.
  const alias =
    equals === -1
      ? undefined
      : entry
          .slice(equals + 1)
          .trim()
          .normalize('NFC');
  if (body.length === 0) return { problem: 'has no location before "="' };
  const parsed = parseSelector(body);
  if ('problem' in parsed) return parsed;
  let level: string;
  if (alias !== undefined) {
    const problem = topicLevelProblem(alias);
    if (problem) return { problem: `alias "${alias}" ${problem}` };
    level = alias;
  } else if (parsed.slugSource === undefined) {
    return { problem: `${parsed.selector.kind}: entries need an alias to name their topic level, like ${body}=home` };
  } else {
    level = slugify(parsed.slugSource);
    if (level.length === 0) {
      return {
        problem: `"${parsed.slugSource}" has no letters a-z or digits to make a topic level from: add an alias, like ${body}=moscow`,
      };
    }
    if (Buffer.byteLength(level) > MAX_LEVEL_BYTES) {
      return {
        problem: `the city name makes a topic level of ${Buffer.byteLength(level)} bytes (at most ${MAX_LEVEL_BYTES}): add a shorter alias, like …=home`,
      };
    }
  }
  if ((RESERVED_LEVELS as readonly string[]).includes(level)) {
    return { problem: `topic level "${level}" is reserved for the bridge's own topics: add another alias` };
  }
  return { location: { entry, level, selector: parsed.selector } };
}

export function parseLocations(value: string): LocationsResult {
  const problems: string[] = [];
  const locations: Location[] = [];
  const entries = value.split(';');
  entries.forEach((raw, index) => {
    const entry = raw.trim();
    const where = `entry ${index + 1}`;
    if (entry.length === 0) {
      problems.push(`${where} is empty (entries are separated by a single ";")`);
      return;
    }
    const parsed = parseEntry(entry);
    if ('problem' in parsed) {
      problems.push(`${where} "${entry}": ${parsed.problem}`);
      return;
    }
    const clash = locations.find((other) => other.level === parsed.location.level);
    if (clash) {
      const spelt =
        clash.entry.normalize('NFC') === clash.entry && entry.normalize('NFC') === entry
          ? ''
          : ' (the same text once Unicode-normalised to NFC)';
      problems.push(
        `${where} "${entry}": topic level "${parsed.location.level}" is already used by "${clash.entry}"${spelt}: give one of them an alias (…=other-name)`,
      );
      return;
    }
    locations.push(parsed.location);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, locations };
}

/** The query parameters that select this location in OWM's API. */
export function selectorParams(selector: Selector): Record<string, string> {
  switch (selector.kind) {
    case 'q':
      return { q: selector.q };
    case 'id':
      return { id: String(selector.id) };
    case 'zip':
      return { zip: selector.zip };
    case 'geo':
      return { lat: String(selector.lat), lon: String(selector.lon) };
  }
}
