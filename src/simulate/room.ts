/**
 * One simulated room: its traits (drawn once from its own random stream, so rooms differ), its state
 * (temperature, water vapour) stepped with simulated time, and what its sensor reads, with noise and the
 * DHT22's and a light sensor's resolution.
 */
import { relativeHumidity, saturationDensity } from './humidity.js';
import type { Random } from './random.js';
import { equilibrium, relax, type ThermalTraits } from './thermal.js';

export interface RoomTraits extends ThermalTraits {
  /** Added to the house's set-point: one room is kept warmer than another. */
  readonly setpointOffset: number;
  /** The share of outdoor daylight that reaches the sensor (windows, orientation), 0.005 = 0.5 %. */
  readonly daylightFactor: number;
  /** The water vapour the room holds above the outdoor air's, g/m³ (people, cooking: a kitchen more than a bedroom). */
  readonly vapourExcess: number;
}

/** The conditions of one instant, the same for every room of the house. */
export interface HouseConditions {
  readonly outdoor: number;
  /** The outdoor temperature smoothed over about a day (°C): what sets the outdoor air's water vapour. */
  readonly outdoorMean: number;
  /** The house's set-point now (day or night), before each room's offset. */
  readonly setpoint: number;
  readonly illuminance: number;
}

/** One reading as the sensor gives it: °C to 0.1, whole % and whole lux. */
export interface Reading {
  readonly temperature: number;
  readonly humidity: number;
  readonly luminosity: number;
}

const between = (random: Random, low: number, high: number) => low + (high - low) * random.next();

/** Each trait uniform in a plausible range for a room of a lived-in house. */
export function drawRoomTraits(random: Random): RoomTraits {
  return {
    lossHours: between(random, 10, 30),
    heatingHours: between(random, 0.1, 0.3),
    solarGainPerHour: between(random, 0.1, 0.5),
    setpointOffset: between(random, -0.8, 0.8),
    daylightFactor: between(random, 0.005, 0.025),
    vapourExcess: between(random, 1.5, 3.5),
  };
}

/** How far the initial temperature is from equilibrium, °C (standard deviation). */
const INITIAL_SPREAD = 0.3;
/**
 * The outdoor air's water vapour: 60 % of saturation at the day's mean temperature. Its dew point barely moves
 * over a day while its temperature swings, so the mean, not the hour's temperature, sets it.
 */
const OUTDOOR_HUMIDITY = 0.6;
/**
 * The room's water vapour wanders (cooking, breathing, airing) around the outdoor air's plus its excess: a
 * mean-reverting walk that forgets in a few hours.
 */
const VAPOUR_SPREAD = 0.3;
const VAPOUR_HOURS = 2;
/** Sensor noise: °C, % and a share of the light. */
const TEMPERATURE_NOISE = 0.1;
const HUMIDITY_NOISE = 1;
const LIGHT_NOISE = 0.03;

export class Room {
  private temperature: number;
  private vapour: number;

  constructor(
    readonly traits: RoomTraits,
    private readonly random: Random,
    start: HouseConditions,
  ) {
    this.temperature = equilibrium(this.thermal(start), traits) + INITIAL_SPREAD * random.gaussian();
    this.vapour = this.vapourTarget(start) + VAPOUR_SPREAD * random.gaussian();
  }

  /** The true temperature and vapour, unrounded and without sensor noise. */
  get state(): { temperature: number; vapour: number } {
    return { temperature: this.temperature, vapour: this.vapour };
  }

  /** Moves the room on by `hours` of simulated time under `c` (held over the step). */
  step(hours: number, c: HouseConditions): void {
    this.temperature = relax(this.temperature, this.thermal(c), this.traits, hours);
    // The Ornstein–Uhlenbeck process sampled exactly: the same spread whatever the step.
    const keep = Math.exp(-hours / VAPOUR_HOURS);
    const mean = this.vapourTarget(c);
    this.vapour = mean + (this.vapour - mean) * keep + VAPOUR_SPREAD * Math.sqrt(1 - keep * keep) * this.random.gaussian();
  }

  /** What the sensor reads now: always three draws from the room's stream, so a run repeats whatever is published. */
  read(c: HouseConditions): Reading {
    const temperature = this.temperature + TEMPERATURE_NOISE * this.random.gaussian();
    const humidity = relativeHumidity(this.temperature, this.vapour) + HUMIDITY_NOISE * this.random.gaussian();
    const light = this.traits.daylightFactor * c.illuminance * (1 + LIGHT_NOISE * this.random.gaussian());
    return {
      temperature: Math.round(temperature * 10) / 10 || 0,
      humidity: Math.round(Math.min(100, Math.max(0, humidity))),
      luminosity: Math.round(Math.max(0, light)),
    };
  }

  private vapourTarget(c: HouseConditions): number {
    return OUTDOOR_HUMIDITY * saturationDensity(c.outdoorMean) + this.traits.vapourExcess;
  }

  private thermal(c: HouseConditions) {
    return { outdoor: c.outdoor, setpoint: c.setpoint + this.traits.setpointOffset, illuminance: c.illuminance };
  }
}
