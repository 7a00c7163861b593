/**
 * The simulated house: every room on one simulated clock, under one sky and one outdoor temperature.
 * Pure: the time, the outdoor temperature and the seed come in; readings come out.
 */
import { outdoorCycle, seasonalMean } from './outdoor-cycle.js';
import { seededRandom } from './random.js';
import { drawRoomTraits, type HouseConditions, type Reading, Room } from './room.js';
import { clearSkyIlluminance, solarElevation, solarHour } from './sun.js';

export interface Setpoints {
  /** °C from 06:30 to 22:00 local solar time. */
  readonly day: number;
  readonly night: number;
}

const DAY_STARTS = 6.5;
const NIGHT_STARTS = 22;

/** The thermostat's programme: the day set-point from 06:30 to 22:00 local solar time, the night one otherwise. */
export function setpointAt(hour: number, setpoints: Setpoints): number {
  return hour >= DAY_STARTS && hour < NIGHT_STARTS ? setpoints.day : setpoints.night;
}

export interface HouseOptions {
  readonly rooms: readonly string[];
  readonly seed: string;
  /** Simulated time of the first reading, ms since the epoch. */
  readonly startMs: number;
  /** Simulated ms between two readings (the interval times the speed). */
  readonly stepMs: number;
  readonly latitude: number;
  readonly longitude: number;
  readonly setpoints: Setpoints;
  /** A live outdoor temperature (°C), or undefined for the daily cycle. */
  readonly outdoor?: () => number | undefined;
}

export interface HouseReadings {
  /** Simulated time of these readings. */
  readonly simMs: number;
  readonly conditions: HouseConditions;
  /** One per room, in the order of `rooms`. */
  readonly readings: readonly Reading[];
}

/** The outdoor mean follows the outdoor temperature with this time constant. */
const MEAN_HOURS = 24;
/**
 * The house is started this many hours before the first reading and run in hourly steps, so that the first
 * reading has a history behind it (a summer afternoon's rooms warmed by the morning sun), not a cold start.
 */
const SPIN_UP_HOURS = 24;
const HOUR_MS = 3_600_000;

export class House {
  private readonly rooms: readonly Room[];
  private simMs: number;
  private outdoorMean: number;
  private started = false;

  constructor(private readonly options: HouseOptions) {
    this.simMs = options.startMs - SPIN_UP_HOURS * HOUR_MS;
    this.outdoorMean = seasonalMean(this.simMs, options.latitude);
    const start = this.conditions();
    this.rooms = options.rooms.map((name) => {
      const random = seededRandom(options.seed, name);
      return new Room(drawRoomTraits(random), random, start);
    });
    for (let hour = 0; hour < SPIN_UP_HOURS; hour++) this.advance(HOUR_MS);
  }

  /** The room named `name` (for tests and the bench). */
  room(name: string): Room | undefined {
    return this.rooms[this.options.rooms.indexOf(name)];
  }

  /** The first call reads the house at the start; each later one moves it on by one step first. */
  tick(): HouseReadings {
    if (this.started) this.advance(this.options.stepMs);
    this.started = true;
    const conditions = this.conditions();
    return { simMs: this.simMs, conditions, readings: this.rooms.map((room) => room.read(conditions)) };
  }

  private advance(ms: number): void {
    const before = this.conditions();
    const hours = ms / HOUR_MS;
    for (const room of this.rooms) room.step(hours, before);
    this.outdoorMean += (before.outdoor - this.outdoorMean) * (1 - Math.exp(-hours / MEAN_HOURS));
    this.simMs += ms;
  }

  private conditions(): HouseConditions {
    const { latitude, longitude } = this.options;
    const ms = this.simMs;
    return {
      outdoor: this.options.outdoor?.() ?? outdoorCycle(ms, latitude, longitude),
      outdoorMean: this.outdoorMean,
      setpoint: setpointAt(solarHour(ms, longitude), this.options.setpoints),
      illuminance: clearSkyIlluminance(solarElevation(ms, latitude, longitude)),
    };
  }
}
