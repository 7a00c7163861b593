import { AIR_QUANTITIES } from './air.js';
import type { AnyQuantity } from './quantity.js';
import { WEATHER_QUANTITIES } from './weather.js';

/** Every quantity published under `P/L/`, in publishing order: the weather's, then the air's. */
export const LOCATION_QUANTITIES: readonly AnyQuantity[] = [...WEATHER_QUANTITIES, ...AIR_QUANTITIES];

/** The quantities a location publishes with these settings: the air's only with OWM_AIR_QUALITY=true. */
export function locationQuantities(airQuality: boolean): readonly AnyQuantity[] {
  return airQuality ? LOCATION_QUANTITIES : WEATHER_QUANTITIES;
}
