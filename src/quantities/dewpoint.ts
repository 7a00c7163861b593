import { fromCelsius, toCelsius, type Units } from '../core/units.js';

/**
 * Dew point by the Magnus formula with Sonntag's (1990) constants, as the WMO
 * recommends over water: good to about ±0.35 °C from -45 to 60 °C.
 * In and out in the configured units; undefined when it cannot be told
 * (no humidity, or 0 %, whose logarithm is -∞).
 */
const A = 17.62;
const B = 243.12;

export function dewPoint(temperature: number, humidityPercent: number | undefined, units: Units): number | undefined {
  const ratio = (humidityPercent ?? Number.NaN) / 100;
  if (ratio > 1) return undefined;
  const t = toCelsius[units](temperature);
  const gamma = Math.log(ratio) + (A * t) / (B + t);
  const celsius = (B * gamma) / (A - gamma);
  // No humidity, 0 % or less, or one so small that its logarithm underflows: NaN or -∞ above, no number at all.
  if (!Number.isFinite(celsius)) return undefined;
  // Two decimals, as OWM gives temperatures.
  return Math.round(fromCelsius[units](celsius) * 100) / 100;
}
