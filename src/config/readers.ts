import { defaultStateFile } from '../core/state-dir.js';
import { hostname as osHostname } from 'node:os';
import { type Location, parseLocations } from '../owm/locations.js';
import { controlCharacterProblem } from './control-characters.js';
import { readSettingFile } from './files.js';
import type { Env, Mode, ReadContext, Reading } from './row.js';
import { readSecret } from './secrets.js';

/** How the settings without a plain default are read: the `read` of their rows in settings.ts. */

const refused = (...problems: string[]): Reading<never> => ({ ok: false, problems });

/** OWM_API_KEY, or OWM_API_KEY_FILE, or the systemd credential `owm-api-key`: required, one word, trimmed. */
export function readApiKey(_text: string | undefined, { env }: ReadContext): Reading<string> {
  const secret = readSecret(env, 'OWM_API_KEY', 'owm-api-key');
  if (!secret.ok) return refused(secret.problem);
  if (secret.value === undefined)
    return refused(
      'OWM_API_KEY is not set: put your OpenWeatherMap API key in OWM_API_KEY, or its path in OWM_API_KEY_FILE (keys: https://home.openweathermap.org/api_keys)',
    );
  // The variable itself was checked with the others; a file's content is checked here.
  const control = controlCharacterProblem(secret.source, secret.value, { trimmed: true });
  if (control !== undefined) return refused(control);
  const key = secret.value.trim();
  if (/\s/.test(key)) return refused(`${secret.source} contains spaces: an OWM API key is one word (32 letters and digits)`);
  return { ok: true, value: key, source: secret.source, secrets: [key] };
}

/** MQTT_PASSWORD, or MQTT_PASSWORD_FILE, or the credential `mqtt-password`, or else the password in MQTT_URL: used as written. */
export function readBrokerPassword(_text: string | undefined, { env }: ReadContext): Reading<string | undefined> {
  const secret = readSecret(env, 'MQTT_PASSWORD', 'mqtt-password');
  if (!secret.ok) return refused(secret.problem);
  const inUrl = urlLogin(env).password;
  if (secret.value === undefined) return { ok: true, value: inUrl, source: inUrl === undefined ? undefined : 'MQTT_URL', secrets: [inUrl] };
  const control = controlCharacterProblem(secret.source, secret.value, { trimmed: false });
  if (control !== undefined) return refused(control);
  return { ok: true, value: secret.value, source: secret.source, secrets: [secret.value, inUrl] };
}

/** MQTT_USERNAME as written, or else the user in MQTT_URL. */
export function readBrokerUsername(text: string | undefined, { env }: ReadContext): Reading<string | undefined> {
  return { ok: true, value: text ?? urlLogin(env).username };
}

/** The user and password written in MQTT_URL (`mqtt://user:password@host`), percent-decoded. */
function urlLogin(env: Env): { username: string | undefined; password: string | undefined } {
  let url: URL;
  try {
    // Unset, it reads "undefined", no URL either; the URL parser drops the spaces around.
    url = new URL(String(env.MQTT_URL));
  } catch {
    // Not a URL: MQTT_URL's own row refuses it.
    return { username: undefined, password: undefined };
  }
  return {
    username: url.username === '' ? undefined : safeDecode(url.username),
    password: url.password === '' ? undefined : safeDecode(url.password),
  };
}

/** Percent-decoding that keeps a bare `%` (`100%sure`) instead of throwing. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A file a setting names (MQTT_CA_FILE), read whole; its path is its source. */
export function fileReader(variable: string) {
  return (text: string | undefined): Reading<Buffer | undefined> => {
    if (text === undefined) return { ok: true, value: undefined };
    const path = text.trim();
    const read = readSettingFile(variable, path);
    return read.ok ? { ok: true, value: read.data, source: path } : refused(read.problem);
  };
}

/** OWM_LOCATIONS: required; each problem of an entry is named by the variable. */
export function readLocations(text: string | undefined): Reading<readonly Location[]> {
  if (text === undefined)
    return refused(
      'OWM_LOCATIONS is not set: list the places to poll, separated by ";", like OWM_LOCATIONS="Paris,FR;geo:43.6047,1.4442=toulouse"',
    );
  const result = parseLocations(text);
  return result.ok ? { ok: true, value: result.locations } : refused(...result.problems.map((p) => `OWM_LOCATIONS ${p}`));
}

/** MQTT_CLIENT_ID, or a default from the host name and the mode; at most what MQTT allows. */
export function readClientId(text: string | undefined, { mode }: ReadContext): Reading<string> {
  const clientId = text?.trim() ?? defaultClientId(mode);
  return Buffer.byteLength(clientId) > 65_535 ? refused('MQTT_CLIENT_ID is too long') : { ok: true, value: clientId };
}

export function defaultClientId(mode: Mode, host: string = osHostname()): string {
  const base = `owm2mqtt-${host.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return mode === 'daemon' ? base : `${base}-${mode}`;
}

/** OWM_PLACES_FILE: as given, else in the state directory (undefined when none is known: the places are then kept in memory). */
export function readPlacesFile(text: string | undefined, { env }: ReadContext): Reading<string | undefined> {
  const given = text?.trim();
  if (given !== undefined && given !== '') return { ok: true, value: given };
  return { ok: true, value: defaultStateFile(env, 'places.json') };
}
