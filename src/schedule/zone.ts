/** A time zone's offset from UTC at any instant, and where it changes (DST). */
export interface Zone {
  readonly name: string;
  /** Local wall time minus UTC, in ms, at `instant`. */
  offsetMs(instant: number): number;
}

const HOUR_MS = 3_600_000;
/** Offsets change a few times a year at most; sampling every 6 hours finds every change in between. */
const SAMPLE_MS = 6 * HOUR_MS;

export function timeZone(name: string): Zone {
  return zone(name, name);
}

/** The system's zone, by its name when it has one; `TZ=` and `TZ=:/etc/localtime` leave it nameless. */
export function localZone(): Zone {
  return resolvedZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** The process's zone, given the name Intl resolved for it (none, or one Intl itself refuses). */
export function resolvedZone(name: string | undefined): Zone {
  try {
    // With TZ set but empty the name is "Etc/Unknown", which Intl then refuses as an option.
    if (name) return timeZone(name);
  } catch {
    // Nameless, but the process's default zone still has the right offsets.
  }
  return zone(undefined, "the system's time zone");
}

/** `timeZone` undefined: the process's default zone. */
function zone(timeZone: string | undefined, name: string): Zone {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return {
    name,
    offsetMs(instant) {
      const parts: Record<string, number> = {};
      for (const part of format.formatToParts(instant)) parts[part.type] = Number(part.value);
      const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
      return wall - Math.floor(instant / 1000) * 1000;
    },
  };
}

/** The first instant in (from, to] whose offset differs from the offset at `from`, if any. */
export function nextChange(zone: Zone, from: number, to: number): number | undefined {
  const offset = zone.offsetMs(from);
  let low = from;
  while (low < to) {
    const high = Math.min(low + SAMPLE_MS, to);
    if (zone.offsetMs(high) !== offset) return firstDifferent(zone, low, high, offset);
    low = high;
  }
  return undefined;
}

/** The last change at or before `at` within the past day: when, and the offset before it. */
export function previousChange(zone: Zone, at: number): { at: number; offsetBefore: number } | undefined {
  const dayBefore = at - 24 * HOUR_MS;
  const change = nextChange(zone, dayBefore, at);
  if (change === undefined) return undefined;
  // A second change within the same day does not happen in any zone: the first one found is the last.
  return { at: change, offsetBefore: zone.offsetMs(dayBefore) };
}

/** Bisects (low, high] for the first ms whose offset differs from `offset` at low. */
function firstDifferent(zone: Zone, low: number, high: number, offset: number): number {
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if (zone.offsetMs(middle) === offset) low = middle;
    else high = middle;
  }
  return high;
}
