import { describe, expect, it } from 'vitest';
import { equilibrium, relax, type ThermalTraits } from '../../src/simulate/thermal.js';

const traits: ThermalTraits = { lossHours: 20, heatingHours: 0.2, solarGainPerHour: 0.4 };
const night = { outdoor: 5, setpoint: 20, illuminance: 0 };

describe('the thermal model', () => {
  it('with the heating off, loses its excess over the outdoors by a factor e in τ_loss', () => {
    const warm = { outdoor: 5, setpoint: 10, illuminance: 0 };
    expect(relax(25, warm, traits, 20)).toBeCloseTo(5 + 20 / Math.E, 6);
    expect(relax(25, warm, traits, 0)).toBe(25);
  });

  it('with the heating on, heads for the thermostat droop: (T_out/τ_loss + T_set/τ_heat) / (1/τ_loss + 1/τ_heat)', () => {
    const settled = (5 / 20 + 20 / 0.2) / (1 / 20 + 1 / 0.2);
    expect(equilibrium(night, traits)).toBeCloseTo(settled, 6);
    expect(settled).toBeLessThan(20);
    expect(settled).toBeGreaterThan(19.8);
    expect(relax(15, night, traits, 100)).toBeCloseTo(settled, 6);
    const rate = 1 / 20 + 1 / 0.2;
    expect(relax(15, night, traits, 0.1)).toBeCloseTo(settled + (15 - settled) * Math.exp(-rate * 0.1), 9);
  });

  it('is warmed by the sun: g·E/100,000 lx °C per hour', () => {
    const sunny = { outdoor: 25, setpoint: 20, illuminance: 50_000 };
    // Heating off (above the set-point): T_out + g·E/100,000 × τ_loss.
    expect(equilibrium(sunny, traits)).toBeCloseTo(25 + 0.2 * 20, 6);
    expect(relax(25, sunny, traits, 1)).toBeGreaterThan(25);
    // Heating on, with the sun's share added to the balance.
    const winterSun = { outdoor: 5, setpoint: 20, illuminance: 50_000 };
    expect(relax(15, winterSun, traits, 100)).toBeCloseTo((5 / 20 + 20 / 0.2 + 0.2) / (1 / 20 + 1 / 0.2), 6);
  });

  it('lets the room above its set-point when the outdoors and the sun alone keep it there', () => {
    const mild = { outdoor: 19, setpoint: 20, illuminance: 30_000 };
    expect(equilibrium(mild, traits)).toBeCloseTo(19 + 0.12 * 20, 6);
    expect(equilibrium({ ...mild, illuminance: 0 }, traits)).toBeLessThan(20);
    // Exactly at the set-point the heating is off.
    expect(equilibrium({ outdoor: 20, setpoint: 20, illuminance: 0 }, traits)).toBe(20);
    expect(relax(20, { outdoor: 20, setpoint: 20, illuminance: 0 }, traits, 5)).toBe(20);
  });

  it('is solved exactly: two half steps are one step, and an hour-long step is stable', () => {
    const once = relax(12, night, traits, 0.5);
    expect(relax(relax(12, night, traits, 0.25), night, traits, 0.25)).toBeCloseTo(once, 9);
    expect(relax(-30, night, traits, 1)).toBeLessThan(equilibrium(night, traits));
    expect(relax(-30, night, traits, 1)).toBeGreaterThan(19);
  });
});
