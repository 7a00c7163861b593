import { isForecastQuantityTopic, isForecastTopic, type LiveForecast, MAX_FORECAST_BYTES, parseForecast } from './forecast.js';

/**
 * What one MQTT message is to the dashboard: a number to record and draw, a status, an alert, the
 * bridge's forecast, or nothing it shows. Pure: the payload is already text; nothing here trusts it.
 */

export const ALERTS_PREFIX = 'stats/alerts/';
export const STATUS_LEAF = 'status';
/** Longer payloads are not numbers, statuses or alerts anyone sends: refused before parsing. */
export const MAX_PAYLOAD_LENGTH = 4096;
const MAX_NUMBER_LENGTH = 64;
const MAX_STATUS_LENGTH = 64;
const MAX_ALERT_FIELDS = 16;
const MAX_FIELD_NAME_LENGTH = 64;
const MAX_FIELD_LENGTH = 200;

/** An alert whose `state` is one of these is over, and is not shown. */
const INACTIVE_STATES = new Set(['clear', 'cleared', 'ok', 'resolved', 'inactive', 'off', 'normal', 'false']);

/** A plain decimal number, as the bridge, the simulator and the aggregator publish it (also a JSON number). */
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

export type Classified =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'status'; readonly state: string }
  | { readonly kind: 'alert'; readonly fields: Readonly<Record<string, string>>; readonly active: boolean }
  | { readonly kind: 'alert-removed' }
  | { readonly kind: 'forecast-line'; readonly forecast: LiveForecast }
  | { readonly kind: 'forecast-removed' }
  | { readonly kind: 'ignored' };

const IGNORED: Classified = { kind: 'ignored' };

/** The longest payload worth decoding on `topic`, in bytes (a UTF-8 character is at most 4). */
export function maxPayloadBytes(topic: string): number {
  return isForecastTopic(topic) ? MAX_FORECAST_BYTES : MAX_PAYLOAD_LENGTH * 4;
}

/** `arrivedAt` (epoch ms) bounds how far ahead a forecast's steps may be. */
export function classifyMessage(topic: string, payload: string, arrivedAt = Date.now()): Classified {
  if (isForecastTopic(topic)) return classifyForecast(topic, payload, arrivedAt);
  if (payload.length > MAX_PAYLOAD_LENGTH || isForecastQuantityTopic(topic)) return IGNORED;
  if (topic.startsWith(ALERTS_PREFIX)) return classifyAlert(payload);
  const text = payload.trim();
  if (topic === STATUS_LEAF || topic.endsWith(`/${STATUS_LEAF}`)) {
    return text === '' || text.length > MAX_STATUS_LENGTH ? IGNORED : { kind: 'status', state: text };
  }
  if (text.length > MAX_NUMBER_LENGTH || !NUMBER.test(text)) return IGNORED;
  const value = Number(text);
  return Number.isFinite(value) ? { kind: 'number', value } : IGNORED;
}

function classifyForecast(topic: string, payload: string, arrivedAt: number): Classified {
  if (payload.trim() === '') return { kind: 'forecast-removed' };
  const forecast = parseForecast(topic, payload, arrivedAt);
  return forecast === undefined ? IGNORED : { kind: 'forecast-line', forecast };
}

function classifyAlert(payload: string): Classified {
  if (payload.trim() === '') return { kind: 'alert-removed' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return IGNORED;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return IGNORED;
  // fromEntries defines own properties: a field named `__proto__` stays a field.
  const fields: Record<string, string> = Object.fromEntries(
    Object.entries(parsed)
      .slice(0, MAX_ALERT_FIELDS)
      .map(([name, value]) => [
        clip(name, MAX_FIELD_NAME_LENGTH),
        clip(typeof value === 'string' ? value : JSON.stringify(value), MAX_FIELD_LENGTH),
      ]),
  );
  const state = Object.hasOwn(fields, 'state') ? fields.state?.trim().toLowerCase() : undefined;
  return { kind: 'alert', fields, active: state === undefined || !INACTIVE_STATES.has(state) };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
