/** The zone SCHEDULE is read in when TZ names none (docs/configuration.md, SCHEDULE): the process's own, never a crash. */
import { describe, expect, it } from 'vitest';
import { resolvedZone } from '../../src/schedule/zone.js';

const JULY = Date.UTC(2026, 6, 1, 12);
const HOUR = 3_600_000;
/** This process's own offset, whatever TZ it runs under (the built daemon is tested under TZ= and others). */
const processOffset = (at: number) => new Date(at).getTimezoneOffset() * -60_000 + 0;

describe('the local zone, by the name Intl resolved', () => {
  it('"Etc/Unknown" (TZ=: Intl then refuses it as an option): the process\'s own offsets, nameless', () => {
    const zone = resolvedZone('Etc/Unknown');
    expect(zone.name).toBe("the system's time zone");
    expect(zone.offsetMs(JULY)).toBe(processOffset(JULY));
  });

  it("no name at all (TZ=:/etc/localtime, a POSIX rule): the process's own offsets, nameless", () => {
    const zone = resolvedZone(undefined);
    expect(zone.name).toBe("the system's time zone");
    expect(zone.offsetMs(Date.UTC(2026, 0, 1))).toBe(processOffset(Date.UTC(2026, 0, 1)));
  });

  it('a named zone keeps its name and its DST', () => {
    const zone = resolvedZone('Europe/Paris');
    expect(zone.name).toBe('Europe/Paris');
    expect(zone.offsetMs(JULY)).toBe(2 * HOUR);
    expect(zone.offsetMs(Date.UTC(2026, 0, 1))).toBe(HOUR);
  });
});
