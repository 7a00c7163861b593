/**
 * The docs (README.md, docs/) and .env.example must not drift from the code. The quantity
 * tables of docs/topics.md are checked row by row against the tables in src/quantities/ (weather.ts, air.ts),
 * the settings tables of docs/configuration.md and .env.example against the settings table
 * (src/config/settings.ts), and every package in package.json is in docs/dependencies.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/commands/table.js';
import { SECTIONS } from '../src/config/sections.js';
import { SETTINGS as TABLE } from '../src/config/settings.js';
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

// The variables the code names in src/config/ and the CLI: as `env.NAME`, as a quoted name, or as a key.
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

/** The first cells of the settings tables ("| Variable | Default | …"). */
const SETTINGS_TABLE = [...CONFIGURATION.matchAll(/^\| Variable \| Default \|.*\n\|[-|]+\|\n((?:\|.*\n)+)/gm)].map((m) => m[1]!).join('');
const SETTING_CELLS = SETTINGS_TABLE.split('\n').map((row) => row.split('|')[1] ?? '');

describe('docs/configuration.md', () => {
  it.each(SETTINGS)('and .env.example document %s', (name) => {
    expect(CONFIGURATION).toContain(`\`${name}\``);
    expect(ENV_EXAMPLE).toContain(name);
  });

  it.each(SETTINGS)('has a row of the settings table for %s', (name) => {
    expect(SETTING_CELLS.some((cell) => cell.includes(`\`${name}\``))).toBe(true);
  });

  it.each(SETTINGS)('%s, named in the code, is a row of src/config/settings.ts', (name) => {
    expect(TABLE.map((row) => row.name)).toContain(name);
  });
});

/** `### \`owm\`: …` → its "Read by" line and its table's rows, each as its cells. */
function documentedSection(section: string): { readBy: string | undefined; rows: string[][] } {
  const part = CONFIGURATION.split(/^### /m).find((text) => text.startsWith(`\`${section}\`:`)) ?? '';
  return {
    readBy: /^Read by (.+)\.$/m.exec(part)?.[1],
    rows: part
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| | \|$/g, ''))),
  };
}
const namesIn = (cell: string) => [...cell.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!);

describe('docs/configuration.md: a table per section, row by row as src/config/settings.ts', () => {
  it.each(SECTIONS.map((section) => [section]))('section %s: its rows, in order, read by the commands that declare it', (section) => {
    const { readBy, rows } = documentedSection(section);
    const readers = COMMANDS.filter((command) => command.sections.includes(section)).map((command) => `\`${command.name}\``);
    expect(readBy).toBe(readers.join(', '));
    expect(rows.flatMap((cells) => namesIn(cells[0]!))).toEqual(TABLE.filter((row) => row.section === section).map((row) => row.name));
  });

  it.each(TABLE.map((row) => [row.name, row] as const))('%s: its default, and whether it is a secret', (name, row) => {
    const cells = SECTIONS.flatMap((section) => documentedSection(section).rows).find((r) => namesIn(r[0]!).includes(name));
    expect(cells, `a row for ${name}`).toHaveLength(4);
    const [, shown, accepted, meaning] = cells!;
    if (row.default !== undefined) expect(shown!.startsWith(`\`${row.default}\``), `${name}: "${shown}"`).toBe(true);
    else expect(shown!.replaceAll('`', '').startsWith(row.unset!.replace(/\.\.\.$/, '')), `${name}: "${shown}"`).toBe(true);
    expect(accepted).toMatch(/\S/);
    expect(meaning!.includes('A secret: `--print-config` shows only where it came from.')).toBe(row.kind === 'secret');
  });

  it('the table of commands names the sections each reads', () => {
    const table = CONFIGURATION.split('## The settings each command reads')[1] ?? '';
    for (const command of COMMANDS) {
      const line = table.split('\n').find((l) => l.startsWith('| `') && l.split(' | ')[0]!.includes(`\`${command.name}\``));
      expect(line, command.name).toBeDefined();
      const sections = line!.split(' | ')[1];
      expect(sections, command.name).toBe(command.sections.length === SECTIONS.length ? 'all' : command.sections.join(', '));
    }
  });
});

describe('.env.example, row by row as src/config/settings.ts', () => {
  const lines = ENV_EXAMPLE.split('\n');
  /** The line setting `name` (`NAME=…` or `# NAME=…`) and the comment above it. */
  const entry = (name: string) => {
    const at = lines.findIndex((line) => line.startsWith(`${name}=`) || line.startsWith(`# ${name}=`));
    let first = at;
    while (first > 0 && lines[first - 1]!.startsWith('# ')) first--;
    return { at, line: lines[at] ?? '', comment: lines.slice(first, at).join('\n') };
  };

  it('lists every setting once, in the order of the table, under the heading of its section', () => {
    const places = TABLE.map((row) => entry(row.name).at);
    expect(places.every((at) => at >= 0)).toBe(true);
    expect([...places].sort((a, b) => a - b)).toEqual(places);
    for (const row of TABLE) {
      const heading = lines.slice(0, entry(row.name).at).findLast((line) => /^# -+ /.test(line));
      expect(heading, row.name).toMatch(new RegExp(`^# -+ ${row.section}: `));
    }
  });

  it.each(TABLE.map((row) => [row.name, row] as const))('%s: its default, or that it is required', (name, row) => {
    const { line, comment } = entry(name);
    if (row.default !== undefined) {
      expect(line).toBe(`# ${name}=${row.default}`);
      expect(comment).toMatch(new RegExp(`^# Default: ${row.default.replace(/[*+/\\.]/g, '\\$&')}[. (]`));
    } else if (row.unset === 'required') {
      expect(line.startsWith(`${name}=`)).toBe(true);
      expect(comment.startsWith('# Required.')).toBe(true);
    } else expect(line.startsWith(`# ${name}=`)).toBe(true);
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
