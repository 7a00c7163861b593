import { describe, expect, it } from 'vitest';
import { relativeHumidity, saturationDensity } from '../../src/simulate/humidity.js';
import type { Random } from '../../src/simulate/random.js';
import { drawRoomTraits, Room, type RoomTraits } from '../../src/simulate/room.js';
import { equilibrium } from '../../src/simulate/thermal.js';

/** A source that always draws `uniform` and `normal`, and counts its draws. */
function fixed(uniform: number, normal: number) {
  const counts = { next: 0, gaussian: 0 };
  const random: Random = {
    next: () => {
      counts.next++;
      return uniform;
    },
    gaussian: () => {
      counts.gaussian++;
      return normal;
    },
  };
  return { random, counts };
}

const traits: RoomTraits = {
  lossHours: 20,
  heatingHours: 0.2,
  solarGainPerHour: 0.4,
  setpointOffset: 0.5,
  daylightFactor: 0.01,
  vapourExcess: 2,
};
const winterNight = { outdoor: 5, outdoorMean: 6, setpoint: 19.5, illuminance: 0 };
const thermal = (c: typeof winterNight) => ({ outdoor: c.outdoor, setpoint: c.setpoint + 0.5, illuminance: c.illuminance });
const vapourTarget = (c: typeof winterNight) => 0.6 * saturationDensity(c.outdoorMean) + 2;

describe('drawRoomTraits', () => {
  it('draws each trait uniformly in its range, from its low end to its high end', () => {
    expect(drawRoomTraits(fixed(0, 0).random)).toEqual({
      lossHours: 10,
      heatingHours: 0.1,
      solarGainPerHour: 0.1,
      setpointOffset: -0.8,
      daylightFactor: 0.005,
      vapourExcess: 1.5,
    });
    const high = drawRoomTraits(fixed(1, 0).random);
    expect(high.lossHours).toBeCloseTo(30, 9);
    expect(high.heatingHours).toBeCloseTo(0.3, 9);
    expect(high.solarGainPerHour).toBeCloseTo(0.5, 9);
    expect(high.setpointOffset).toBeCloseTo(0.8, 9);
    expect(high.daylightFactor).toBeCloseTo(0.025, 9);
    expect(high.vapourExcess).toBeCloseTo(3.5, 9);
  });
});

describe('Room', () => {
  it('starts at its equilibrium and its vapour target, offset by one draw each', () => {
    const room = new Room(traits, fixed(0.5, 1).random, winterNight);
    expect(room.state.temperature).toBeCloseTo(equilibrium(thermal(winterNight), traits) + 0.3, 9);
    expect(room.state.vapour).toBeCloseTo(vapourTarget(winterNight) + 0.3, 9);
  });

  it('heats towards its own set-point (the house set-point plus its offset)', () => {
    const room = new Room(traits, fixed(0.5, 0).random, winterNight);
    room.step(48, winterNight);
    expect(room.state.temperature).toBeCloseTo(equilibrium(thermal(winterNight), traits), 6);
    expect(room.state.temperature).toBeGreaterThan(19.8);
  });

  it('brings its vapour back to the outdoor air’s plus its excess, exactly as an Ornstein–Uhlenbeck process', () => {
    const room = new Room(traits, fixed(0.5, 0).random, winterNight);
    const moister = { ...winterNight, outdoorMean: 16 };
    const before = room.state.vapour;
    room.step(2, moister);
    expect(room.state.vapour).toBeCloseTo(vapourTarget(moister) + (before - vapourTarget(moister)) / Math.E, 9);
    const noisy = new Room(traits, fixed(0.5, 1).random, winterNight);
    const start = noisy.state.vapour;
    noisy.step(2, winterNight);
    const keep = 1 / Math.E;
    expect(noisy.state.vapour).toBeCloseTo(
      vapourTarget(winterNight) + (start - vapourTarget(winterNight)) * keep + 0.3 * Math.sqrt(1 - keep * keep),
      9,
    );
  });

  it('reads as the sensor would: °C to 0.1, whole % and lux, with the noise of three draws', () => {
    const { random, counts } = fixed(0.5, 0);
    const room = new Room(traits, random, winterNight);
    const { temperature, vapour } = room.state;
    const before = counts.gaussian;
    const day = { ...winterNight, illuminance: 40_000 };
    expect(room.read(day)).toEqual({
      temperature: Math.round(temperature * 10) / 10,
      humidity: Math.round(relativeHumidity(temperature, vapour)),
      luminosity: 400,
    });
    expect(counts.gaussian - before).toBe(3);
    const noisy = new Room(traits, fixed(0.5, 2).random, winterNight);
    const truth = noisy.state;
    const read = noisy.read(day);
    expect(read.temperature).toBeCloseTo(Math.round((truth.temperature + 0.2) * 10) / 10, 9);
    expect(read.humidity).toBe(Math.round(relativeHumidity(truth.temperature, truth.vapour) + 2));
    expect(read.luminosity).toBe(Math.round(400 * 1.06));
  });

  it('reads 0 lux at night, noise or not, and keeps humidity within 0–100 %', () => {
    const room = new Room(traits, fixed(0.5, 50).random, winterNight);
    expect(room.read(winterNight)).toMatchObject({ luminosity: 0, humidity: 100 });
    const dry = new Room(traits, fixed(0.5, -80).random, winterNight);
    expect(dry.read({ ...winterNight, illuminance: 10_000 })).toMatchObject({ luminosity: 0, humidity: 0 });
  });

  it('never reads −0.0', () => {
    const room = new Room(traits, fixed(0.5, 0).random, winterNight);
    const freezing = { outdoor: -0.04, outdoorMean: 0, setpoint: -100, illuminance: 0 };
    room.step(10_000, freezing);
    const { temperature } = room.read(freezing);
    expect(Object.is(temperature, -0)).toBe(false);
    expect(temperature).toBe(0);
  });
});
