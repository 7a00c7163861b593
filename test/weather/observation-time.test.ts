/**
 * Which observation times OWM could have sent for now, judged by the server's
 * clock when it gave one, and how a new observation compares with the one held.
 */
import { describe, expect, it } from 'vitest';
import {
  airTimeProblems,
  compareWithHeld,
  observedAtSeconds,
  olderObservationMessage,
  referenceClock,
  weatherTimeProblems,
} from '../../src/owm/responses/observation-time.js';

const NOW = Date.parse('2026-12-02T10:00:00Z');
const now = NOW / 1000;
const server = referenceClock('Wed, 02 Dec 2026 10:00:00 GMT', 0);

describe('the reference clock', () => {
  it("is the server's Date header when it parses, else the local clock", () => {
    expect(server).toEqual({ ms: NOW, source: 'server' });
    expect(referenceClock(undefined, NOW)).toEqual({ ms: NOW, source: 'local' });
    expect(referenceClock('yesterday-ish', NOW)).toEqual({ ms: NOW, source: 'local' });
  });
});

describe('weatherTimeProblems', () => {
  it.each([
    ['now', now],
    ['a minute ahead (clocks drift)', now + 60],
    ['an hour ahead', now + 3600],
    ['2018 (old recordings, as the fixtures carry)', 1_544_194_800],
    ['the first second of 2012', 1_325_376_000],
  ])('accepts a dt %s', (_, dt) => {
    expect(weatherTimeProblems({ dt }, server)).toEqual([]);
  });

  it.each([
    [
      'a year ahead',
      now + 365 * 86_400,
      "2027-12-02T10:00:00Z is more than 1 h ahead of OpenWeatherMap's clock (2026-12-02T10:00:00Z, its Date header)",
    ],
    ['in 2100', 4_102_444_000, '2099-12-31T23:46:40Z is more than 1 h ahead'],
    ['in 1970', 1, '1970-01-01T00:00:01Z is before 2012, when OpenWeatherMap began: not a real observation time (got 1)'],
    ['in 2011', 1_325_375_999, '2011-12-31T23:59:59Z is before 2012'],
  ])('refuses a dt %s, as ISO time, saying why', (_, dt, said) => {
    const problems = weatherTimeProblems({ dt }, server);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^dt /);
    expect(problems[0]).toContain(said);
    expect(problems[0]).toContain(`(got ${dt})`);
  });

  it('judges by the server, not by a local clock days behind (a Pi without a real-time clock)', () => {
    const dt = now + 2 * 86_400;
    const serverAhead = referenceClock(new Date(NOW + 3 * 86_400_000).toUTCString(), NOW);
    expect(weatherTimeProblems({ dt }, serverAhead)).toEqual([]);
    expect(weatherTimeProblems({ dt }, referenceClock(undefined, NOW))[0]).toContain(
      "ahead of this computer's clock (2026-12-02T10:00:00Z; the server sent no Date header)",
    );
  });

  it('sunrise and sunset: 0 is none; a day ahead is the far east; 1970 or 2100 is no sunrise', () => {
    expect(weatherTimeProblems({ dt: now, sys: { sunrise: 0, sunset: 0 } }, server)).toEqual([]);
    expect(weatherTimeProblems({ dt: now, sys: { sunrise: now + 86_400, sunset: now + 30 * 3600 } }, server)).toEqual([]);
    const problems = weatherTimeProblems({ dt: now, sys: { sunrise: 1, sunset: 4_102_444_000 } }, server);
    expect(problems).toEqual([
      'sys.sunrise 1970-01-01T00:00:01Z is before 2012, when OpenWeatherMap began: not a real sunrise time (got 1)',
      "sys.sunset 2099-12-31T23:46:40Z is more than 2 days ahead of OpenWeatherMap's clock (2026-12-02T10:00:00Z, its Date header): not a current sunset time (got 4102444000)",
    ]);
  });

  it('air quality: its dt when it has one', () => {
    expect(airTimeProblems({}, server)).toEqual([]);
    expect(airTimeProblems({ dt: now }, server)).toEqual([]);
    expect(airTimeProblems({ dt: 4_102_444_000 }, server)[0]).toMatch(/^list\.0\.dt 2099-12-31T23:46:40Z is more than 1 h ahead/);
  });
});

describe('compareWithHeld', () => {
  it('older, same or newer than the time held; nothing held is newer', () => {
    expect(compareWithHeld(now - 600, now, server)).toBe('older');
    expect(compareWithHeld(now, now, server)).toBe('same');
    expect(compareWithHeld(now, now - 600, server)).toBe('newer');
    expect(compareWithHeld(now, undefined, server)).toBe('newer');
  });

  it('a held time itself impossible by the clock (2099, from an older version) guards nothing', () => {
    expect(compareWithHeld(now, 4_102_444_000, server)).toBe('newer');
  });
});

describe('observedAtSeconds', () => {
  it('reads observed_at as published, and nothing else', () => {
    expect(observedAtSeconds('2026-08-01T08:44:45Z')).toBe(1_785_573_885);
    for (const payload of ['', 'garbage', '1785573885', '2026-08-01T08:44:45.000Z', '2026-13-01T08:44:45Z'])
      expect(observedAtSeconds(payload)).toBeUndefined();
  });
});

describe('the edges, exactly', () => {
  it('a dt up to an hour ahead is current, a second more is not; sunrise up to two days', () => {
    expect(weatherTimeProblems({ dt: now + 3601 }, server)).toEqual([
      `dt 2026-12-02T11:00:01Z is more than 1 h ahead of OpenWeatherMap's clock (2026-12-02T10:00:00Z, its Date header): not a current observation time (got ${now + 3601})`,
    ]);
    expect(weatherTimeProblems({ dt: now, sys: { sunrise: now + 2 * 86_400 } }, server)).toEqual([]);
    expect(weatherTimeProblems({ dt: now, sys: { sunrise: now + 2 * 86_400 + 1 } }, server)).toHaveLength(1);
    expect(weatherTimeProblems({ dt: now, sys: {} }, server)).toEqual([]);
  });

  it('air quality: the same rule as dt, named list.0.dt', () => {
    expect(airTimeProblems({ dt: 1_325_375_999 }, server)).toEqual([
      'list.0.dt 2011-12-31T23:59:59Z is before 2012, when OpenWeatherMap began: not a real air quality time (got 1325375999)',
    ]);
    expect(airTimeProblems({ dt: now + 3600 }, server)).toEqual([]);
  });

  it('the first Date header of several', () => {
    expect(referenceClock(['Wed, 02 Dec 2026 10:00:00 GMT', 'Thu, 03 Dec 2026 10:00:00 GMT'], 0)).toEqual({ ms: NOW, source: 'server' });
  });

  it('a held time up to an hour ahead still guards; further ahead, it does not', () => {
    expect(compareWithHeld(now, now + 3600, server)).toBe('older');
    expect(compareWithHeld(now, now + 3601, server)).toBe('newer');
  });

  it('olderObservationMessage says what came, what stays and why', () => {
    expect(olderObservationMessage('lisboa', 1_785_573_285, 1_785_573_885)).toBe(
      'lisboa: OpenWeatherMap sent an older observation (observed 2026-08-01T08:34:45Z) than the one on the broker (observed 2026-08-01T08:44:45Z): not published, the broker keeps the newer one',
    );
  });

  it('observedAtSeconds wants the whole payload to be the time', () => {
    for (const payload of [
      '+002026-08-01T08:44:45Z',
      ' 2026-08-01T08:44:45Z',
      '2026-08-01T08:44:45Z ',
      'x2026-08-01T08:44:45Z',
      '2026-08-01T08:44:45Zx',
    ])
      expect(observedAtSeconds(payload), payload).toBeUndefined();
  });
});
