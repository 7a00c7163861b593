import type { Qos } from '../config/index.js';
import type { Location } from '../owm/locations.js';
import type { Message } from '../core/message.js';
import { isoSeconds } from '../core/time.js';
import { AIR_QUANTITIES } from '../quantities/air.js';
import type { Quantity } from '../quantities/quantity.js';
import { WEATHER_QUANTITIES } from '../quantities/weather.js';
import type { AirReport } from '../owm/responses/air.js';
import { leafOf, locationTopic } from '../topics/contract.js';
import { ERRORS_LEAF, LAST_SUCCESS_LEAF, STATE_LEAF } from '../topics/leaves.js';
import type { Units } from '../core/units.js';
import type { WeatherReport } from '../owm/responses/weather.js';

export interface MappingSettings {
  readonly topicPrefix: string;
  readonly units: Units;
  readonly qos: Qos;
  readonly retain: boolean;
}

function locationMessage(location: Location, settings: MappingSettings, leaf: string, payload: string): Message {
  return { topic: locationTopic(settings.topicPrefix, location.level, leaf), payload, retain: settings.retain, qos: settings.qos };
}

/**
 * What to publish when OWM's observation has not moved since the last publish:
 * only that the bridge fetched it (`last_success`, `errors` = 0).
 */
export function unchangedMessages(messages: readonly Message[]): Message[] {
  // Air quality has its own observation time: a fresh air report is published even when the weather is not new.
  const kept = new Set([LAST_SUCCESS_LEAF, ERRORS_LEAF, ...AIR_QUANTITIES.map((q) => q.name)]);
  return messages.filter((m) => kept.has(leafOf(m.topic)));
}

/** `P/L/errors`: published by the daemon after each failed poll of a location. */
export function errorCountMessage(location: Location, settings: MappingSettings, failures: number): Message {
  return locationMessage(location, settings, ERRORS_LEAF, String(failures));
}

/**
 * The pure mapping: one validated report → every message for its location,
 * one per quantity (empty payload = cleared) then the `state` JSON. With
 * `fetchedAt`, also `last_success` and `errors` = 0 (and `last_success` in the
 * state). Topics come from the configuration only, never from the response.
 */
export function mapReport(
  location: Location,
  report: WeatherReport,
  settings: MappingSettings,
  fetchedAt?: Date,
  air?: AirReport,
): Message[] {
  const message = (leaf: string, payload: string): Message => locationMessage(location, settings, leaf, payload);
  const state: Record<string, unknown> = {};
  const messages: Message[] = [];
  // One message per quantity, in table order; the air's values sit under `air` in the state.
  const readTable = <Report>(quantities: readonly Quantity<Report>[], from: Report): Record<string, number | string | null> => {
    const values: Record<string, number | string | null> = {};
    for (const quantity of quantities) {
      const value = quantity.read(from, settings.units);
      values[quantity.name] = value ?? null;
      messages.push(message(quantity.name, value === undefined ? '' : String(value)));
    }
    return values;
  };
  Object.assign(state, readTable(WEATHER_QUANTITIES, report));
  if (air) state.air = readTable(AIR_QUANTITIES, air);
  state.conditions = (report.weather ?? []).map(({ id, main, description, icon }) => ({ id, main, description, icon }));
  state.units = settings.units;
  state.location = {
    level: location.level,
    name: report.name ?? null,
    country: report.sys?.country ?? null,
    lat: report.coord?.lat ?? null,
    lon: report.coord?.lon ?? null,
    // Zip lookups and unnamed points come back with id 0, which names no city.
    id: report.id === undefined || report.id === 0 ? null : report.id,
  };
  if (fetchedAt) {
    const lastSuccess = isoSeconds(Math.floor(fetchedAt.getTime() / 1000));
    state[LAST_SUCCESS_LEAF] = lastSuccess;
    messages.push(message(LAST_SUCCESS_LEAF, lastSuccess), errorCountMessage(location, settings, 0));
  }
  messages.push({ ...message(STATE_LEAF, JSON.stringify(state)), json: true });
  return messages;
}
