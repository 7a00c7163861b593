import type { Kind, Setting } from './row.js';
import { isRead, type Section } from './sections.js';
import { type Config, SETTINGS } from './settings.js';

const ROWS: readonly Setting[] = SETTINGS;

/** What `--print-config` shows: every effective setting, secrets replaced by where they came from. */
export function redactedConfig(config: Config): Record<string, unknown> {
  return Object.fromEntries(
    ROWS.filter((row) => row.kind !== 'companion').map((row) => [row.name, SHOWN[row.kind as Exclude<Kind, 'companion'>](row, config)]),
  );
}

/** `--print-config` for a command: the settings of the sections it reads. */
export function printedConfig(config: Config, sections: ReadonlySet<Section>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(redactedConfig(config)).filter(([name]) => isRead(name, sections)));
}

/** How each kind of setting is shown: a secret only by where it came from, a file by its path. */
const SHOWN: Readonly<Record<Exclude<Kind, 'companion'>, (row: Setting, config: Config) => unknown>> = {
  value: (row, config) => {
    const value = valueAt(config, row.at!);
    return row.print ? row.print(value, config) : (value ?? notSet(row));
  },
  secret: (row, config) => {
    const source = config.secretSources[row.name];
    return source === undefined ? '(not set)' : `(hidden, from ${source})`;
  },
  file: (row, config) => config.mqtt.tls.files[row.name] ?? notSet(row),
};

/** `(not set)`, or `(not set: the system CAs)`: what stands for no value. */
function notSet(row: Setting): string {
  return row.unset === 'not set' ? '(not set)' : `(not set: ${row.unset})`;
}

function valueAt(config: Config, at: string): unknown {
  return at.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], config);
}
