/**
 * The topics of the house around the bridge (`owm2mqtt simulate` publishes them, `aggregate` reads them):
 * `<prefix>/<room>/<quantity>`, `<prefix>/<room>/status`, and `<prefix>/<room>` for one JSON object per room.
 */
import { topic } from './levels.js';

export const DEFAULT_HOME_PREFIX = 'maison';

/** What a room sensor measures, in publish order: °C, % relative humidity, lux. */
export const ROOM_QUANTITIES = ['temperature', 'humidity', 'luminosity'] as const;
export type RoomQuantity = (typeof ROOM_QUANTITIES)[number];

/** The leaf of a room's availability: `online`, or `offline` (its Last Will). */
export const ROOM_STATUS_LEAF = 'status';
export const ROOM_ONLINE = 'online';
export const ROOM_OFFLINE = 'offline';

/** `maison/salon/temperature`. */
export function roomQuantityTopic(prefix: string, room: string, quantity: RoomQuantity): string {
  return topic(prefix, room, quantity);
}

/** `maison/salon/status`. */
export function roomStatusTopic(prefix: string, room: string): string {
  return topic(prefix, room, ROOM_STATUS_LEAF);
}

/** `maison/salon`: one JSON object with every quantity (as Zigbee2MQTT devices publish). */
export function roomObjectTopic(prefix: string, room: string): string {
  return topic(prefix, room);
}
