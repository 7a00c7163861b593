/**
 * A reading as the messages a room publishes: one plain decimal per quantity (`maison/salon/temperature`
 * `21.3`), or one JSON object per room (`maison/salon` `{"temperature":21.3,"humidity":48,"luminosity":310}`).
 */
import { ROOM_QUANTITIES, roomObjectTopic, roomQuantityTopic } from '../topics/home.js';
import type { Reading } from './room.js';

export const FORMATS = ['plain', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** One message before QoS and retain are added. */
export interface Slot {
  readonly topic: string;
  readonly payload: string;
}

/** °C with one decimal, always (`21.0`, as a DHT22 gives it); whole % and lux. */
export function formatQuantities(reading: Reading): Record<keyof Reading, string> {
  return {
    temperature: reading.temperature.toFixed(1),
    humidity: String(reading.humidity),
    luminosity: String(reading.luminosity),
  };
}

export function roomSlots(prefix: string, room: string, reading: Reading, format: Format): Slot[] {
  const text = formatQuantities(reading);
  if (format === 'json') {
    const members = ROOM_QUANTITIES.map((q) => `"${q}":${text[q]}`).join(',');
    return [{ topic: roomObjectTopic(prefix, room), payload: `{${members}}` }];
  }
  return ROOM_QUANTITIES.map((q) => ({ topic: roomQuantityTopic(prefix, room, q), payload: text[q] }));
}
