import type { UnitPerSystem, Units } from '../core/units.js';

/**
 * One published quantity: a row of a table (weather.ts, air.ts, …) from which its topic
 * (`P/L/<name>`), its key in the `state` JSON, its Home Assistant entity, what `--purge` may
 * clear, its column in `watch` and its row in docs/topics.md all come. `Report` is what it is
 * read from: OWM's weather report, its air report, …
 */
export interface Quantity<Report, U extends Unit = Unit> {
  /** Its topic leaf and its key in the `state` JSON: one topic level, `[a-z][a-z0-9_]*`. */
  readonly name: string;
  /** Where in the report it comes from, as docs/topics.md says it (`main.temp`). */
  readonly source: string;
  readonly kind: QuantityKind;
  /** Its unit for each `OWM_UNITS`; undefined for text, timestamps and codes. */
  readonly unit: U | undefined;
  /** Home Assistant's `device_class` and `state_class` (no `state_class`: no long-term statistics). */
  readonly deviceClass?: string;
  readonly stateClass?: StateClass;
  /** Home Assistant's entity name, when its name in words (`wind_speed` → `Wind speed`) is not it. */
  readonly label?: string;
  /** Its column header in `owm2mqtt watch`, for the few quantities people look at first. */
  readonly column?: string;
  /** What its topic gets when the report lacks it, as docs/topics.md says it. */
  readonly whenAbsent: string;
  /**
   * The value to publish, or undefined when the report lacks it: the retained topic is then
   * cleared, never filled with a made-up 0. `units` is what the report is in (only computed
   * quantities need it).
   */
  readonly read: (report: Report, units: Units) => number | string | undefined;
}

export type QuantityKind = 'number' | 'text' | 'timestamp';
export type StateClass = 'measurement' | 'measurement_angle';

/** A unit the same whatever `OWM_UNITS` says (OWM's air report is in µg/m³ in every system), or one per system. */
export type Unit = string | UnitPerSystem;

/** Any quantity, whatever it is read from: for what needs its name, unit and classes, not its value. */
export type AnyQuantity = Quantity<never>;

/** A quantity's unit in one system. */
export function unitIn(unit: Unit | undefined, units: Units): string | undefined {
  return typeof unit === 'string' ? unit : unit?.[units];
}
