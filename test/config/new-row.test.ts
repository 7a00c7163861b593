/**
 * A new setting is one row of src/config/settings.ts: with the table extended by one row (as
 * docs/architecture.md, "A new setting: one row", shows it), the real loader, `--print-config`
 * and `<command> --help` read, check, show and list it, and a command that does not read its
 * section neither checks nor needs it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Settings from '../../src/config/settings.js';

const BASE = { OWM_API_KEY: 'f4k3k3y0f0wm2mqtt5ecret0123456789', OWM_LOCATIONS: 'Paris,FR' };

let load: typeof import('../../src/config/load.js');
let print: typeof import('../../src/config/print.js');
let help: typeof import('../../src/commands/help.js');
let table: typeof import('../../src/commands/table.js');

beforeAll(async () => {
  vi.resetModules();
  vi.doMock('../../src/config/settings.js', async (importOriginal) => {
    const original = await importOriginal<typeof Settings>();
    const { setting } = await import('../../src/config/row.js');
    const { integer } = await import('../../src/config/fields.js');
    const row = setting({
      name: 'SIMULATE_INTERVAL_MS',
      section: 'bridge',
      at: 'simulate.intervalMs',
      default: '5000',
      schema: integer(100, 3_600_000),
      doc: 'how often each simulated sensor publishes',
    });
    return { ...original, SETTINGS: [...original.SETTINGS, row] };
  });
  load = await import('../../src/config/load.js');
  print = await import('../../src/config/print.js');
  help = await import('../../src/commands/help.js');
  table = await import('../../src/commands/table.js');
});
afterAll(() => {
  vi.doUnmock('../../src/config/settings.js');
  vi.resetModules();
});

const sectionsOf = (name: string) => new Set(table.COMMANDS.find((command) => command.name === name)!.sections);
const simulate = (config: object) => (config as { simulate?: { intervalMs?: number } }).simulate?.intervalMs;

describe('one more row in the settings table', () => {
  it('is read at its place in Config, with its default when unset', () => {
    const set = load.loadConfig({ ...BASE, SIMULATE_INTERVAL_MS: ' 250 ' }, 'daemon');
    expect(set.ok && simulate(set.config)).toBe(250);
    const unset = load.loadConfig(BASE, 'daemon');
    expect(unset.ok && simulate(unset.config)).toBe(5000);
  });

  it('is checked with the others, its problem naming it', () => {
    const result = load.loadConfig({ ...BASE, SIMULATE_INTERVAL_MS: '0', MQTT_QOS: '3' }, 'daemon');
    expect(!result.ok && result.problems).toEqual([
      'MQTT_QOS="3" must be 0, 1 or 2',
      'SIMULATE_INTERVAL_MS="0" must be a whole number from 100 to 3600000',
    ]);
  });

  it('is neither checked nor read by a command that does not read its section', () => {
    const result = load.loadConfig({ SIMULATE_INTERVAL_MS: 'soon' }, 'once', sectionsOf('watch'));
    expect(result.ok && simulate(result.config)).toBe(5000);
  });

  it('is shown by --print-config and listed by <command> --help of the commands that read it', () => {
    const result = load.loadConfig({ ...BASE, SIMULATE_INTERVAL_MS: '750' }, 'daemon');
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(print.printedConfig(result.config, sectionsOf('once'))).toMatchObject({ SIMULATE_INTERVAL_MS: 750 });
    expect(print.printedConfig(result.config, sectionsOf('watch'))).not.toHaveProperty('SIMULATE_INTERVAL_MS');
    const once = help.commandHelp(table.COMMANDS.find((command) => command.name === 'once')!);
    expect(once).toMatch(/^ {2}SIMULATE_INTERVAL_MS +5000 +how often each simulated sensor publishes$/m);
    expect(help.commandHelp(table.COMMANDS.find((command) => command.name === 'watch')!)).not.toContain('SIMULATE_INTERVAL_MS');
  });
});
