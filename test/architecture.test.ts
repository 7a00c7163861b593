/**
 * The shape of src/, from its import statements: a folder per layer and per command; commands
 * import layers, never each other; no layer imports a command; the core imports nothing else;
 * only the entry (src/bin.ts) imports the start-up code in src/boot/; a few packages are imported
 * only by the folder that wraps them (mqtt.js by src/mqtt, undici by src/owm, SQLite by the history).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** Layers: shared by the commands, and importing only layers. */
const LAYERS = ['core', 'config', 'topics', 'quantities', 'owm', 'mqtt', 'ha', 'schedule'] as const;
/** Command folders, each with the wrappers in src/commands/ that run it. */
const COMMANDS: Readonly<Record<string, readonly string[]>> = {
  bridge: ['commands/run.ts', 'commands/once.ts'],
  purge: ['commands/purge.ts'],
  watch: ['commands/watch.ts'],
  simulate: ['commands/simulate.ts'],
  aggregate: ['commands/aggregate.ts'],
  dashboard: ['commands/dashboard.ts'],
  locate: ['commands/locate.ts'],
};
/** The composition root: the entry's program, the command table and what every wrapper shares. */
const ROOT_FILES = [
  'main.ts',
  'commands/table.ts',
  'commands/grammar.ts',
  'commands/help.ts',
  'commands/context.ts',
  'commands/process-policy.ts',
  // Runs the bridge's, the aggregator's and the dashboard's wrappers in one process.
  'commands/all.ts',
];

type Place =
  | { kind: 'layer'; name: string }
  | { kind: 'command'; name: string }
  | { kind: 'root' }
  | { kind: 'entry' }
  | { kind: 'boot' }
  | { kind: 'demo' }
  | { kind: 'stray' };

function placeOf(file: string): Place {
  const folder = file.includes('/') ? file.slice(0, file.indexOf('/')) : '';
  if (file === 'bin.ts') return { kind: 'entry' };
  if (folder === 'boot') return { kind: 'boot' };
  if (folder === 'demo') return { kind: 'demo' };
  if (ROOT_FILES.includes(file)) return { kind: 'root' };
  if ((LAYERS as readonly string[]).includes(folder)) return { kind: 'layer', name: folder };
  if (folder in COMMANDS) return { kind: 'command', name: folder };
  const wrapped = Object.keys(COMMANDS).find((name) => COMMANDS[name]!.includes(file));
  if (wrapped) return { kind: 'command', name: wrapped };
  return { kind: 'stray' };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory()
      ? sourceFiles(path)
      : /\.(ts|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.d.cts')
        ? [relative(SRC, path)]
        : [];
  });
}

/** The src/ files `file` imports: static `import … from`, `export … from`, side-effect `import '…'` and `import('…')`. */
function importsOf(file: string, text: string): string[] {
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => relative(SRC, join(SRC, dirname(file), specifier)).replace(/\.js$/, '.ts'));
}

const describePlace = (place: Place) => ('name' in place ? `the ${place.kind} ${place.name}` : `the ${place.kind}`);

/** Why `from` may not import `to`, or undefined when it may. */
function rule(from: string, to: string): string | undefined {
  const [mine, theirs] = [placeOf(from), placeOf(to)];
  if (theirs.kind === 'boot' && mine.kind !== 'entry' && mine.kind !== 'boot') return 'only src/bin.ts imports src/boot/';
  if (mine.kind === 'layer' && mine.name === 'core' && !(theirs.kind === 'layer' && theirs.name === 'core'))
    return 'the core imports only the core';
  if (mine.kind === 'layer' && theirs.kind !== 'layer') return `a layer imports ${describePlace(theirs)}`;
  if (mine.kind === 'command' && theirs.kind === 'command' && mine.name !== theirs.name)
    return `the command ${mine.name} imports the command ${theirs.name}`;
  // A command's wrapper in src/commands/ belongs to the root's folder and may use what it shares.
  if (mine.kind === 'command' && theirs.kind === 'root' && !from.startsWith('commands/'))
    return `the command ${mine.name} imports the composition root`;
  return undefined;
}

/** Every import that breaks a rule, as `from → to: why`. */
function violations(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const why = rule(from, to);
      if (why) found.push(`${from} → ${to}: ${why}`);
    }
  }
  return found;
}

/** Packages only one folder may import: the one that wraps them for everybody else. */
const PACKAGE_HOMES: readonly { readonly pattern: RegExp; readonly name: string; readonly home: string }[] = [
  { pattern: /^mqtt(-packet)?(\/|$)/, name: 'mqtt.js (mqtt, mqtt-packet, mqtt/lib/*)', home: 'mqtt/' },
  { pattern: /^undici(\/|$)/, name: 'undici', home: 'owm/' },
  { pattern: /^better-sqlite3(\/|$)/, name: 'better-sqlite3', home: 'dashboard/history/' },
];

/** The packages `text` imports: bare specifiers of `import … from`, `export … from`, `import '…'`, `import('…')` and `require('…')`. */
function packagesOf(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\(\s*)['"]([^.'"][^'"]*)['"]/g)].map((m) => m[1]!);
}

/** Every package import outside its home, as `file imports package: why`. */
function packageViolations(packages: ReadonlyMap<string, readonly string[]>): string[] {
  const found: string[] = [];
  for (const [file, specifiers] of packages) {
    for (const specifier of specifiers) {
      const home = PACKAGE_HOMES.find(({ pattern }) => pattern.test(specifier));
      if (home && !file.startsWith(home.home)) found.push(`${file} imports ${specifier}: only src/${home.home} imports ${home.name}`);
    }
  }
  return found;
}

const GRAPH = new Map(sourceFiles(SRC).map((file) => [file, importsOf(file, readFileSync(join(SRC, file), 'utf8'))] as const));

const PACKAGES = new Map(sourceFiles(SRC).map((file) => [file, packagesOf(readFileSync(join(SRC, file), 'utf8'))] as const));

describe('the architecture of src/', () => {
  it('reads the import graph: the table loads each command, which runs its own modules', () => {
    expect(GRAPH.get('commands/table.ts')).toEqual(
      expect.arrayContaining(['commands/run.ts', 'commands/once.ts', 'commands/watch.ts', 'commands/purge.ts']),
    );
    expect(GRAPH.get('commands/run.ts')).toContain('bridge/daemon.ts');
    expect(GRAPH.get('bin.ts')).toEqual(expect.arrayContaining(['boot/node-version.cjs', 'boot/code-cache.ts', 'boot/memory-flags.ts']));
  });

  it('every file is in a layer, a command, the composition root, the entry, boot/ or demo/', () => {
    expect([...GRAPH.keys()].filter((file) => placeOf(file).kind === 'stray')).toEqual([]);
  });

  it('commands import layers, never each other; no layer imports a command; only the entry imports src/boot/', () => {
    expect(violations(GRAPH)).toEqual([]);
  });

  it.each([
    [
      'bridge/once.ts',
      "import { staleTopics } from '../purge/select.js';",
      'bridge/once.ts → purge/select.ts: the command bridge imports the command purge',
    ],
    [
      'commands/watch.ts',
      "const { runPurge } = await import('../purge/purge.js');",
      'commands/watch.ts → purge/purge.ts: the command watch imports the command purge',
    ],
    ['owm/client.ts', "export { runOnce } from '../bridge/once.js';", 'owm/client.ts → bridge/once.ts: a layer imports the command bridge'],
    ['mqtt/publisher.ts', "import { main } from '../main.js';", 'mqtt/publisher.ts → main.ts: a layer imports the root'],
    ['core/log.ts', "import type { Config } from '../config/index.js';", 'core/log.ts → config/index.ts: the core imports only the core'],
    [
      'bridge/daemon.ts',
      "import { COMMANDS } from '../commands/table.js';",
      'bridge/daemon.ts → commands/table.ts: the command bridge imports the composition root',
    ],
    [
      'mqtt/publisher.ts',
      "import { preferMemoryOverSpeed } from '../boot/memory-flags.js';",
      'mqtt/publisher.ts → boot/memory-flags.ts: only src/bin.ts imports src/boot/',
    ],
    ['main.ts', "import '../src/boot/v8-flags.js';", 'main.ts → boot/v8-flags.ts: only src/bin.ts imports src/boot/'],
  ])('catches %s importing what it must not: %s', (file, statement, why) => {
    const graph = new Map(GRAPH);
    graph.set(file, [...(graph.get(file) ?? []), ...importsOf(file, statement)]);
    expect(violations(graph)).toEqual([why]);
  });

  it('mqtt.js only in src/mqtt, undici only in src/owm, better-sqlite3 only in src/dashboard/history', () => {
    expect(PACKAGES.get('mqtt/open.ts')).toEqual(expect.arrayContaining(['mqtt', 'mqtt/lib/client']));
    expect(PACKAGES.get('mqtt/packet-size.ts')).toContain('mqtt-packet');
    expect(packageViolations(PACKAGES)).toEqual([]);
  });

  it.each([
    [
      'watch/watch.ts',
      "import mqtt, { type MqttClient } from 'mqtt';",
      'watch/watch.ts imports mqtt: only src/mqtt/ imports mqtt.js (mqtt, mqtt-packet, mqtt/lib/*)',
    ],
    [
      'bridge/once.ts',
      "import { generate } from 'mqtt-packet';",
      'bridge/once.ts imports mqtt-packet: only src/mqtt/ imports mqtt.js (mqtt, mqtt-packet, mqtt/lib/*)',
    ],
    [
      'dashboard/server.ts',
      "const { default: Client } = await import('mqtt/lib/client');",
      'dashboard/server.ts imports mqtt/lib/client: only src/mqtt/ imports mqtt.js (mqtt, mqtt-packet, mqtt/lib/*)',
    ],
    ['bridge/daemon.ts', "import { request } from 'undici';", 'bridge/daemon.ts imports undici: only src/owm/ imports undici'],
    [
      'dashboard/server.ts',
      "const Database = require('better-sqlite3');",
      'dashboard/server.ts imports better-sqlite3: only src/dashboard/history/ imports better-sqlite3',
    ],
  ])('catches %s importing a package outside its home: %s', (file, statement, why) => {
    const packages = new Map(PACKAGES);
    packages.set(file, [...(packages.get(file) ?? []), ...packagesOf(statement)]);
    expect(packageViolations(packages)).toEqual([why]);
  });

  it('catches a file outside every folder', () => {
    expect(placeOf('poll.ts').kind).toBe('stray');
    expect(placeOf('commands/run.ts')).toEqual({ kind: 'command', name: 'bridge' });
  });
});
