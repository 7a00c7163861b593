import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCacheDirectory, type CodeCacheState } from '../src/boot/code-cache.js';

describe('codeCacheDirectory', () => {
  it("uses systemd's CACHE_DIRECTORY before anything else", () => {
    expect(codeCacheDirectory({ CACHE_DIRECTORY: '/var/cache/owm2mqtt', XDG_CACHE_HOME: '/xdg', HOME: '/home/me' })).toBe(
      '/var/cache/owm2mqtt',
    );
  });

  it('takes the first entry of a colon-separated CACHE_DIRECTORY (CacheDirectory= with several directories)', () => {
    expect(codeCacheDirectory({ CACHE_DIRECTORY: '/var/cache/owm2mqtt:/var/cache/other', HOME: '/home/me' })).toBe('/var/cache/owm2mqtt');
  });

  it('ignores an empty CACHE_DIRECTORY, or one whose first entry is empty', () => {
    expect(codeCacheDirectory({ CACHE_DIRECTORY: '', HOME: '/home/me' })).toBe('/home/me/.cache/owm2mqtt');
    expect(codeCacheDirectory({ CACHE_DIRECTORY: ':/var/cache/other', HOME: '/home/me' })).toBe('/home/me/.cache/owm2mqtt');
  });

  it('ignores a relative CACHE_DIRECTORY (it would follow the working directory), and falls through to XDG_CACHE_HOME, then HOME', () => {
    expect(codeCacheDirectory({ CACHE_DIRECTORY: 'var/cache/owm2mqtt', XDG_CACHE_HOME: '/xdg', HOME: '/home/me' })).toBe('/xdg/owm2mqtt');
    expect(codeCacheDirectory({ CACHE_DIRECTORY: 'cache', HOME: '/home/me' })).toBe('/home/me/.cache/owm2mqtt');
    expect(codeCacheDirectory({ CACHE_DIRECTORY: './cache', HOME: '/home/me' })).toBe('/home/me/.cache/owm2mqtt');
    expect(codeCacheDirectory({ CACHE_DIRECTORY: '../cache', HOME: '/home/me' })).toBe('/home/me/.cache/owm2mqtt');
    // Only the first entry counts: a relative first entry is not replaced by an absolute second one.
    expect(codeCacheDirectory({ CACHE_DIRECTORY: 'cache:/var/cache/other', HOME: '/home/me' })).toBe('/home/me/.cache/owm2mqtt');
    expect(codeCacheDirectory({ CACHE_DIRECTORY: 'cache' })).toBeUndefined();
  });

  it('uses XDG_CACHE_HOME/owm2mqtt before HOME', () => {
    expect(codeCacheDirectory({ XDG_CACHE_HOME: '/xdg/cache', HOME: '/home/me' })).toBe('/xdg/cache/owm2mqtt');
  });

  it('ignores a relative (or empty) XDG_CACHE_HOME, as the XDG spec says, and falls back to HOME', () => {
    expect(codeCacheDirectory({ XDG_CACHE_HOME: 'relative/cache', HOME: '/home/me' })).toBe('/home/me/.cache/owm2mqtt');
    expect(codeCacheDirectory({ XDG_CACHE_HOME: '', HOME: '/home/me' })).toBe('/home/me/.cache/owm2mqtt');
  });

  it('uses HOME/.cache/owm2mqtt', () => {
    expect(codeCacheDirectory({ HOME: '/home/me' })).toBe('/home/me/.cache/owm2mqtt');
  });

  it('has no directory without HOME, or with a relative one', () => {
    expect(codeCacheDirectory({})).toBeUndefined();
    expect(codeCacheDirectory({ HOME: '' })).toBeUndefined();
    expect(codeCacheDirectory({ HOME: 'home/me' })).toBeUndefined();
    expect(codeCacheDirectory({ XDG_CACHE_HOME: 'relative', HOME: '.' })).toBeUndefined();
  });

  it('is off when NODE_DISABLE_COMPILE_CACHE is set to anything non-empty, whatever else is set', () => {
    const everything = { CACHE_DIRECTORY: '/var/cache/owm2mqtt', XDG_CACHE_HOME: '/xdg', HOME: '/home/me' };
    expect(codeCacheDirectory({ ...everything, NODE_DISABLE_COMPILE_CACHE: '1' })).toBeUndefined();
    expect(codeCacheDirectory({ ...everything, NODE_DISABLE_COMPILE_CACHE: '0' })).toBeUndefined();
    expect(codeCacheDirectory({ HOME: '/home/me', NODE_DISABLE_COMPILE_CACHE: 'yes' })).toBeUndefined();
  });

  it('is not turned off by an empty NODE_DISABLE_COMPILE_CACHE', () => {
    expect(codeCacheDirectory({ HOME: '/home/me', NODE_DISABLE_COMPILE_CACHE: '' })).toBe('/home/me/.cache/owm2mqtt');
  });
});

// loadWithCodeCache, in processes of their own (the runner below): the cache is written only when save() is called.
const BUILD_ID = '0123456789abcdef';
const OTHER_BUILD_ID = 'fedcba9876543210';
const cacheName = (buildId: string) => `owm2mqtt-${buildId}-${process.version}-${process.arch}.v8cache`;

let root: string;
let runner: string;
let appFile: string;

// A tiny CommonJS app, already wrapped as the function the loader calls (as scripts/build.mjs wraps the
// bundle): it needs a built-in through the require it is given, replaces module.exports, and has a
// function only called after loading (so the cache saved after the run has more than the top level).
const APP = `(function (exports, require, module, __filename, __dirname) {'use strict';
const path = require('node:path');
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
exports.replaced = false;
module.exports = { answer: () => path.basename(__filename) + ':' + path.basename(__dirname) + ':' + fib(10) };
\n})`;

/** What the runner does after loading and running the app. */
interface RunnerOptions {
  /** How many times it calls save() (default 1). */
  readonly saves?: number;
  /** Deletes the cache file after each save(), so a second save() that wrote again would show. */
  readonly removeAfterEachSave?: boolean;
  /** Before saving, plants a symbolic link to this path at the exact temporary name, `<file>.<pid>.tmp`. */
  readonly plantTemporaryLinkTo?: string;
}

// Calls loadWithCodeCache(appFile, buildId, directory, require), runs the app, then save() as told.
// The directory is JSON (null: undefined).
const RUNNER = `'use strict';
const { existsSync, symlinkSync, unlinkSync } = require('node:fs');
const { loadWithCodeCache } = require('./code-cache.cjs');
const [appFile, buildId, directoryJson, optionsJson] = process.argv.slice(2);
const directory = JSON.parse(directoryJson) ?? undefined;
const options = JSON.parse(optionsJson);
const loaded = loadWithCodeCache(appFile, buildId, directory, require);
const answer = loaded.exports.answer();
const present = () => loaded.writes !== undefined && existsSync(loaded.writes);
const presentBeforeSave = present();
if (options.plantTemporaryLinkTo !== undefined) symlinkSync(options.plantTemporaryLinkTo, loaded.writes + '.' + process.pid + '.tmp');
const presentAfterSave = [];
for (let i = 0; i < (options.saves ?? 1); i++) {
  loaded.save();
  presentAfterSave.push(present());
  if (options.removeAfterEachSave && present()) unlinkSync(loaded.writes);
}
process.stdout.write(JSON.stringify({ cache: loaded.cache, writes: loaded.writes ?? null, answer, presentBeforeSave, presentAfterSave }) + '\\n');
`;

interface RunnerResult {
  readonly cache: CodeCacheState;
  readonly writes: string | null;
  readonly answer: string;
  /** Whether the cache file (`writes`) existed before save() was called. */
  readonly presentBeforeSave: boolean;
  /** Whether it existed right after each save(). */
  readonly presentAfterSave: boolean[];
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'owm2mqtt-code-cache-'));
  await build({
    entryPoints: [fileURLToPath(new URL('../src/boot/code-cache.ts', import.meta.url))],
    outfile: join(root, 'code-cache.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  });
  runner = join(root, 'runner.cjs');
  writeFileSync(runner, RUNNER);
  mkdirSync(join(root, 'app-dir'));
  appFile = join(root, 'app-dir', 'app.cjs');
  writeFileSync(appFile, APP);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Runs the runner in a process of its own, with no HOME nor any cache setting in its environment. */
function load(directory: string | undefined, options: RunnerOptions = {}, buildId = BUILD_ID, cwd = root, app = appFile): RunnerResult {
  const run = spawnSync(process.execPath, [runner, app, buildId, JSON.stringify(directory ?? null), JSON.stringify(options)], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(run.error).toBeUndefined();
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const result = JSON.parse(run.stdout) as RunnerResult;
  // The app ran, with the require, module, __filename and __dirname it was given.
  expect(result.answer).toBe('app.cjs:app-dir:55');
  return result;
}

const mode = (path: string) => statSync(path).mode & 0o777;
const freshDirectory = () => join(mkdtempSync(join(root, 'case-')), 'cache', 'owm2mqtt');
/** What shows the file was not touched: same inode, size and modification time, same bytes. */
const fingerprint = (path: string) => {
  const { ino, size, mtimeMs } = lstatSync(path);
  return { ino, size, mtimeMs, bytes: readFileSync(path).toString('base64') };
};

describe('loadWithCodeCache', () => {
  it('with no cache yet: compiles, and save() writes the cache at once (0600, in a new 0700 directory)', () => {
    const directory = freshDirectory();
    const file = join(directory, cacheName(BUILD_ID));
    const first = load(directory);
    expect(first).toMatchObject({ cache: 'none', writes: file, presentBeforeSave: false, presentAfterSave: [true] });
    expect(readdirSync(directory)).toEqual([cacheName(BUILD_ID)]);
    expect(statSync(file).size).toBeGreaterThan(0);
    expect(mode(file)).toBe(0o600);
    expect(mode(directory)).toBe(0o700);
    expect(mode(join(directory, '..'))).toBe(0o700);
  });

  it('writes nothing, and creates no directory, without save() (not even when the process exits)', () => {
    const directory = freshDirectory();
    expect(load(directory, { saves: 0 })).toMatchObject({
      cache: 'none',
      writes: join(directory, cacheName(BUILD_ID)),
      presentBeforeSave: false,
      presentAfterSave: [],
    });
    expect(existsSync(join(directory, '..'))).toBe(false);
    // Nor for an unsafe or rejected cache that save() would have replaced.
    load(directory);
    const file = join(directory, cacheName(BUILD_ID));
    chmodSync(file, 0o666);
    const unsafe = fingerprint(file);
    expect(load(directory, { saves: 0 })).toMatchObject({ cache: 'unsafe', writes: file });
    expect(fingerprint(file)).toEqual(unsafe);
  });

  it('writes once: a second save() does nothing', () => {
    const directory = freshDirectory();
    const file = join(directory, cacheName(BUILD_ID));
    // The runner deletes the file after each save(): had the second written again, it would be back.
    expect(load(directory, { saves: 2, removeAfterEachSave: true })).toMatchObject({
      cache: 'none',
      writes: file,
      presentAfterSave: [true, false],
    });
    expect(readdirSync(directory)).toEqual([]);
    // And three calls leave the one file the first wrote.
    expect(load(directory, { saves: 3 })).toMatchObject({ cache: 'none', presentAfterSave: [true, true, true] });
    expect(readdirSync(directory)).toEqual([cacheName(BUILD_ID)]);
    expect(load(directory).cache).toBe('used');
  });

  it('uses the cache on the next start, and save() does not write it again', () => {
    const directory = freshDirectory();
    const file = join(directory, cacheName(BUILD_ID));
    load(directory);
    const written = fingerprint(file);
    expect(load(directory)).toMatchObject({ cache: 'used', writes: null, presentAfterSave: [false] });
    expect(load(directory, { saves: 2 })).toMatchObject({ cache: 'used', writes: null });
    expect(fingerprint(file)).toEqual(written);
    expect(readdirSync(directory)).toEqual([cacheName(BUILD_ID)]);
  });

  it('keeps the functions the run compiled, not only the top level (save() comes after the app ran)', () => {
    const directory = freshDirectory();
    load(directory);
    const afterRun = statSync(join(directory, cacheName(BUILD_ID))).size;
    // A cache made straight after compiling, with nothing run, is smaller: V8 compiles functions lazily.
    const topLevelOnly = spawnSync(
      process.execPath,
      [
        '-e',
        `const { Script } = require('node:vm'); const source = require('node:fs').readFileSync(process.argv[1], 'latin1'); process.stdout.write(String(new Script(source, { filename: process.argv[1] }).createCachedData().length));`,
        appFile,
      ],
      { encoding: 'utf8' },
    );
    expect(topLevelOnly.status).toBe(0);
    expect(afterRun).toBeGreaterThan(Number(topLevelOnly.stdout));
  });

  it("starts without a cache for another build, writes that build's, and removes the old build's", () => {
    const directory = freshDirectory();
    load(directory);
    // Another program's file in the same directory is left alone.
    writeFileSync(join(directory, 'unrelated.v8cache'), 'x');
    const other = load(directory, {}, OTHER_BUILD_ID);
    expect(other).toMatchObject({ cache: 'none', writes: join(directory, cacheName(OTHER_BUILD_ID)) });
    expect(readdirSync(directory).sort()).toEqual([cacheName(OTHER_BUILD_ID), 'unrelated.v8cache'].sort());
    expect(mode(join(directory, cacheName(OTHER_BUILD_ID)))).toBe(0o600);
    expect(load(directory, {}, OTHER_BUILD_ID).cache).toBe('used');
  });

  it('rejects a corrupted cache, rewrites it on save(), and uses the new one next time', () => {
    const directory = freshDirectory();
    const file = join(directory, cacheName(BUILD_ID));
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const garbage = randomBytes(4096);
    writeFileSync(file, garbage, { mode: 0o600 });
    expect(load(directory)).toMatchObject({ cache: 'rejected', writes: file, presentBeforeSave: true });
    expect(readFileSync(file).equals(garbage)).toBe(false);
    expect(mode(file)).toBe(0o600);
    expect(readdirSync(directory)).toEqual([cacheName(BUILD_ID)]);
    expect(load(directory)).toMatchObject({ cache: 'used', writes: null });
  });

  it('rejects a cache damaged inside (one byte changed, length and header intact) instead of running it', () => {
    const directory = freshDirectory();
    const file = join(directory, cacheName(BUILD_ID));
    load(directory);
    const bytes = readFileSync(file);
    // Past V8's header (version, source length, flags, payload length): only the checksum can tell.
    const at = bytes.length - 16;
    bytes[at] = bytes[at]! ^ 0x55;
    writeFileSync(file, bytes, { mode: 0o600 });
    expect(load(directory)).toMatchObject({ cache: 'rejected', writes: file, presentBeforeSave: true });
    expect(load(directory).cache).toBe('used');
  });

  it("names the cache after the build id at the file's head, whatever id the caller passes", () => {
    const directory = freshDirectory();
    const headed = join(root, 'headed', 'app-dir', 'app.cjs');
    mkdirSync(dirname(headed), { recursive: true });
    writeFileSync(headed, `/*owm2mqtt-build:aaaaaaaaaaaaaaaa*/${APP}`);
    expect(load(directory, {}, BUILD_ID, root, headed)).toMatchObject({
      cache: 'none',
      writes: join(directory, cacheName('aaaaaaaaaaaaaaaa')),
    });
    expect(load(directory, {}, OTHER_BUILD_ID, root, headed).cache).toBe('used');
    // The same file with another head (another build of the same length): never the first one's cache.
    writeFileSync(headed, `/*owm2mqtt-build:bbbbbbbbbbbbbbbb*/${APP}`);
    expect(load(directory, {}, BUILD_ID, root, headed)).toMatchObject({
      cache: 'none',
      writes: join(directory, cacheName('bbbbbbbbbbbbbbbb')),
    });
  });

  it.skipIf(process.getuid?.() !== 0)(
    "makes no cache directory where another user's directory holds it (root with that user's HOME)",
    () => {
      const home = join(mkdtempSync(join(root, 'case-')), 'alice');
      mkdirSync(home);
      chownSync(home, 4242, 4242);
      const directory = join(home, '.cache', 'owm2mqtt');
      expect(load(directory)).toMatchObject({ cache: 'none', presentAfterSave: [false] });
      expect(readdirSync(home)).toEqual([]);
      // Nor through a link that user left there, to a directory that would pass as ours.
      const ours = join(mkdtempSync(join(root, 'case-')), 'ours');
      mkdirSync(ours, { mode: 0o700 });
      symlinkSync(ours, join(home, 'link'));
      expect(load(join(home, 'link'))).toMatchObject({ presentAfterSave: [false] });
      expect(readdirSync(ours)).toEqual([]);
    },
  );

  it('rejects a truncated cache', () => {
    const directory = freshDirectory();
    const file = join(directory, cacheName(BUILD_ID));
    load(directory);
    const good = readFileSync(file);
    writeFileSync(file, good.subarray(0, Math.floor(good.length / 2)));
    expect(load(directory).cache).toBe('rejected');
    expect(load(directory).cache).toBe('used');
  });

  it.each(['0666', '0620', '0602'])(
    'never reads a cache file others can write (mode %s), and replaces it with a safe one on save()',
    (unsafeMode) => {
      const directory = freshDirectory();
      const file = join(directory, cacheName(BUILD_ID));
      load(directory);
      // A valid cache: had it been read, V8 would have used it.
      chmodSync(file, parseInt(unsafeMode, 8));
      const before = statSync(file).ino;
      expect(load(directory)).toMatchObject({ cache: 'unsafe', writes: file });
      expect(mode(file)).toBe(0o600);
      expect(statSync(file).ino).not.toBe(before);
      expect(readdirSync(directory)).toEqual([cacheName(BUILD_ID)]);
      expect(load(directory)).toMatchObject({ cache: 'used', writes: null });
    },
  );

  it.each(['0777', '0775', '0757', '0722', '0702'])(
    'never reads a valid cache in a directory others can write (mode %s), and save() writes nothing there',
    (unsafeMode) => {
      const directory = freshDirectory();
      const file = join(directory, cacheName(BUILD_ID));
      load(directory);
      // A valid cache, 0600 and ours: only the directory is wrong (anyone could swap the file in it).
      chmodSync(directory, parseInt(unsafeMode, 8));
      const before = fingerprint(file);
      // Nothing to write either: the debug line does not promise a file.
      expect(load(directory)).toMatchObject({ cache: 'unsafe', writes: null });
      expect(load(directory, { saves: 2 }).cache).toBe('unsafe');
      expect(fingerprint(file)).toEqual(before);
      expect(readdirSync(directory)).toEqual([cacheName(BUILD_ID)]);
      expect(mode(directory)).toBe(parseInt(unsafeMode, 8));
      // Nor into such a directory while it is still empty, nor for another build (whose save would have removed this one).
      const empty = freshDirectory();
      mkdirSync(empty, { recursive: true });
      chmodSync(empty, parseInt(unsafeMode, 8));
      expect(load(empty)).toMatchObject({ cache: 'unsafe', writes: null });
      expect(readdirSync(empty)).toEqual([]);
      load(directory, {}, OTHER_BUILD_ID);
      expect(readdirSync(directory)).toEqual([cacheName(BUILD_ID)]);
      // Once the directory is ours alone again, the same file is used.
      chmodSync(directory, 0o700);
      expect(load(directory).cache).toBe('used');
    },
  );

  it.skipIf(process.getuid?.() !== 0)("never reads a cache file another user owns (run as root: chown'd away)", () => {
    const directory = freshDirectory();
    const file = join(directory, cacheName(BUILD_ID));
    load(directory);
    chownSync(file, 4242, 4242);
    expect(statSync(file).uid).toBe(4242);
    expect(load(directory).cache).toBe('unsafe');
    expect(statSync(file).uid).toBe(0);
    expect(mode(file)).toBe(0o600);
  });

  it.skipIf(process.getuid?.() !== 0)(
    "never reads, nor writes into, a 0700 cache directory another user owns (run as root: chown'd away)",
    () => {
      const directory = freshDirectory();
      const file = join(directory, cacheName(BUILD_ID));
      load(directory);
      chownSync(directory, 4242, 4242);
      const before = fingerprint(file);
      expect(load(directory)).toMatchObject({ cache: 'unsafe', writes: null });
      expect(fingerprint(file)).toEqual(before);
      expect(readdirSync(directory)).toEqual([cacheName(BUILD_ID)]);
    },
  );

  it("follows a link to the cache directory (systemd's CacheDirectory= with DynamicUser=) and checks the directory it leads to", () => {
    const real = freshDirectory();
    mkdirSync(real, { recursive: true, mode: 0o700 });
    const parent = freshDirectory();
    mkdirSync(parent, { recursive: true });
    const link = join(parent, 'link');
    symlinkSync(real, link);
    expect(load(link)).toMatchObject({ cache: 'none', writes: join(link, cacheName(BUILD_ID)), presentAfterSave: [true] });
    expect(readdirSync(real)).toEqual([cacheName(BUILD_ID)]);
    expect(mode(join(real, cacheName(BUILD_ID)))).toBe(0o600);
    expect(load(link).cache).toBe('used');
    // The link is fine; a directory others can write behind it is not.
    chmodSync(real, 0o777);
    expect(load(link)).toMatchObject({ cache: 'unsafe', writes: null });
  });

  it('treats something other than a file at the cache path as unsafe, and still runs', () => {
    const directory = freshDirectory();
    const file = join(directory, cacheName(BUILD_ID));
    mkdirSync(file, { recursive: true });
    expect(load(directory)).toMatchObject({ cache: 'unsafe', writes: file });
    // The write failed (a directory is in the way), quietly: load() saw exit status 0 and no stderr.
    expect(statSync(file).isDirectory()).toBe(true);
    expect(load(directory).cache).toBe('unsafe');
  });

  it('leaves no temporary file behind when the write fails', () => {
    const directory = freshDirectory();
    const file = join(directory, cacheName(BUILD_ID));
    // The rename fails: a directory is in the way at the cache's name.
    mkdirSync(file, { recursive: true });
    load(directory);
    load(directory, { saves: 2 });
    expect(readdirSync(directory)).toEqual([cacheName(BUILD_ID)]);
    expect(readdirSync(file)).toEqual([]);
  });

  it('replaces a symbolic link at the cache name, never writing through it to its target', () => {
    const directory = freshDirectory();
    const file = join(directory, cacheName(BUILD_ID));
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    // The link's target is a file of ours, 0600 (so reading through the link passes the checks, and V8 rejects it).
    const target = join(mkdtempSync(join(root, 'target-')), 'precious');
    writeFileSync(target, 'precious, not a code cache', { mode: 0o600 });
    symlinkSync(target, file);
    expect(load(directory)).toMatchObject({ cache: 'rejected', writes: file });
    expect(readFileSync(target, 'utf8')).toBe('precious, not a code cache');
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(lstatSync(file).isFile()).toBe(true);
    expect(mode(file)).toBe(0o600);
    expect(readdirSync(directory)).toEqual([cacheName(BUILD_ID)]);
    expect(load(directory).cache).toBe('used');

    // A dangling link: nothing is created where it points.
    const dangling = freshDirectory();
    const nowhere = join(mkdtempSync(join(root, 'target-')), 'nowhere');
    mkdirSync(dangling, { recursive: true, mode: 0o700 });
    symlinkSync(nowhere, join(dangling, cacheName(BUILD_ID)));
    expect(load(dangling)).toMatchObject({ cache: 'none', writes: join(dangling, cacheName(BUILD_ID)) });
    expect(existsSync(nowhere)).toBe(false);
    expect(lstatSync(join(dangling, cacheName(BUILD_ID))).isFile()).toBe(true);
    expect(load(dangling).cache).toBe('used');
  });

  it('never writes through a symbolic link planted at the temporary name (<file>.<pid>.tmp): nothing is written, and the link is gone', () => {
    const directory = freshDirectory();
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const target = join(mkdtempSync(join(root, 'target-')), 'precious');
    writeFileSync(target, 'precious, not a code cache', { mode: 0o600 });
    // The runner knows its own pid: it plants the link just before save().
    expect(load(directory, { plantTemporaryLinkTo: target })).toMatchObject({ cache: 'none', presentAfterSave: [false] });
    expect(readFileSync(target, 'utf8')).toBe('precious, not a code cache');
    expect(readdirSync(directory)).toEqual([]);
    // A dangling link there: nothing is created where it points.
    const nowhere = join(mkdtempSync(join(root, 'target-')), 'nowhere');
    expect(load(directory, { plantTemporaryLinkTo: nowhere })).toMatchObject({ cache: 'none', presentAfterSave: [false] });
    expect(existsSync(nowhere)).toBe(false);
    expect(readdirSync(directory)).toEqual([]);
    // The next start, with nothing planted, writes the cache.
    expect(load(directory)).toMatchObject({ cache: 'none', presentAfterSave: [true] });
    expect(load(directory).cache).toBe('used');
  });

  it('still runs, and exits 0, when the cache directory cannot be created', () => {
    const parent = mkdtempSync(join(root, 'case-'));
    const regularFile = join(parent, 'not-a-directory');
    writeFileSync(regularFile, 'x');
    const directory = join(regularFile, 'owm2mqtt');
    // load() checks the exit status (0) and that nothing was printed to stderr.
    expect(load(directory)).toMatchObject({ cache: 'none', writes: join(directory, cacheName(BUILD_ID)), presentAfterSave: [false] });
    expect(readFileSync(regularFile, 'utf8')).toBe('x');
    expect(readdirSync(parent)).toEqual(['not-a-directory']);
  });

  it('is off without a directory: nothing read, nothing written, save() does nothing', () => {
    const cwd = mkdtempSync(join(root, 'case-'));
    expect(load(undefined, { saves: 2 }, BUILD_ID, cwd)).toMatchObject({
      cache: 'off',
      writes: null,
      presentBeforeSave: false,
      presentAfterSave: [false, false],
    });
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(root).filter((name) => name.endsWith('.v8cache') || name.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(root, 'app-dir', cacheName(BUILD_ID)))).toBe(false);
  });
});
