import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Runs a CommonJS bundle through V8's code cache, as Node 22's module.enableCompileCache() does
 * for every module: the first run compiles the bundle and, on exit, saves the bytecode of every
 * function it ran; later runs start from that bytecode instead of parsing and compiling again.
 * A missing, stale, foreign or unreadable cache only costs the compilation it would have saved.
 */

const SUFFIX = '.v8cache';

/** Where the cache lives: systemd's CacheDirectory=, else the XDG cache, else none (no HOME, or turned off). */
export function codeCacheDirectory(env: NodeJS.ProcessEnv): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE !== undefined && env.NODE_DISABLE_COMPILE_CACHE !== '') return undefined;
  const systemd = env.CACHE_DIRECTORY?.split(':')[0];
  if (systemd) return systemd;
  if (env.XDG_CACHE_HOME?.startsWith('/')) return join(env.XDG_CACHE_HOME, 'owm2mqtt');
  if (env.HOME?.startsWith('/')) return join(env.HOME, '.cache', 'owm2mqtt');
  return undefined;
}

export interface CachedLoad<Exports> {
  readonly exports: Exports;
  /** What happened to the cache on this start: read and used, absent, or refused (and why). */
  readonly cache: 'used' | 'none' | 'rejected' | 'unsafe' | 'off';
  /** The file this start wrote (or will write on exit), if any. */
  readonly writes: string | undefined;
}

/**
 * Loads `file` (a CommonJS bundle) with the code cache kept in `directory` under a name made of
 * `buildId` (a hash of the bundle, fixed at build time: V8 itself only checks the source's
 * length) and this Node's version and architecture. The cache is written once, when the process
 * exits, so it holds the functions this run compiled, not just the top level. `require` is the
 * bundle's: it only ever asks for Node's built-ins (the bundle holds everything else).
 */
export function loadWithCodeCache<Exports>(file: string, buildId: string, directory: string | undefined, require: NodeJS.Require): CachedLoad<Exports> {
  // The build makes the bundle pure ASCII: latin1 reads it as a plain copy, with no UTF-8 decoding.
  const source = readFileSync(file, 'latin1');
  const cacheFile = directory === undefined ? undefined : join(directory, `owm2mqtt-${buildId}-${process.version}-${process.arch}${SUFFIX}`);
  const read = cacheFile === undefined ? { state: 'off' as const } : readCache(cacheFile);
  // No importModuleDynamically: the bundle has no import() (the build checks), only require().
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData: read.state === 'found' ? read.data : undefined,
  });
  const cache = read.state === 'found' ? (script.cachedDataRejected === true ? 'rejected' : 'used') : read.state;
  const writes = cacheFile !== undefined && (cache === 'none' || cache === 'rejected') ? cacheFile : undefined;
  if (writes !== undefined) process.once('exit', () => writeCache(writes, script));

  const module = { exports: {} as Exports };
  const run = script.runInThisContext() as (exports: Exports, require: NodeJS.Require, module: { exports: Exports }, filename: string, dirname: string) => void;
  run(module.exports, require, module, file, dirname(file));
  return { exports: module.exports, cache, writes };
}

type CacheRead = { state: 'found'; data: Buffer } | { state: 'none' | 'unsafe' };

/** The cache file, unless it is missing, or another user could have written it (it is executable code). */
function readCache(file: string): CacheRead {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return { state: 'none' };
  }
  try {
    const stat = fstatSync(fd);
    const uid = process.getuid?.();
    if (!stat.isFile() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) return { state: 'unsafe' };
    return { state: 'found', data: readFileSync(fd) };
  } catch {
    return { state: 'none' };
  } finally {
    closeSync(fd);
  }
}

/** Atomically (a reader never sees half a file), readable by us only; older builds' caches go. Never fails the run. */
function writeCache(file: string, script: Script): void {
  try {
    const directory = dirname(file);
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    renameSync(temporary, file);
    for (const name of readdirSync(directory)) {
      if (name.startsWith('owm2mqtt-') && name.endsWith(SUFFIX) && join(directory, name) !== file) unlinkSync(join(directory, name));
    }
  } catch {
    // A read-only home or a full disk: the next start compiles again, as it would without a cache.
  }
}
