/**
 * The settings of `owm2mqtt simulate`, checked together: every problem at once, each naming its
 * variable and what to write. Their rows are in the settings table (src/config/settings.ts, sections
 * `home` and `simulate`), which hands their text over; src/commands/simulate.ts calls this on it.
 */
import { topicLevelProblem, topicPrefixProblem } from '../topics/levels.js';
import { DEFAULT_HOME_PREFIX } from '../topics/home.js';
import { type Fault, parseFaults } from './faults.js';
import type { Setpoints } from './house.js';
import { FORMATS, type Format } from './payloads.js';
import type { Qos } from './ports.js';

export interface SimSettings {
  readonly prefix: string;
  readonly rooms: readonly string[];
  readonly intervalMs: number;
  readonly qos: Qos;
  readonly retain: boolean;
  readonly format: Format;
  /** Undefined: a new seed each run (logged, so that the run can be repeated). */
  readonly seed: string | undefined;
  readonly speed: number;
  /** Simulated time at the start, ms since the epoch; undefined: the wall clock at the start. */
  readonly startMs: number | undefined;
  readonly outdoorTopic: string | undefined;
  readonly faults: readonly Fault[];
  readonly latitude: number;
  readonly longitude: number;
  readonly setpoints: Setpoints;
  /** Each room's client id is this followed by the room's name. */
  readonly clientIdPrefix: string;
}

export const SIM_DEFAULTS = {
  HOME_PREFIX: DEFAULT_HOME_PREFIX,
  SIM_ROOMS: 'salon;cuisine;chambre',
  SIM_INTERVAL_MS: '1000',
  SIM_QOS: '1',
  SIM_RETAIN: 'true',
  SIM_FORMAT: 'plain',
  SIM_SPEED: '1',
  SIM_LATITUDE: '43.6',
  SIM_LONGITUDE: '1.44',
  SIM_SETPOINT_DAY: '20',
  SIM_SETPOINT_NIGHT: '17',
  SIM_CLIENT_ID_PREFIX: 'owm2mqtt-sim-',
} as const;

/** Read as text, no default: SIM_SEED, SIM_START, SIM_OUTDOOR_TOPIC, SIM_FAULTS. */
export const SIM_VARIABLES = [...Object.keys(SIM_DEFAULTS), 'SIM_SEED', 'SIM_START', 'SIM_OUTDOOR_TOPIC', 'SIM_FAULTS'] as const;

export const MAX_ROOMS = 1000;
const MAX_CLIENT_ID_PREFIX_BYTES = 128;
const TRUE = ['true', 'yes', 'on', '1'];
const FALSE = ['false', 'no', 'off', '0'];

export type SimSettingsResult = { ok: true; settings: SimSettings } | { ok: false; problems: readonly string[] };

type Check<T> = { ok: true; value: T } | { ok: false; problems: readonly string[] };
const good = <T>(value: T): Check<T> => ({ ok: true, value });
const bad = <T>(...problems: string[]): Check<T> => ({ ok: false, problems });

/** Every value, or every problem of every check. */
function settle<T extends object>(checks: { [K in keyof T]: Check<T[K]> }): { ok: true; value: T } | { ok: false; problems: string[] } {
  const entries = Object.entries(checks) as [string, Check<unknown>][];
  const problems = entries.flatMap(([, check]) => (check.ok ? [] : check.problems));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: Object.fromEntries(entries.map(([key, check]) => [key, (check as { value: unknown }).value])) as T };
}

type Defaulted = keyof typeof SIM_DEFAULTS;

/** `NAME="text" must be <rule>: <what> (default <default>)`. */
const refusal = (name: Defaulted, text: string, rule: string, what: string) =>
  `${name}="${text}" must be ${rule}: ${what} (default ${SIM_DEFAULTS[name]})`;

function wholeNumber(name: Defaulted, text: string, min: number, max: number, what: string): Check<number> {
  const value = Number(text);
  if (/^\d+$/.test(text) && value >= min && value <= max) return good(value);
  return bad(refusal(name, text, `a whole number from ${min} to ${max}`, what));
}

function decimal(name: Defaulted, text: string, min: number, max: number, what: string): Check<number> {
  const value = Number(text);
  if (/^-?\d+(\.\d+)?$/.test(text) && value >= min && value <= max) return good(value);
  return bad(refusal(name, text, `a number from ${min} to ${max}`, what));
}

function oneOf<T extends string>(name: Defaulted, text: string, values: readonly T[], what: string): Check<T> {
  const rule = `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
  return (values as readonly string[]).includes(text) ? good(text as T) : bad(refusal(name, text, rule, what));
}

function yesNo(name: Defaulted, text: string, what: string): Check<boolean> {
  const word = text.toLowerCase();
  if (TRUE.includes(word)) return good(true);
  if (FALSE.includes(word)) return good(false);
  return bad(refusal(name, text, 'true or false (or yes/no, on/off, 1/0)', what));
}

function rooms(text: string): Check<readonly string[]> {
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count < 1 || count > MAX_ROOMS)
      return bad(`SIM_ROOMS="${text}" must be from 1 to ${MAX_ROOMS} rooms, or room names separated by ";"`);
    return good(Array.from({ length: count }, (_, i) => `room${i + 1}`));
  }
  const names = text
    .split(';')
    .map((name) => name.trim().normalize('NFC'))
    .filter((name) => name !== '');
  for (const name of names) {
    const problem = topicLevelProblem(name);
    if (problem)
      return bad(`SIM_ROOMS has a room "${name}" that ${problem}; write room names separated by ";", like salon;cuisine;chambre`);
  }
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) return bad(`SIM_ROOMS names "${twice}" twice; each room is a client of its own and needs a name of its own`);
  if (names.length > MAX_ROOMS) return bad(`SIM_ROOMS names ${names.length} rooms; write at most ${MAX_ROOMS}`);
  return names.length > 0 ? good(names) : bad('SIM_ROOMS has no room; write room names separated by ";", like salon;cuisine;chambre');
}

function start(text: string): Check<number> {
  const ms = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text) && Number.isFinite(ms)) return good(ms);
  return bad(
    `SIM_START="${text}" must be a date, or a date and time with Z or an offset (ISO 8601), like 2026-01-15 or 2026-01-15T07:00:00Z`,
  );
}

function topicName(name: string, text: string, example: string): Check<string> {
  const normal = text.normalize('NFC');
  const problem = topicPrefixProblem(normal);
  return problem ? bad(`${name}="${text}" ${problem}; write topic levels separated by "/", like ${example}`) : good(normal);
}

function clientIdPrefix(text: string): Check<string> {
  if (Buffer.byteLength(text) > MAX_CLIENT_ID_PREFIX_BYTES)
    return bad(`SIM_CLIENT_ID_PREFIX is longer than ${MAX_CLIENT_ID_PREFIX_BYTES} bytes; write a short prefix, like owm2mqtt-sim-`);
  if (/[\u0000-\u001f\u007f-\u009f]/.test(text))
    return bad('SIM_CLIENT_ID_PREFIX contains a control character; write printable text, like owm2mqtt-sim-');
  return good(text);
}

/** The checked values, before they are put in shape. */
interface Parsed {
  readonly prefix: string;
  readonly rooms: readonly string[];
  readonly intervalMs: number;
  readonly qos: '0' | '1' | '2';
  readonly retain: boolean;
  readonly format: Format;
  readonly seed: string | undefined;
  readonly speed: number;
  readonly startMs: number | undefined;
  readonly outdoorTopic: string | undefined;
  readonly faults: readonly Fault[] | undefined;
  readonly latitude: number;
  readonly longitude: number;
  readonly day: number;
  readonly night: number;
  readonly clientIdPrefix: string;
}

/** A setting with no default: undefined when unset, else checked. */
const optional = <T>(text: string | undefined, check: (text: string) => Check<T>): Check<T | undefined> =>
  text === undefined ? good(undefined) : check(text);

/** Validates every SIM_ variable (and HOME_PREFIX) at once; an empty or blank value counts as not set. */
export function parseSimSettings(env: Readonly<Record<string, string | undefined>>): SimSettingsResult {
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const read = (name: keyof typeof SIM_DEFAULTS) => text(name) ?? SIM_DEFAULTS[name];
  const roomNames = rooms(read('SIM_ROOMS'));
  const faults = (faultText: string): Check<readonly Fault[]> => {
    // Without valid rooms the entries cannot be checked; the rooms' problem is said.
    if (!roomNames.ok) return good([]);
    const parsed = parseFaults(faultText, roomNames.value);
    return parsed.ok ? good(parsed.faults) : bad(...parsed.problems);
  };
  const result = settle<Parsed>({
    prefix: topicName('HOME_PREFIX', read('HOME_PREFIX'), 'maison or home/sensors'),
    rooms: roomNames,
    intervalMs: wholeNumber('SIM_INTERVAL_MS', read('SIM_INTERVAL_MS'), 100, 3_600_000, 'the milliseconds between two readings'),
    qos: oneOf('SIM_QOS', read('SIM_QOS'), ['0', '1', '2'] as const, 'the MQTT QoS of every message'),
    retain: yesNo('SIM_RETAIN', read('SIM_RETAIN'), 'whether the readings are retained'),
    format: oneOf('SIM_FORMAT', read('SIM_FORMAT'), FORMATS, 'a topic per quantity, or one JSON object per room on <prefix>/<room>'),
    seed: good(text('SIM_SEED')),
    speed: decimal(
      'SIM_SPEED',
      read('SIM_SPEED'),
      0.001,
      100_000,
      'how many times faster than real time simulated time runs; 1440 runs a day in a minute',
    ),
    startMs: optional(text('SIM_START'), start),
    outdoorTopic: optional(text('SIM_OUTDOOR_TOPIC'), (t) => topicName('SIM_OUTDOOR_TOPIC', t, 'exterieur/toulouse/temperature')),
    faults: optional(text('SIM_FAULTS'), faults),
    latitude: decimal('SIM_LATITUDE', read('SIM_LATITUDE'), -90, 90, 'degrees north, for the sun'),
    longitude: decimal('SIM_LONGITUDE', read('SIM_LONGITUDE'), -180, 180, 'degrees east, for the sun'),
    day: decimal('SIM_SETPOINT_DAY', read('SIM_SETPOINT_DAY'), 5, 30, 'the heating set-point in °C from 06:30 to 22:00 local solar time'),
    night: decimal(
      'SIM_SETPOINT_NIGHT',
      read('SIM_SETPOINT_NIGHT'),
      5,
      30,
      'the heating set-point in °C from 22:00 to 06:30 local solar time',
    ),
    clientIdPrefix: clientIdPrefix(read('SIM_CLIENT_ID_PREFIX')),
  });
  if (!result.ok) return result;
  const { day, night, faults: parsedFaults, qos, ...rest } = result.value;
  return { ok: true, settings: { ...rest, qos: Number(qos) as Qos, faults: parsedFaults ?? [], setpoints: { day, night } } };
}
