/** One message through a tick's faults: lost, spoiled, or sent as it was. */
import type { TickFaults } from './faults.js';
import type { Slot } from './payloads.js';
import type { Random } from './random.js';

/**
 * Undefined when the message is lost, a garbage payload when it is spoiled, else `slot` itself. Always
 * three draws from `random`, faults or not, so that a run with the same seed repeats whatever was lost.
 */
export function tamper(slot: Slot, faults: TickFaults, random: Random, garbage: readonly string[]): Slot | undefined {
  const lost = random.next();
  const spoiled = random.next();
  const pick = random.next();
  if (lost < faults.loss) return undefined;
  if (spoiled < faults.garbage) return { topic: slot.topic, payload: garbage[Math.floor(pick * garbage.length)]! };
  return slot;
}
