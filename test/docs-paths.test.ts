/**
 * docs/architecture.md names files, and a file renamed or moved must not leave it describing a
 * tree that no longer exists. Every path it writes in backticks, or in its drawings, is checked:
 * `folder/file.ts` (and `.cjs`, and folders, `history/`) against src/; `test/…`, `scripts/…`,
 * `docs/…`, `fixtures/…` and `bench/…` against the repository; a bare `file.ts` against the
 * names of the files under src/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SRC = join(ROOT, 'src');
const PAGE = 'docs/architecture.md';

/** First levels of paths that are not under src/: checked from the repository's root. */
const REPOSITORY_ROOTS = ['test', 'scripts', 'docs', 'fixtures', 'bench'];
/** Build outputs: not in a checkout. */
const BUILT_ROOTS = ['dist', 'build'];

const PATH = /^(?:[a-z0-9][a-z0-9.-]*\/)*[a-z0-9][a-z0-9.-]*\.(?:ts|cjs|mjs)$|^(?:[a-z0-9][a-z0-9-]*\/)+$/;

/** The text between backticks, and every path-like word of the page's ```text drawings. */
function pathsIn(markdown: string): string[] {
  const drawings = [...markdown.matchAll(/^```text\n([\s\S]*?)^```/gm)].flatMap((m) => m[1]!.split(/[\s,()]+/));
  const code = [...markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
  return [...new Set([...code, ...drawings])].filter((text) => PATH.test(text));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [entry.name],
  );
}
const SOURCE_NAMES = new Set(filesUnder(SRC));

/** Why `path` names nothing, or undefined when it names a file or folder that exists. */
function missing(path: string): string | undefined {
  const first = path.slice(0, path.indexOf('/'));
  if (!path.includes('/')) return SOURCE_NAMES.has(path) ? undefined : `no file named ${path} under src/`;
  if (BUILT_ROOTS.includes(first)) return undefined;
  if (REPOSITORY_ROOTS.includes(first)) return existsSync(join(ROOT, path)) ? undefined : `${path} does not exist`;
  const underSrc = path.startsWith('src/') ? path : `src/${path}`;
  return existsSync(join(ROOT, underSrc)) ? undefined : `${underSrc} does not exist`;
}

const PATHS = pathsIn(readFileSync(join(ROOT, PAGE), 'utf8'));

describe(`the paths ${PAGE} names`, () => {
  it('names the files of every layer and command, the new ones included', () => {
    expect(PATHS).toEqual(
      expect.arrayContaining([
        'owm/responses/weather.ts',
        'purge/select.ts',
        'bridge/forecast-keeper.ts',
        'mqtt/live-session.ts',
        'core/display.ts',
        'dashboard/history/store.ts',
        'commands/table.ts',
        'test/architecture.test.ts',
      ]),
    );
  });

  it.each(PATHS)('%s exists', (path) => {
    expect(missing(path)).toBeUndefined();
  });

  it.each([
    ['weather/schema.ts', 'src/weather/schema.ts does not exist'],
    ['purge-select.ts', 'no file named purge-select.ts under src/'],
    ['src/bridge/nowhere.ts', 'src/bridge/nowhere.ts does not exist'],
    ['dashboard/nowhere/', 'src/dashboard/nowhere/ does not exist'],
    ['test/nowhere.test.ts', 'test/nowhere.test.ts does not exist'],
  ])('catches a stale path: %s', (path, why) => {
    expect(PATH.test(path)).toBe(true);
    expect(missing(path)).toBe(why);
  });

  it('reads paths in backticks and in drawings, not other code', () => {
    const page = ['`a/b.ts` and `P/L/forecast/…`, `bridge/status`, `.env.example`', '```text', ' x ──▶ c/d.ts, e/', '```'].join('\n');
    expect(pathsIn(page)).toEqual(['a/b.ts', 'c/d.ts', 'e/']);
  });
});
