/**
 * The shape of src/, from its import statements: commands import layers, never each other; no
 * layer imports a command; only the entry (src/bin.ts) imports the start-up code in src/boot/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/**
 * The files of each command: its wrapper in src/commands/ and what only it uses. (Today's
 * once.ts, daemon.ts, purge.ts and watch/ sit at the root until they move into their folders.)
 */
const COMMAND_FILES: Readonly<Record<string, readonly string[]>> = {
  run: ['commands/run.ts', 'daemon.ts'],
  once: ['commands/once.ts', 'once.ts'],
  watch: ['commands/watch.ts', 'watch/'],
  purge: ['commands/purge.ts', 'purge.ts', 'purge-select.ts'],
};
/** Shared by the commands' wrappers, and the composition root that picks one. */
const COMMAND_SHARED = ['commands/context.ts', 'commands/table.ts', 'commands/grammar.ts', 'commands/help.ts'];
/** Outside the program: the entry, and `npm run demo` (not in the package), which runs the daemon and watch. */
const ROOTS = ['bin.ts', 'main.ts', 'demo/'];

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

const within = (file: string, entries: readonly string[]) =>
  entries.some((entry) => (entry.endsWith('/') ? file.startsWith(entry) : file === entry));
const commandOf = (file: string) => Object.keys(COMMAND_FILES).find((name) => within(file, COMMAND_FILES[name]!));

/** Every import that breaks a rule, as `from → to: why`. */
function violations(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const [mine, theirs] = [commandOf(from), commandOf(to)];
      if (to.startsWith('boot/') && from !== 'bin.ts' && !from.startsWith('boot/'))
        found.push(`${from} → ${to}: only src/bin.ts imports src/boot/`);
      if (theirs === undefined) continue;
      if (mine !== undefined && mine !== theirs) found.push(`${from} → ${to}: the command ${mine} imports the command ${theirs}`);
      // The table loads every command; the entry and the demo run them.
      const allowed = mine !== undefined || within(from, ROOTS) || (from === 'commands/table.ts' && COMMAND_FILES[theirs]![0] === to);
      if (!allowed) found.push(`${from} → ${to}: a layer imports the command ${theirs}`);
    }
  }
  return found;
}

const GRAPH = new Map(sourceFiles(SRC).map((file) => [file, importsOf(file, readFileSync(join(SRC, file), 'utf8'))] as const));

describe('the architecture of src/', () => {
  it('reads the import graph: the table loads each command, which runs its own modules', () => {
    expect(GRAPH.get('commands/table.ts')).toEqual(
      expect.arrayContaining(['commands/run.ts', 'commands/once.ts', 'commands/watch.ts', 'commands/purge.ts']),
    );
    expect(GRAPH.get('commands/run.ts')).toContain('daemon.ts');
    expect(GRAPH.get('bin.ts')).toEqual(expect.arrayContaining(['boot/node-version.cjs', 'boot/code-cache.ts', 'boot/memory-flags.ts']));
    for (const files of Object.values(COMMAND_FILES))
      for (const file of files)
        expect(
          [...GRAPH.keys()].some((f) => within(f, [file])),
          file,
        ).toBe(true);
  });

  it('commands import layers, never each other; no layer imports a command; only the entry imports src/boot/', () => {
    expect(violations(GRAPH)).toEqual([]);
  });

  it('every file under src/commands/ is a command of the table or shared by them', () => {
    const unplaced = [...GRAPH.keys()].filter(
      (file) => file.startsWith('commands/') && commandOf(file) === undefined && !COMMAND_SHARED.includes(file),
    );
    expect(unplaced).toEqual([]);
  });

  it.each([
    ['once.ts', "import { Daemon } from './daemon.js';", 'once.ts → daemon.ts: the command once imports the command run'],
    [
      'commands/watch.ts',
      "const { runPurge } = await import('../purge.js');",
      'commands/watch.ts → purge.ts: the command watch imports the command purge',
    ],
    ['poll.ts', "export { runOnce } from './once.js';", 'poll.ts → once.ts: a layer imports the command once'],
    [
      'commands/table.ts',
      "import { staleTopics } from '../purge-select.js';",
      'commands/table.ts → purge-select.ts: a layer imports the command purge',
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
});
