import { nextWallTime, type CronFields } from './cron-fields.js';
import { nextChange, previousChange, type Zone } from './zone.js';

/**
 * The first scheduled instant strictly after `after`, with Vixie cron's DST rules:
 * - an expression with a wildcard hour field (every 10 minutes, `0 * * * *`) matches every instant whose local time matches, so
 *   it runs by real elapsed time: both passes of the autumn's repeated hour, nothing in the spring's gap;
 * - a fixed time that the autumn repeats runs once (the first pass);
 * - fixed times that fall in the spring's gap run once, at the gap's end.
 */
export function nextSlot(fields: CronFields, zone: Zone, after: number): number | undefined {
  let from = after;
  let offset = zone.offsetMs(after);
  let wallFrom = after + offset;
  if (!fields.wildcardHour) {
    // Started in the second pass of a repeated hour: its fixed times had their turn in the first.
    // (After a spring change, the wall time before it is always behind: the max keeps wallFrom.)
    const change = previousChange(zone, after);
    if (change !== undefined) wallFrom = Math.max(wallFrom, change.at + change.offsetBefore - 1);
  }
  // Each turn either returns or moves past one offset change: a few turns a year.
  // Stryker disable next-line EqualityOperator,UpdateOperator: a safety bound that no zone reaches
  for (let turn = 0; turn < 1000; turn++) {
    const wall = nextWallTime(fields, wallFrom);
    if (wall === undefined) return undefined;
    const candidate = wall - offset;
    const change = nextChange(zone, from, candidate);
    if (change === undefined) return candidate;
    const newOffset = zone.offsetMs(change);
    // Stryker disable next-line EqualityOperator: at a change the offsets differ, never equal
    if (newOffset > offset) {
      // Spring: wall times [change + offset, change + newOffset) never happen.
      if (!fields.wildcardHour) {
        const skipped = nextWallTime(fields, change + offset - 1);
        // Stryker disable next-line EqualityOperator: a time exactly at the gap's end is the instant `change` anyway
        if ((skipped ?? Infinity) < change + newOffset) return change;
      }
      wallFrom = change + newOffset - 1;
    } else {
      // Autumn: wall times [change + newOffset, change + offset) happen again.
      wallFrom = fields.wildcardHour ? change + newOffset - 1 : change + offset - 1;
    }
    from = change;
    offset = newOffset;
  }
  return undefined;
}
