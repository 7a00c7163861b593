import { AIR_QUANTITIES, QUANTITIES } from '../../quantities.js';
import type { Units } from '../../units.js';

/**
 * The unit of each quantity the page may chart, keyed by a topic's last level: the bridge's own
 * quantities from src/quantities.ts (in the bridge's OWM_UNITS), and the names the course's rooms
 * use for the same quantities.
 */
const ALIASES: Readonly<Record<string, string>> = {
  humidite: 'humidity',
};

export function unitTable(units: Units): Record<string, string> {
  const table: Record<string, string> = {};
  for (const quantity of QUANTITIES) {
    if (quantity.kind === 'number' && quantity.unit !== undefined) table[quantity.name] = quantity.unit[units];
  }
  for (const quantity of AIR_QUANTITIES) if (quantity.unit !== undefined) table[quantity.name] = quantity.unit;
  for (const [alias, name] of Object.entries(ALIASES)) {
    const unit = table[name];
    if (unit !== undefined) table[alias] = unit;
  }
  return table;
}
