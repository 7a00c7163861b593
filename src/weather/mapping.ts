import type { Qos } from '../config/index.js';
import type { Location } from '../locations.js';
import type { Message } from '../message.js';
import { QUANTITIES } from '../quantities.js';
import { topic } from '../topics.js';
import type { Units } from '../units.js';
import type { WeatherReport } from './schema.js';

export interface MappingSettings {
  readonly topicPrefix: string;
  readonly units: Units;
  readonly qos: Qos;
  readonly retain: boolean;
}

export const STATE_LEAF = 'state';

/**
 * The pure mapping: one validated report → every message for its location,
 * one per quantity (empty payload = cleared) then the `state` JSON.
 * Topics come from the configuration only, never from the response.
 */
export function mapReport(location: Location, report: WeatherReport, settings: MappingSettings): Message[] {
  const base = topic(settings.topicPrefix, location.level);
  const message = (leaf: string, payload: string): Message => ({ topic: topic(base, leaf), payload, retain: settings.retain, qos: settings.qos });
  const state: Record<string, unknown> = {};
  const messages: Message[] = [];
  for (const quantity of QUANTITIES) {
    const value = quantity.read(report);
    state[quantity.name] = value ?? null;
    messages.push(message(quantity.name, value === undefined ? '' : String(value)));
  }
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
  messages.push(message(STATE_LEAF, JSON.stringify(state)));
  return messages;
}
