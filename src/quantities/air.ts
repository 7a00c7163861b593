import type { AirReport } from '../owm/responses/air.js';
import type { Quantity } from './quantity.js';

/**
 * A quantity of OWM's air pollution report (`/data/2.5/air_pollution`, with
 * OWM_AIR_QUALITY=true: one call per location per poll). Its units do not change with
 * `OWM_UNITS`, and it has its own observation time: a new air report is published even when
 * the weather has not moved.
 */
export type AirQuantity = Quantity<AirReport, string>;

type Component = keyof NonNullable<AirReport['components']>;

/** A concentration in µg/m³; `label` is Home Assistant's entity name (`PM2.5`). */
function component(name: Component, label: string, deviceClass?: string): AirQuantity {
  return {
    name,
    source: `list[0].components.${name}`,
    kind: 'number',
    unit: 'µg/m³',
    deviceClass,
    stateClass: 'measurement',
    label,
    whenAbsent: 'cleared',
    read: (r) => r.components?.[name],
  };
}

/** The air's quantities, in publishing order (after the weather's). */
export const AIR_QUANTITIES: readonly AirQuantity[] = [
  {
    name: 'aqi',
    source: 'list[0].main.aqi',
    kind: 'number',
    // OWM's own index, 1 good … 5 very poor: no unit.
    unit: undefined,
    deviceClass: 'aqi',
    stateClass: 'measurement',
    label: 'Air quality index',
    whenAbsent: 'cleared',
    read: (r) => r.main?.aqi,
  },
  component('co', 'CO', 'carbon_monoxide'),
  component('no', 'NO', 'nitrogen_monoxide'),
  component('no2', 'NO2', 'nitrogen_dioxide'),
  component('o3', 'O3', 'ozone'),
  component('so2', 'SO2', 'sulphur_dioxide'),
  component('pm2_5', 'PM2.5', 'pm25'),
  component('pm10', 'PM10', 'pm10'),
  component('nh3', 'NH3'),
];
