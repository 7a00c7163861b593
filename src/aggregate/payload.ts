import { payloadText } from './text.js';

/**
 * One payload to one reading, or the reason it is refused. Accepted: a plain number (`21.5`,
 * `-3`, `1e2`, what JSON calls a number, with spaces around), a JSON string holding one
 * (`"21.5"`), or a JSON object holding the source's key. The key is looked for case-insensitively
 * at any depth, the shallowest match winning: `temperature` finds Zigbee2MQTT's
 * `{"temperature":21.5}`, Tasmota's `{"AM2301":{"Temperature":21.5}}`; two matches at that depth
 * (Tasmota with two sensors) are refused as ambiguous, and a path (`AM2301.Temperature`: its first
 * step at any depth, the next ones directly below) picks one. A plain number is taken whatever
 * the key. Arrays are not searched.
 */
export const REFUSAL_REASONS = [
  'empty',
  'too-large',
  'not-a-number',
  'invalid-json',
  'nan',
  'unavailable',
  'boolean',
  'missing-key',
  'ambiguous-key',
  'out-of-range',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** What each reason means, for logs and the docs. */
export const REFUSAL_TEXT: Readonly<Record<RefusalReason, string>> = {
  empty: 'an empty payload',
  'too-large': 'a payload over 1 KiB',
  'not-a-number': 'not a number',
  'invalid-json': 'JSON that does not parse',
  nan: 'NaN or an infinity',
  unavailable: 'a placeholder for no value (unavailable, unknown, null…)',
  boolean: 'a boolean (true/false, on/off)',
  'missing-key': "a JSON object without the source's key",
  'ambiguous-key': "a JSON object holding the source's key twice at the same depth",
  'out-of-range': "a number outside the quantity's plausible range",
};

export const MAX_PAYLOAD_BYTES = 1024;

export interface Range {
  readonly min: number;
  readonly max: number;
}

/** Decimal numbers as sensors and JSON write them; no hex, no `21,5`, no unit. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NAN_WORDS = new Set(['nan', '-nan', '+nan', 'inf', '-inf', '+inf', 'infinity', '-infinity', '+infinity']);
const UNAVAILABLE_WORDS = new Set(['unavailable', 'unknown', 'none', 'null', 'nil', 'n/a', 'na', 'undefined', 'offline', '-', '--']);
const BOOLEAN_WORDS = new Set(['true', 'false', 'on', 'off']);

const MISSING = Symbol('missing');
const AMBIGUOUS = Symbol('ambiguous');

export function parseReading(payload: Uint8Array | string, key: readonly string[], range: Range): number | RefusalReason {
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) return 'too-large';
  const text = payloadText(payload).trim();
  const first = text.charCodeAt(0);
  // `{` and `"`: JSON; anything else is a word.
  const reading = first === 123 || first === 34 ? fromJson(text, key) : fromWord(text);
  if (typeof reading === 'string') return reading;
  return reading >= range.min && reading <= range.max ? reading : 'out-of-range';
}

function fromWord(text: string): number | RefusalReason {
  if (text.length === 0) return 'empty';
  if (NUMBER.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? value : 'nan';
  }
  const word = text.toLowerCase();
  if (NAN_WORDS.has(word)) return 'nan';
  if (UNAVAILABLE_WORDS.has(word)) return 'unavailable';
  if (BOOLEAN_WORDS.has(word)) return 'boolean';
  return 'not-a-number';
}

function fromJson(text: string, key: readonly string[]): number | RefusalReason {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'invalid-json';
  }
  if (typeof parsed === 'string') return fromWord(parsed.trim());
  const found = lookUp(parsed as Record<string, unknown>, key);
  if (found === MISSING) return 'missing-key';
  if (found === AMBIGUOUS) return 'ambiguous-key';
  return fromValue(found);
}

function fromValue(value: unknown): number | RefusalReason {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 'nan';
  if (typeof value === 'string') return fromWord(value.trim());
  if (typeof value === 'boolean') return 'boolean';
  if (value === null) return 'unavailable';
  return 'not-a-number';
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function lookUp(root: Record<string, unknown>, key: readonly string[]): unknown {
  let found = anywhere(root, key[0]!.toLowerCase());
  for (const step of key.slice(1)) {
    if (found === AMBIGUOUS || !isObject(found)) return found === AMBIGUOUS ? AMBIGUOUS : MISSING;
    found = directly([found], step.toLowerCase()).found;
  }
  return found;
}

/** Breadth first: the shallowest level holding the key decides. */
function anywhere(root: Record<string, unknown>, wanted: string): unknown {
  let level = [root];
  while (level.length > 0) {
    const { found, below } = directly(level, wanted);
    if (found !== MISSING) return found;
    level = below;
  }
  return MISSING;
}

/** The key among the children of `nodes` (or MISSING, AMBIGUOUS), and the objects one level down. */
function directly(nodes: readonly Record<string, unknown>[], wanted: string): { found: unknown; below: Record<string, unknown>[] } {
  let found: unknown = MISSING;
  const below: Record<string, unknown>[] = [];
  for (const node of nodes)
    for (const name of Object.keys(node)) {
      const value = node[name];
      if (name.toLowerCase() === wanted) found = found === MISSING ? value : AMBIGUOUS;
      else if (isObject(value)) below.push(value);
    }
  return { found, below };
}
