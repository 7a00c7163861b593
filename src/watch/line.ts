import { displayText } from '../core/display.js';

/**
 * One message as a line, `topic payload`: made inert for a terminal (`displayText`); byte-exact
 * for a pipe, as `mosquitto_sub -v` prints it, so scripts read what was published.
 */
export function messageLine(topic: string, payload: string, terminal: boolean): string {
  const shown = payload === '' ? '(cleared)' : payload;
  return terminal ? `${displayText(topic)} ${displayText(shown)}` : `${topic} ${shown}`;
}
