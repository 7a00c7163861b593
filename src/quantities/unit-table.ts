import { AIR_QUANTITIES } from './air.js';
import { unitIn } from './quantity.js';
import { WEATHER_QUANTITIES } from './weather.js';
import type { Units } from '../core/units.js';

/**
 * The unit of each quantity the page may chart, keyed by a topic's last level: the bridge's own
 * quantities from src/quantities/ (in the bridge's OWM_UNITS), and the names the course's rooms
 * use for the same quantities.
 */
const ALIASES: Readonly<Record<string, string>> = {
  humidite: 'humidity',
};

export function unitTable(units: Units): Record<string, string> {
  const table: Record<string, string> = {};
  for (const quantity of [...WEATHER_QUANTITIES, ...AIR_QUANTITIES]) {
    const unit = quantity.kind === 'number' ? unitIn(quantity.unit, units) : undefined;
    if (unit !== undefined) table[quantity.name] = unit;
  }
  for (const [alias, name] of Object.entries(ALIASES)) {
    const unit = table[name];
    if (unit !== undefined) table[alias] = unit;
  }
  return table;
}
