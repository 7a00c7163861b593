/**
 * What the aggregator knows of a quantity, keyed by its name (the source's JSON key or last
 * topic level, in lower case): the plausible range a reading must fall in, the decimals of the
 * published means, the default hysteresis of an alert, and Home Assistant's class and unit.
 * The ranges take both °C and °F (and m/s and mph): the aggregator does not know the unit.
 */
export interface QuantityLimits {
  /** The name of the row, whatever alias matched. */
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly decimals: number;
  /** An alert's hysteresis when its rule gives no `~`. */
  readonly hysteresis: number;
  readonly deviceClass?: string;
  readonly unit?: string;
}

interface Row extends QuantityLimits {
  readonly aliases: readonly string[];
}

const TEMPERATURE = { min: -90, max: 150, decimals: 2, hysteresis: 0.5, deviceClass: 'temperature', unit: '°C' } as const;

const ROWS: readonly Row[] = [
  { name: 'temperature', aliases: ['temp', 'tc', 'dew_point', 'feels_like', 'temp_min', 'temp_max'], ...TEMPERATURE },
  {
    name: 'humidity',
    aliases: ['hum', 'rh', 'humidite', 'humidité'],
    min: 0,
    max: 100,
    decimals: 1,
    hysteresis: 2,
    deviceClass: 'humidity',
    unit: '%',
  },
  {
    name: 'luminosity',
    aliases: ['illuminance', 'illuminance_lux', 'lux', 'luminosite', 'luminosité'],
    min: 0,
    max: 200_000,
    decimals: 0,
    hysteresis: 50,
    deviceClass: 'illuminance',
    unit: 'lx',
  },
  {
    name: 'pressure',
    aliases: ['pression', 'sea_level', 'grnd_level'],
    min: 300,
    max: 1100,
    decimals: 1,
    hysteresis: 1,
    deviceClass: 'atmospheric_pressure',
    unit: 'hPa',
  },
  {
    name: 'wind_speed',
    aliases: ['wind_gust', 'wind'],
    min: 0,
    max: 200,
    decimals: 1,
    hysteresis: 1,
    deviceClass: 'wind_speed',
    unit: 'm/s',
  },
  { name: 'co2', aliases: [], min: 0, max: 50_000, decimals: 0, hysteresis: 50, deviceClass: 'carbon_dioxide', unit: 'ppm' },
  { name: 'battery', aliases: [], min: 0, max: 100, decimals: 0, hysteresis: 2, deviceClass: 'battery', unit: '%' },
  { name: 'clouds', aliases: [], min: 0, max: 100, decimals: 0, hysteresis: 5, unit: '%' },
];

/** Any other quantity: wide enough for energy counters, narrow enough that sums never overflow. */
export const UNKNOWN_QUANTITY: Omit<QuantityLimits, 'name'> = { min: -1e9, max: 1e9, decimals: 2, hysteresis: 0 };

const BY_NAME = new Map<string, QuantityLimits>(
  ROWS.flatMap(({ aliases, ...row }) => [row.name, ...aliases].map((name) => [name, row] as const)),
);

export function quantityLimits(quantity: string): QuantityLimits {
  return BY_NAME.get(quantity.toLowerCase()) ?? { name: quantity, ...UNKNOWN_QUANTITY };
}

/** The rows, for the documentation's table. */
export function quantityRows(): readonly (QuantityLimits & { readonly aliases: readonly string[] })[] {
  return ROWS;
}
