import { describe, expect, it } from 'vitest';
import { House, type HouseOptions, setpointAt } from '../../src/simulate/house.js';
import { outdoorCycle, seasonalMean } from '../../src/simulate/outdoor-cycle.js';

const HOUR = 3_600_000;
/** Local solar midnight in Toulouse on 15 January 2026. */
const JANUARY = Date.UTC(2026, 0, 15) - (1.44 / 15) * HOUR;
const JULY = Date.UTC(2026, 6, 15) - (1.44 / 15) * HOUR;
const options = (over: Partial<HouseOptions> = {}): HouseOptions => ({
  rooms: ['salon', 'cuisine', 'chambre'],
  seed: 'test',
  startMs: JANUARY,
  stepMs: 60_000,
  latitude: 43.6,
  longitude: 1.44,
  setpoints: { day: 20, night: 17 },
  ...over,
});
const run = (house: House, ticks: number) => Array.from({ length: ticks }, () => house.tick());
const correlation = (xs: number[], ys: number[]) => {
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  const cov = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0);
  const sx = Math.sqrt(xs.reduce((s, x) => s + (x - mx) ** 2, 0));
  const sy = Math.sqrt(ys.reduce((s, y) => s + (y - my) ** 2, 0));
  return cov / (sx * sy);
};

describe('setpointAt', () => {
  it('is the day set-point from 06:30 to 22:00, the night one otherwise', () => {
    const s = { day: 20, night: 17 };
    expect([0, 6.49, 6.5, 12, 21.99, 22, 23.9].map((h) => setpointAt(h, s))).toEqual([17, 17, 20, 20, 20, 17, 17]);
  });
});

describe('House', () => {
  it('reads at the start first, then one step of simulated time per tick', () => {
    const house = new House(options());
    expect(run(house, 3).map((r) => r.simMs)).toEqual([JANUARY, JANUARY + 60_000, JANUARY + 120_000]);
  });

  it('repeats every reading for the same seed, and differs for another', () => {
    const readings = (seed: string) => run(new House(options({ seed })), 200).map((r) => r.readings);
    expect(readings('a')).toEqual(readings('a'));
    expect(readings('a')).not.toEqual(readings('b'));
  });

  it('gives each room values of its own, whatever the other rooms', () => {
    const alone = run(new House(options({ rooms: ['cuisine'] })), 100).map((r) => r.readings[0]);
    const among = run(new House(options({ rooms: ['salon', 'cuisine'] })), 100).map((r) => r.readings[1]);
    expect(among).toEqual(alone);
    const house = new House(options());
    expect(house.room('salon')!.traits).not.toEqual(house.room('cuisine')!.traits);
    expect(house.room('grenier')).toBeUndefined();
  });

  it('uses the live outdoor temperature when there is one, the daily cycle otherwise', () => {
    let live: number | undefined;
    const house = new House(options({ outdoor: () => live }));
    expect(house.tick().conditions.outdoor).toBeCloseTo(outdoorCycle(JANUARY, 43.6, 1.44), 9);
    live = -3;
    expect(house.tick().conditions.outdoor).toBe(-3);
  });

  it('is held at its set-point in a live freeze, and warms in a live heat wave', () => {
    const twoDaysAt = (outdoor: number) => {
      const house = new House(options({ outdoor: () => outdoor, stepMs: HOUR, setpoints: { day: 5, night: 5 } }));
      return run(house, 48).at(-1)!.readings[0]!.temperature;
    };
    expect(twoDaysAt(-10)).toBeGreaterThan(3.5);
    expect(twoDaysAt(-10)).toBeLessThan(6);
    expect(twoDaysAt(35)).toBeGreaterThan(33);
  });

  it('has been running for a day at the first reading: the outdoor mean is under way, the rooms warmed', () => {
    const first = new House(options({ startMs: JULY + 18 * HOUR })).tick();
    expect(first.conditions.outdoorMean).not.toBeCloseTo(seasonalMean(JULY - 6 * HOUR, 43.6), 1);
    expect(first.conditions.outdoorMean).toBeGreaterThan(seasonalMean(JULY, 43.6) - 3);
    expect(first.conditions.outdoorMean).toBeLessThan(seasonalMean(JULY, 43.6) + 3);
    // A July evening after a sunny day: rooms well above the 20 °C set-point.
    expect(Math.min(...first.readings.map((r) => r.temperature))).toBeGreaterThan(22);
  });

  it('follows the outdoor temperature with its mean, over about a day', () => {
    const house = new House(options({ outdoor: () => 30, stepMs: HOUR }));
    const means = run(house, 73).map((r) => r.conditions.outdoorMean);
    expect(means[24]! - means[0]!).toBeGreaterThan(0.6 * (30 - means[0]!));
    expect(means[24]! - means[0]!).toBeLessThan(0.66 * (30 - means[0]!));
    expect(means[72]).toBeGreaterThan(28);
  });

  it('keeps each room near its set-point by day in winter, with a night setback', () => {
    const day = run(new House(options({ stepMs: 5 * 60_000 })), 24 * 12 + 1);
    const at = (hour: number) => day[hour * 12]!;
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(at(15).readings[i]!.temperature - 20)).toBeLessThan(1.5);
      expect(at(6).readings[i]!.temperature).toBeLessThan(at(15).readings[i]!.temperature - 1);
    }
  });

  it('moves humidity against temperature, and light with the sun (0 at night)', () => {
    const day = run(new House(options({ stepMs: 5 * 60_000 })), 24 * 12);
    for (let i = 0; i < 3; i++) {
      const t = day.map((r) => r.readings[i]!.temperature);
      const h = day.map((r) => r.readings[i]!.humidity);
      expect(correlation(t, h)).toBeLessThan(-0.5);
    }
    for (const r of day) {
      const lux = r.readings.map((x) => x.luminosity);
      if (r.conditions.illuminance === 0) expect(lux).toEqual([0, 0, 0]);
      if (r.conditions.illuminance > 30_000) for (const l of lux) expect(l).toBeGreaterThan(100);
    }
    expect(day.some((r) => r.conditions.illuminance === 0)).toBe(true);
    expect(day.some((r) => r.conditions.illuminance > 30_000)).toBe(true);
  });

  it('stays plausible over a year in half-hour steps', () => {
    const house = new House(options({ stepMs: 30 * 60_000, rooms: ['salon'] }));
    let [minT, maxT, minH, maxH] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < 365 * 48; i++) {
      const { temperature, humidity } = house.tick().readings[0]!;
      [minT, maxT, minH, maxH] = [
        Math.min(minT, temperature),
        Math.max(maxT, temperature),
        Math.min(minH, humidity),
        Math.max(maxH, humidity),
      ];
    }
    expect(minT).toBeGreaterThan(14);
    expect(maxT).toBeLessThan(32);
    expect(minH).toBeGreaterThan(15);
    expect(maxH).toBeLessThan(95);
  });

  it('gives the same temperatures whether stepped by the minute or by the hour (SIM_SPEED changes the step only)', () => {
    const fine = run(new House(options({ stepMs: 60_000 })), 24 * 60 + 1).filter((_, i) => i % 60 === 0);
    const coarse = run(new House(options({ stepMs: HOUR })), 25);
    // Not 07:00: the coarse step from 06:00 held the night set-point past the 06:30 change.
    for (const hour of Array.from({ length: 25 }, (_, h) => h).filter((h) => h !== 7))
      for (let i = 0; i < 3; i++)
        expect(Math.abs(fine[hour]!.readings[i]!.temperature - coarse[hour]!.readings[i]!.temperature)).toBeLessThan(0.8);
  });
});
