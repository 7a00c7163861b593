/** One quantity type for every table: units in one system, and which tables a location publishes. */
import { describe, expect, it } from 'vitest';
import { TEMPERATURE_UNIT } from '../../src/core/units.js';
import { AIR_QUANTITIES } from '../../src/quantities/air.js';
import { LOCATION_QUANTITIES, locationQuantities } from '../../src/quantities/location.js';
import { unitIn } from '../../src/quantities/quantity.js';
import { WEATHER_QUANTITIES } from '../../src/quantities/weather.js';

describe('unitIn', () => {
  it('reads a unit per system in the system asked, and a single unit in every system', () => {
    expect(unitIn(TEMPERATURE_UNIT, 'imperial')).toBe('°F');
    expect(unitIn(TEMPERATURE_UNIT, 'standard')).toBe('K');
    expect(unitIn('µg/m³', 'imperial')).toBe('µg/m³');
    expect(unitIn(undefined, 'metric')).toBeUndefined();
  });
});

describe('the tables a location publishes', () => {
  it('are the weather then the air, the air only with OWM_AIR_QUALITY=true', () => {
    expect(LOCATION_QUANTITIES).toEqual([...WEATHER_QUANTITIES, ...AIR_QUANTITIES]);
    expect(locationQuantities(true)).toBe(LOCATION_QUANTITIES);
    expect(locationQuantities(false)).toBe(WEATHER_QUANTITIES);
  });

  it('have unique names across tables', () => {
    const names = LOCATION_QUANTITIES.map((q) => q.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('give every air quantity its Home Assistant name and a measurement state class', () => {
    expect(AIR_QUANTITIES.map((q) => [q.label, q.stateClass, q.kind, q.whenAbsent])).toEqual(
      ['Air quality index', 'CO', 'NO', 'NO2', 'O3', 'SO2', 'PM2.5', 'PM10', 'NH3'].map((label) => [
        label,
        'measurement',
        'number',
        'cleared',
      ]),
    );
  });

  it("name the watch table's columns, in table order", () => {
    expect(LOCATION_QUANTITIES.filter((q) => q.column).map((q) => [q.name, q.column])).toEqual([
      ['temperature', 'temp'],
      ['feels_like', 'feels'],
      ['humidity', 'hum'],
      ['dew_point', 'dew'],
      ['pressure', 'hPa'],
      ['wind_speed', 'wind'],
      ['wind_direction', 'dir'],
      ['rain_1h', 'rain'],
      ['description', 'sky'],
      ['observed_at', 'observed (UTC)'],
    ]);
  });
});
