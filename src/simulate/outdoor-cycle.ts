/**
 * The outdoor temperature when none is read live (`SIM_OUTDOOR_TOPIC` unset or silent so far): a
 * seasonal mean with a daily swing, shaped on Toulouse's climate normals (about 6 °C in January, 23 °C
 * in July; 10 °C between the coolest hour, near dawn, and the warmest, mid-afternoon).
 */
import { dayOfYear, solarHour } from './sun.js';

/** The yearly mean (°C) and the swing of the monthly means around it. */
const YEARLY_MEAN = 14.5;
const SEASONAL_AMPLITUDE = 8.5;
/** The coldest day of the year in the northern hemisphere (day 20 counted from 0: 21 January). */
const COLDEST_DAY = 20;
/** Half the difference between the warmest and the coolest hour of a day. */
const DAILY_AMPLITUDE = 5;
/** The warmest hour, local solar time. */
const WARMEST_HOUR = 15;

/** The mean temperature (°C) of the day of `ms`; the seasons are turned round south of the equator. */
export function seasonalMean(ms: number, latitude: number): number {
  const season = Math.cos((2 * Math.PI * (dayOfYear(ms) - COLDEST_DAY)) / 365.25);
  const hemisphere = latitude < 0 ? -1 : 1;
  return YEARLY_MEAN - hemisphere * SEASONAL_AMPLITUDE * season;
}

/** The cycle's temperature (°C) at `ms`: the day's mean, warmest at 15:00 and coolest at 03:00 local solar time. */
export function outdoorCycle(ms: number, latitude: number, longitude: number): number {
  return seasonalMean(ms, latitude) + DAILY_AMPLITUDE * Math.cos((2 * Math.PI * (solarHour(ms, longitude) - WARMEST_HOUR)) / 24);
}
