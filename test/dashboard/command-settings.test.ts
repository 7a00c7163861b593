/** The dashboard's rows of the settings table: read through loadConfig as `owm2mqtt dashboard` reads them. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Section } from '../../src/config/sections.js';
import { COMMANDS } from '../../src/commands/table.js';

const dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-dashboard-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SECTIONS = new Set<Section>(COMMANDS.find((command) => command.name === 'dashboard')!.sections);
const load = (env: Record<string, string>) => loadConfig(env, 'daemon', SECTIONS);

describe('the dashboard settings', () => {
  it('has its defaults, needs no API key, and puts the database in the state directory', () => {
    const result = load({ STATE_DIRECTORY: '/var/lib/owm2mqtt' });
    expect(result.ok && result.config.dashboard).toEqual({
      topics: ['exterieur/#', 'maison/#', 'stats/#'],
      host: '127.0.0.1',
      port: 8377,
      password: undefined,
      databasePath: '/var/lib/owm2mqtt/history.db',
      rawDays: 2,
      historyDays: 30,
      units: 'metric',
    });
  });

  it('reads every variable, and the password from its file as a secret to mask', () => {
    const file = join(dir, 'password');
    writeFileSync(file, 'from a file 123\n');
    const result = load({
      DASHBOARD_TOPICS: ' maison/+/temperature ; stats/# ',
      DASHBOARD_HOST: '0.0.0.0',
      DASHBOARD_PORT: '8099',
      DASHBOARD_PASSWORD_FILE: file,
      DASHBOARD_DB: '/srv/h.db',
      HISTORY_RAW_DAYS: '7',
      HISTORY_DAYS: '90',
      DASHBOARD_UNITS: 'imperial',
    });
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.config.dashboard).toEqual({
      topics: ['maison/+/temperature', 'stats/#'],
      host: '0.0.0.0',
      port: 8099,
      password: 'from a file 123',
      databasePath: '/srv/h.db',
      rawDays: 7,
      historyDays: 90,
      units: 'imperial',
    });
    expect(result.config.secrets).toContain('from a file 123');
    expect(result.config.secretSources.DASHBOARD_PASSWORD).toBe('DASHBOARD_PASSWORD_FILE');
  });

  it('says every problem once, each naming its variable, never the password', () => {
    const result = load({
      DASHBOARD_TOPICS: 'maison/#/x;;stats/te+mp',
      DASHBOARD_HOST: '0.0.0.0',
      DASHBOARD_PORT: '80.5',
      DASHBOARD_PASSWORD: 'short',
      HISTORY_RAW_DAYS: '7',
      HISTORY_DAYS: '3',
      DASHBOARD_UNITS: 'kelvin',
      HOME: '/home/pi',
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual([
      'DASHBOARD_TOPICS="maison/#/x;;stats/te+mp" has entry 1 "maison/#/x" that has "#" where MQTT does not allow it: "#" is a whole level, and the last one (maison/#)',
      'DASHBOARD_PORT="80.5" must be a whole number from 1 to 65535 (default 8377)',
      'HISTORY_DAYS="3" must be at least HISTORY_RAW_DAYS (7): the roll-ups are kept at least as long as the raw samples',
      'DASHBOARD_UNITS="kelvin" must be one of metric, imperial, standard',
      'DASHBOARD_PASSWORD is shorter than 8 characters: choose a longer password',
    ]);
    expect(problems.join('\n')).not.toContain('short"');
  });

  it('refuses a host beyond loopback without a password, once', () => {
    const result = load({ DASHBOARD_HOST: '192.168.1.20', HOME: '/home/pi' });
    expect(result.ok ? [] : result.problems).toEqual([
      'DASHBOARD_HOST="192.168.1.20" lets other machines reach the dashboard, which needs a password: set DASHBOARD_PASSWORD (or DASHBOARD_PASSWORD_FILE), or keep DASHBOARD_HOST=127.0.0.1',
    ]);
  });

  it('leaves the database unset without any place for it, for the dashboard to say so: other commands run', () => {
    const result = load({});
    expect(result.ok && result.config.dashboard.databasePath).toBe('');
    expect(loadConfig({ OWM_API_KEY: 'k', OWM_LOCATIONS: 'Paris,FR' }, 'daemon').ok).toBe(true);
  });
});
