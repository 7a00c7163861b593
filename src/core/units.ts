/** OWM's unit systems (`OWM_UNITS`), what the values it sends are in, and the conversions the bridge needs. */
export const UNITS = ['metric', 'imperial', 'standard'] as const;
export type Units = (typeof UNITS)[number];

/** One unit label per system. */
export type UnitPerSystem = Readonly<Record<Units, string>>;

/** The same label whatever the system (`hPa`, `%`). */
export function sameUnit(unit: string): UnitPerSystem {
  return { metric: unit, imperial: unit, standard: unit };
}

/** Temperatures: the only values besides wind speeds that OWM sends in another unit per system. */
export const TEMPERATURE_UNIT: UnitPerSystem = { metric: '°C', imperial: '°F', standard: 'K' };
export const WIND_SPEED_UNIT: UnitPerSystem = { metric: 'm/s', imperial: 'mph', standard: 'm/s' };

/** A temperature in `units` to degrees Celsius. */
export const toCelsius: Readonly<Record<Units, (t: number) => number>> = {
  metric: (t) => t,
  imperial: (t) => ((t - 32) * 5) / 9,
  standard: (t) => t - 273.15,
};

/** Degrees Celsius to a temperature in `units`. */
export const fromCelsius: Readonly<Record<Units, (c: number) => number>> = {
  metric: (c) => c,
  imperial: (c) => (c * 9) / 5 + 32,
  standard: (c) => c + 273.15,
};
