import * as z from 'zod/mini';
import { describeIssue } from './weather.js';

/**
 * The Geocoding API's answers: `/geo/1.0/direct` an array (0 to `limit` places), `/geo/1.0/zip`
 * one object. `local_names` holds language codes and two keys that are none (`ascii`,
 * `feature_name`); `state` is a full name ("Illinois") where there is one.
 */
const place = z.object({
  name: z.string(),
  local_names: z.optional(z.record(z.string(), z.string())),
  lat: z.number().check(z.minimum(-90), z.maximum(90)),
  lon: z.number().check(z.minimum(-180), z.maximum(180)),
  country: z.optional(z.string()),
  state: z.optional(z.string()),
});

export type Place = z.infer<typeof place>;

export type PlacesResult = { ok: true; places: Place[] } | { ok: false; problems: string[] };

export function parseDirect(body: unknown): PlacesResult {
  const result = z.array(place).safeParse(body, { reportInput: true });
  return result.success ? { ok: true, places: result.data } : { ok: false, problems: result.error.issues.map(describeIssue) };
}

export function parseZip(body: unknown): PlacesResult {
  const result = place.safeParse(body, { reportInput: true });
  return result.success ? { ok: true, places: [result.data] } : { ok: false, problems: result.error.issues.map(describeIssue) };
}

/** The place's name in `lang` (`pt_br` → `pt`), else its name: `ascii` and `feature_name` are no languages. */
export function localName(p: Place, lang: string): string {
  const names = p.local_names ?? {};
  return names[lang] ?? names[lang.split('_')[0]!] ?? p.name;
}

/** `Springfield, Illinois, US`: what tells two places of one name apart. */
export function describePlace(p: Place): string {
  return [p.name, p.state, p.country].filter((part) => part !== undefined && part !== '').join(', ');
}
