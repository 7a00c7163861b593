/**
 * Where the sun is, and how much daylight that gives, from a date and a place: the textbook approximation
 * (Cooper's declination, the hour angle of local solar time), good to about a degree, which is plenty for
 * a light sensor. The equation of time (the sun up to 16 minutes early or late) is left out.
 */

const DAY_MS = 86_400_000;
const DEG = Math.PI / 180;

/** Days since 1 January 00:00 UTC of the year of `ms`, with the fraction of the day. */
export function dayOfYear(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  return (ms - Date.UTC(year, 0, 1)) / DAY_MS;
}

/** Local solar time in hours, [0, 24): UTC shifted by 4 minutes per degree of longitude east. */
export function solarHour(ms: number, longitude: number): number {
  const hours = (ms / 3_600_000 + longitude / 15) % 24;
  return hours < 0 ? hours + 24 : hours;
}

/** The sun's declination in degrees (Cooper 1969): +23.44° at the June solstice, −23.44° in December. */
export function declination(ms: number): number {
  return 23.44 * Math.sin((2 * Math.PI * (284 + dayOfYear(ms) + 1)) / 365);
}

/** The sun's height above the horizon in degrees; negative at night. */
export function solarElevation(ms: number, latitude: number, longitude: number): number {
  const hourAngle = 15 * (solarHour(ms, longitude) - 12) * DEG;
  const delta = declination(ms) * DEG;
  const phi = latitude * DEG;
  const sine = Math.sin(phi) * Math.sin(delta) + Math.cos(phi) * Math.cos(delta) * Math.cos(hourAngle);
  return Math.asin(sine) / DEG;
}

/** Outdoor illuminance above the atmosphere, at the sun's zenith (lux). */
const EXTRATERRESTRIAL_LUX = 128_000;
/** Clear-sky optical extinction for visible light, per air mass. */
const EXTINCTION = 0.21;

/**
 * Clear-sky daylight on a horizontal surface outdoors, in lux: 128,000 lx × sin h × exp(−0.21 / sin h), the
 * sun's light through an air mass of 1 / sin h (Beer–Lambert); 0 when the sun is below the horizon.
 * About 100,000 lx with the sun overhead, 30,000 lx at 20°, 0 at night.
 */
export function clearSkyIlluminance(elevation: number): number {
  if (elevation <= 0) return 0;
  const sine = Math.sin(elevation * DEG);
  return EXTRATERRESTRIAL_LUX * sine * Math.exp(-EXTINCTION / sine);
}
