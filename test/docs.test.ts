/**
 * The docs (README.md, docs/) and .env.example must not drift from the code. The quantity
 * tables of docs/topics.md are checked row by row against the tables in src/quantities/ (weather.ts, air.ts),
 * every setting the code reads has its row in docs/configuration.md, and every package in
 * package.json is in docs/dependencies.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AIR_QUANTITIES } from '../src/quantities/air.js';
import { WEATHER_QUANTITIES as QUANTITIES, type WeatherQuantity as Quantity } from '../src/quantities/weather.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const TOPICS = readFileSync(join(ROOT, 'docs/topics.md'), 'utf8');
const CONFIGURATION = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');
const DEPENDENCIES = readFileSync(join(ROOT, 'docs/dependencies.md'), 'utf8');
const ENV_EXAMPLE = readFileSync(join(ROOT, '.env.example'), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

// Settings are read only in src/config/ and the CLI: as `env.NAME`, as a quoted name, or as a key of the schema table.
const NAME = '((?:OWM|MQTT|TOPIC|LOG|ONCE|PUBLISH|HA)_[A-Z0-9_]*[A-Z0-9]|SCHEDULE)';
const READS = [new RegExp(String.raw`(?:env\.|['"\x60])${NAME}`, 'g'), new RegExp(String.raw`^\s+${NAME}:`, 'gm')];
const SETTINGS = [
  ...new Set(
    [...sourceFiles(join(ROOT, 'src/config')), join(ROOT, 'src/main.ts')].flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      // readSecret(env, 'X') reads X and X_FILE.
      const files = [...text.matchAll(/readSecret\(env, '([A-Z_]+)'/g)].map((m) => `${m[1]}_FILE`);
      return [...READS.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]!)), ...files];
    }),
  ),
].sort();

it('finds the settings the code reads', () => {
  expect(SETTINGS).toEqual(
    expect.arrayContaining([
      'OWM_API_KEY',
      'OWM_API_KEY_FILE',
      'OWM_LOCATIONS',
      'MQTT_PASSWORD_FILE',
      'MQTT_CLIENT_ID',
      'ONCE_DEADLINE_MS',
      'SCHEDULE',
    ]),
  );
});

describe('docs/topics.md', () => {
  it.each(QUANTITIES.map((q) => [q.name, q] as const))('documents %s as the quantity table says', (_, quantity: Quantity) => {
    const row = TOPICS.split('\n').find((line) => line.startsWith(`| \`P/L/${quantity.name}\` |`));
    expect(row, `a docs/topics.md table row for P/L/${quantity.name}`).toBeDefined();
    const cells = row!.split('|').map((cell) => cell.trim());
    expect(cells[2]).toBe(`\`${quantity.source}\``);
    const units = quantity.unit ? [quantity.unit.metric, quantity.unit.imperial, quantity.unit.standard] : ['', '', ''];
    expect(cells.slice(4, 7)).toEqual(units);
  });

  it.each(AIR_QUANTITIES.map((q) => [q.name, q.source] as const))('documents the air quantity %s from %s', (name, source) => {
    const row = TOPICS.split('\n').find((line) => line.startsWith(`| \`P/L/${name}\` |`));
    expect(row, `a docs/topics.md table row for P/L/${name}`).toBeDefined();
    expect(row!.split('|')[2]!.trim()).toBe(`\`${source}\``);
  });

  it('lists the quantities in publish order', () => {
    const documented = [...TOPICS.matchAll(/^\| `P\/L\/([a-z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual([...QUANTITIES, ...AIR_QUANTITIES].map((q) => q.name));
  });
});

/** The first cells of the settings table ("| Variable | Default | …"). */
const SETTINGS_TABLE = /^\| Variable \| Default \|.*\n\|[-|]+\|\n((?:\|.*\n)+)/m.exec(CONFIGURATION)?.[1] ?? '';
const SETTING_CELLS = SETTINGS_TABLE.split('\n').map((row) => row.split('|')[1] ?? '');

describe('docs/configuration.md', () => {
  it.each(SETTINGS)('and .env.example document %s', (name) => {
    expect(CONFIGURATION).toContain(`\`${name}\``);
    expect(ENV_EXAMPLE).toContain(name);
  });

  it.each(SETTINGS)('has a row of the settings table for %s', (name) => {
    expect(SETTING_CELLS.some((cell) => cell.includes(`\`${name}\``))).toBe(true);
  });
});

describe('docs/dependencies.md', () => {
  const { dependencies, devDependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<
    string,
    Record<string, string>
  >;
  it.each(Object.keys({ ...dependencies, ...devDependencies }))('says why %s is there', (name) => {
    expect(DEPENDENCIES).toContain(`\`${name}\``);
  });
});

describe('README', () => {
  it('gives the test command that .ci/run runs', () => {
    expect(README).toContain('npm test');
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toMatch(/^npm test\b/m);
  });
});
