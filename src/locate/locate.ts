import type { Config } from '../config/index.js';
import { displayText } from '../core/display.js';
import { EXIT, messageOf } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { OwmClient } from '../owm/client.js';
import { slugify } from '../owm/locations.js';
import { localName, type Place } from '../owm/responses/geocoding.js';

export interface LocateOptions {
  readonly config: Config;
  readonly log: Logger;
  /** `Springfield`, `Springfield,US`, `Springfield,IL,US`, or `zip:62701,US`. */
  readonly query: string;
  readonly out: NodeJS.WritableStream;
  readonly userAgent: string;
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** One candidate as a line: its names, where it is, and the entry to paste into OWM_LOCATIONS. Every text from OWM shown inert. */
export function candidateLines(places: readonly Place[], lang: string): string[] {
  return places.map((place, index) => {
    const local = localName(place, lang);
    const names = local === place.name ? place.name : `${place.name} (${local})`;
    const where = [place.state, place.country].filter((part) => part !== undefined && part !== '').join(', ');
    const alias = slugify(place.name) || 'place';
    const entry = `geo:${round4(place.lat)},${round4(place.lon)}=${alias}`;
    return `${index + 1}. ${displayText(names)}${where === '' ? '' : `, ${displayText(where)}`}  ${round4(place.lat)}, ${round4(place.lon)}\n   OWM_LOCATIONS entry: ${displayText(entry)}`;
  });
}

/**
 * `owm2mqtt locate "<name>"`: the places OpenWeatherMap's Geocoding API knows by that name (up to 5),
 * each with a ready `geo:LAT,LON=alias` entry. Exit 0 with candidates, 1 with none.
 */
export async function runLocate({ config, log, query, out, userAgent }: LocateOptions): Promise<number> {
  const text = query.trim();
  if (text === '') {
    log.error('locate needs a place name: owm2mqtt locate "Springfield,US" (or "zip:62701,US")');
    return EXIT.CONFIG;
  }
  const zip = /^zip:/i.test(text);
  const selector = zip ? { kind: 'zip' as const, zip: text.slice(4).trim() } : { kind: 'q' as const, q: text };
  const client = new OwmClient({ ...config.owm, userAgent });
  try {
    const places = await client.geocode({ entry: text, level: 'locate', selector });
    if (places.length === 0) {
      out.write(
        `OpenWeatherMap's Geocoding API knows no place "${displayText(text)}". Try City,CC (a 2-letter country code), City,ST,US for the United States, or zip:CODE,CC.\n`,
      );
      return EXIT.SOME_LOCATIONS_FAILED;
    }
    out.write(`${places.length} place(s) for "${displayText(text)}":\n${candidateLines(places, config.owm.lang).join('\n')}\n`);
    return EXIT.OK;
  } catch (error) {
    log.error(messageOf(error));
    return EXIT.SOME_LOCATIONS_FAILED;
  } finally {
    await client.close();
  }
}
