import { SETTINGS } from './settings.js';

/**
 * The sections of the settings table (src/config/settings.ts). A command declares the sections it
 * reads (src/commands/table.ts): only their settings are read, checked and required, and
 * `owm2mqtt <command> --help` and `--print-config` list them. A new command with settings of its
 * own brings a section here and its rows in the table.
 */
export const SECTIONS = [
  'owm',
  'locations',
  'mqtt',
  'topics',
  'home-assistant',
  'bridge',
  'logging',
  'home',
  'simulate',
  'aggregate',
  'dashboard',
] as const;
export type Section = (typeof SECTIONS)[number];

/**
 * What the bridge (`run`, `once`) reads: every section it had before the companions came. A bad
 * `DASHBOARD_*` or `SIM_*` value stops the command that reads it, never the bridge.
 */
export const BRIDGE_SECTIONS: readonly Section[] = ['owm', 'locations', 'mqtt', 'topics', 'home-assistant', 'bridge', 'logging'];

const SECTION_OF: ReadonlyMap<string, Section> = new Map(SETTINGS.map((setting) => [setting.name, setting.section]));

/** Whether `name` is read by a command that reads `sections` (every section when undefined); a variable that is no setting always is. */
export function isRead(name: string, sections: ReadonlySet<Section> | undefined): boolean {
  const section = SECTION_OF.get(name);
  return sections === undefined || section === undefined || sections.has(section);
}
