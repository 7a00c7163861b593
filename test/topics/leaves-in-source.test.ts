/**
 * No topic leaf is spelled outside src/topics/: every string in src/ (literals and the text of
 * templates, level by level) is checked against the contract's leaves and the quantity names.
 * A quantity's name is spelled once, in its table in src/quantities/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LOCATION_QUANTITIES } from '../../src/quantities/location.js';
import { CONTRACT_LEAVES } from '../../src/topics/leaves.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const QUANTITY_NAMES = LOCATION_QUANTITIES.map((q) => q.name);

/** The same words used for something else than a topic level, where they are. */
const OTHER_MEANINGS: readonly { under: string; word: string; why: string }[] = [
  { under: 'src/config/', word: 'bridge', why: 'the settings section of the bridge command' },
  { under: 'src/config/', word: 'no', why: 'a word for false in a boolean setting' },
  { under: 'src/commands/', word: 'purge', why: 'the name of the purge command' },
  { under: 'src/config/', word: 'forecast', why: "the setting's place in Config (owm.forecast)" },
  { under: 'src/owm/client.ts', word: 'forecast', why: "OpenWeatherMap's endpoint /data/2.5/forecast" },
  { under: 'src/config/settings.ts', word: 'state', why: 'a path in the default of OWM_PLACES_FILE (~/.local/state)' },
  { under: 'src/core/state-dir.ts', word: 'state', why: "XDG's ~/.local/state directory" },
  { under: 'src/aggregate/own-outputs.ts', word: 'status', why: 'a word in a message naming which output a source would read' },
  { under: 'src/aggregate/discovery.ts', word: 'sensor', why: "a Home Assistant component's name in the discovery config" },
  { under: 'src/aggregate/discovery.ts', word: 'temperature', why: 'a Home Assistant device class' },
  { under: 'src/aggregate/settings.ts', word: 'temperature', why: "the default AGG_SOURCES, the rooms' and the bridge's topics" },
  { under: 'src/config/settings.ts', word: 'temperature', why: "the default AGG_SOURCES, the rooms' and the bridge's topics" },
  { under: 'src/aggregate/command.ts', word: 'status', why: 'a word in a message' },
  { under: 'src/aggregate/settings.ts', word: 'no', why: 'a word for false in a boolean setting' },
  { under: 'src/aggregate/sources.ts', word: 'temperature', why: 'an example of a source in a message' },
  { under: 'src/config/database-path.ts', word: 'state', why: 'the XDG folder ~/.local/state' },
  { under: 'src/dashboard/page/', word: 'state', why: "a field of the aggregator's alert JSON, and a CSS class" },
  { under: 'src/dashboard/server/classify.ts', word: 'state', why: "a field of the aggregator's alert JSON" },
  { under: 'src/dashboard/server/sse.ts', word: 'no', why: 'an HTTP header value (X-Accel-Buffering: no)' },
  // The dashboard shows every `…/status` topic it subscribes to (the bridge's, the aggregator's, each room's).
  { under: 'src/dashboard/', word: 'status', why: 'the last level of any availability topic, whoever publishes it' },
  { under: 'src/simulate/settings.ts', word: 'no', why: 'a word for false in a boolean setting' },
  { under: 'src/simulate/settings.ts', word: 'temperature', why: "the example of another program's topic in a message (the bridge's)" },
  {
    under: 'src/demo/',
    word: 'temperature',
    why: "the demo's settings of the other commands: the rooms' outdoor topic, the alert rule, the dashboard's filters",
  },
  {
    under: 'src/demo/',
    word: 'bridge',
    why: "the name the demo gives the bridge's process in its output, and the dashboard's filter of its status",
  },
  { under: 'src/owm/responses/', word: 'sunrise', why: "a field of OWM's report" },
  { under: 'src/owm/responses/', word: 'sunset', why: "a field of OWM's report" },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|cjs)$/.test(entry.name) && !/\.d\.c?ts$/.test(entry.name) ? [path] : [];
  });
}

const isDynamicImport = (node: ts.Node): boolean => ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword;

/** Every string a file spells outside module paths: literals, and each `/`-separated piece of them and of a template's text. */
function stringsOf(file: string, text: string): string[] {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    false,
    file.endsWith('.cjs') ? ts.ScriptKind.JS : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    // A module path (`'../config/index.js'`) names folders, not topic levels.
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || isDynamicImport(node)) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.push(node.text, ...node.text.split('/'));
    else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) found.push(...node.text.split('/'));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `file: 'leaf'` for every leaf the file (a path from the repository root) spells where it must not. */
function leafLiterals(file: string, text: string): string[] {
  if (file.startsWith('src/topics/')) return [];
  // A quantity's table names it; the contract's leaves come from src/topics/ even there.
  const forbidden = new Set(file.startsWith('src/quantities/') ? CONTRACT_LEAVES : [...CONTRACT_LEAVES, ...QUANTITY_NAMES]);
  const allowed = (word: string) => OTHER_MEANINGS.some((other) => file.startsWith(other.under) && other.word === word);
  const words = new Set(stringsOf(file, text).filter((word) => forbidden.has(word) && !allowed(word)));
  return [...words].map((word) => `${file}: '${word}'`);
}

describe('topic leaves in src/', () => {
  it('are spelled only in src/topics/ (and quantity names only in their tables)', () => {
    const found = sourceFiles(join(ROOT, 'src')).flatMap((path) => leafLiterals(relative(ROOT, path), readFileSync(path, 'utf8')));
    expect(found).toEqual([]);
  });

  it.each([
    ['src/bridge/once.ts', "const t = topic(config.topicPrefix, '+', 'observed_at');", "src/bridge/once.ts: 'observed_at'"],
    ['src/purge/select.ts', 'const gone = (level: string) => level !== "bridge";', "src/purge/select.ts: 'bridge'"],
    ['src/watch/table.ts', 'const status = `${prefix}/bridge/status: ${state}`;', "src/watch/table.ts: 'bridge'"],
    ['src/ha/discovery.ts', "return topic(haPrefix, 'sensor', node, leaf, `config`);", "src/ha/discovery.ts: 'sensor'"],
    ['src/watch/table.ts', "const COLUMNS = [['temperature', 'temp']];", "src/watch/table.ts: 'temperature'"],
    ['src/bridge/mapping.ts', "const kept = ['pm2_5'];", "src/bridge/mapping.ts: 'pm2_5'"],
    ['src/quantities/weather.ts', "timestamp('observed_at', 'dt', (r) => r.dt)", "src/quantities/weather.ts: 'observed_at'"],
  ])('catches a leaf spelled in %s: %s', (file, statement, why) => {
    expect(leafLiterals(file, statement)[0]).toBe(why);
  });

  it('reads strings, not comments or names, and knows the other meanings of a word', () => {
    expect(leafLiterals('src/bridge/once.ts', '// reads P/+/observed_at\nconst observed_at = state.last_success;')).toEqual([]);
    expect(leafLiterals('src/quantities/weather.ts', "{ name: 'temperature' }")).toEqual([]);
    expect(leafLiterals('src/topics/leaves.ts', "const STATE_LEAF = 'state';")).toEqual([]);
    expect(leafLiterals('src/config/sections.ts', "section: 'bridge'")).toEqual([]);
    expect(leafLiterals('src/commands/run.ts', "import { Daemon } from '../bridge/daemon.js';\nawait import('../ha/config.js');")).toEqual(
      [],
    );
    expect(leafLiterals('src/bridge/daemon.ts', "section: 'bridge'")).toEqual(["src/bridge/daemon.ts: 'bridge'"]);
  });
});
