import type { Units } from '../units.js';

/**
 * Dew point by the Magnus formula with Sonntag's (1990) constants, as the WMO
 * recommends over water: good to about ±0.35 °C from -45 to 60 °C.
 * In and out in the configured units; undefined when it cannot be told
 * (no humidity, or 0 %, whose logarithm is -∞).
 */
const A = 17.62;
const B = 243.12;

const toCelsius: Record<Units, (t: number) => number> = {
  metric: (t) => t,
  imperial: (t) => ((t - 32) * 5) / 9,
  standard: (t) => t - 273.15,
};
const fromCelsius: Record<Units, (c: number) => number> = {
  metric: (c) => c,
  imperial: (c) => (c * 9) / 5 + 32,
  standard: (c) => c + 273.15,
};

export function dewPoint(temperature: number, humidityPercent: number | undefined, units: Units): number | undefined {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: undefined, 0 and below reach the finiteness check as NaN or -∞ anyway (test/mutation/EQUIVALENT.md)
  if (humidityPercent === undefined || humidityPercent <= 0 || humidityPercent > 100) return undefined;
  const t = toCelsius[units](temperature);
  const gamma = Math.log(humidityPercent / 100) + (A * t) / (B + t);
  const celsius = (B * gamma) / (A - gamma);
  // A humidity so small that its logarithm underflows gives no number at all.
  if (!Number.isFinite(celsius)) return undefined;
  // Two decimals, as OWM gives temperatures.
  return Math.round(fromCelsius[units](celsius) * 100) / 100;
}
