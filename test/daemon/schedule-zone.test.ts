/** The zone SCHEDULE is read in when TZ names none (docs/configuration.md, SCHEDULE): the process's own, never a crash. */
import { afterEach, describe, expect, it } from 'vitest';
import { localZone } from '../../src/schedule/zone.js';

const original = process.env.TZ;
afterEach(() => {
  // Node.js reads TZ again whenever it is set.
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});

const JULY = Date.UTC(2026, 6, 1, 12);
const HOUR = 3_600_000;

describe('localZone', () => {
  it('TZ= (Intl says "Etc/Unknown", which it refuses as an option): the system reading, UTC, nameless', () => {
    process.env.TZ = '';
    const zone = localZone();
    expect(zone.name).toBe("the system's time zone");
    expect(zone.offsetMs(JULY)).toBe(0);
  });

  it('a POSIX rule without a zone name (XYZ-3): its offset, nameless', () => {
    process.env.TZ = 'XYZ-3';
    const zone = localZone();
    expect(zone.name).toBe("the system's time zone");
    expect(zone.offsetMs(JULY)).toBe(3 * HOUR);
  });

  it('a named zone keeps its name and its DST', () => {
    process.env.TZ = 'Europe/Paris';
    const zone = localZone();
    expect(zone.name).toBe('Europe/Paris');
    expect(zone.offsetMs(JULY)).toBe(2 * HOUR);
    expect(zone.offsetMs(Date.UTC(2026, 0, 1))).toBe(HOUR);
  });
});
