/**
 * Relative humidity from a fixed amount of water vapour: the air of a room holds about the same grams of
 * water per m³ whatever its temperature, so its relative humidity falls when it warms and rises when it
 * cools. Saturation by the Magnus formula with Sonntag's (1990) constants, as src/quantities/dewpoint.ts.
 */

const A = 17.62;
const B = 243.12;
/** Saturation vapour pressure over water at 0 °C, hPa. */
const E0 = 6.112;
/** The specific gas constant of water vapour, J/(kg·K). */
const RV = 461.5;

/** Saturation vapour pressure over water at `celsius`, in hPa. */
export function saturationPressure(celsius: number): number {
  return E0 * Math.exp((A * celsius) / (B + celsius));
}

/** The vapour pressure (hPa) of `gramsPerCubicMetre` of water vapour at `celsius` (ideal gas: e = ρ·Rv·T). */
export function vapourPressure(celsius: number, gramsPerCubicMetre: number): number {
  return ((gramsPerCubicMetre / 1000) * RV * (celsius + 273.15)) / 100;
}

/** The water vapour (g/m³) that saturates air at `celsius`. */
export function saturationDensity(celsius: number): number {
  return (saturationPressure(celsius) * 100 * 1000) / (RV * (celsius + 273.15));
}

/** Relative humidity in % of air at `celsius` holding `gramsPerCubicMetre` of water vapour, at most 100. */
export function relativeHumidity(celsius: number, gramsPerCubicMetre: number): number {
  return Math.min(100, (100 * vapourPressure(celsius, gramsPerCubicMetre)) / saturationPressure(celsius));
}
