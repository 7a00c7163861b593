import { payloadText } from './text.js';

/**
 * A member's availability message (`<A>/<member>/status`, `…/availability`, `…/LWT`): `online` or
 * `offline` in any case (the course, ESPHome, Tasmota's `Online`), or Zigbee2MQTT's
 * `{"state":"offline"}`. Anything else says nothing.
 */
export function parseAvailability(payload: Uint8Array | string): 'online' | 'offline' | undefined {
  if (payload.length > 64) return undefined;
  const text = payloadText(payload).trim();
  const word = text.startsWith('{') ? stateOf(text) : text.toLowerCase();
  return word === 'online' || word === 'offline' ? word : undefined;
}

function stateOf(json: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(json);
    const state = (parsed as { state?: unknown }).state;
    return typeof state === 'string' ? state.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
