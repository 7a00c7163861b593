import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Runs a CommonJS bundle through V8's code cache, as Node 22's module.enableCompileCache() does
 * for every module: a run that did the real work saves the bytecode of every function it ran;
 * later starts take that bytecode instead of parsing and compiling again. A missing, stale,
 * foreign or unreadable cache only costs the compilation it would have saved.
 */

const SUFFIX = '.v8cache';

/** Where the cache lives: systemd's CacheDirectory=, else the XDG cache, else none (no HOME, or turned off). */
export function codeCacheDirectory(env: NodeJS.ProcessEnv): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE !== undefined && env.NODE_DISABLE_COMPILE_CACHE !== '') return undefined;
  const systemd = env.CACHE_DIRECTORY?.split(':')[0];
  if (systemd?.startsWith('/')) return systemd;
  if (env.XDG_CACHE_HOME?.startsWith('/')) return join(env.XDG_CACHE_HOME, 'owm2mqtt');
  if (env.HOME?.startsWith('/')) return join(env.HOME, '.cache', 'owm2mqtt');
  return undefined;
}

/**
 * What happened to the cache on this start: `used`; `none` (no file yet); `rejected` (V8 refused
 * it: another Node or V8 flags); `unsafe` (not ours, or others can write it or its directory:
 * never read, and replaced on save); `off` (no directory).
 */
export type CodeCacheState = 'used' | 'none' | 'rejected' | 'unsafe' | 'off';

export interface CachedLoad<Exports> {
  readonly exports: Exports;
  readonly cache: CodeCacheState;
  /** The file save() writes, or undefined when there is nothing to write (the cache was used, or is off). */
  readonly writes: string | undefined;
  /**
   * Writes the cache now, holding every function compiled so far: call it once the run has done
   * its real work (not after --help or a configuration error, whose cache would lack the bridge).
   * Later calls do nothing. Never throws.
   */
  readonly save: () => void;
}

/**
 * Loads `file` (a CommonJS bundle wrapped as a function expression, see scripts/build.mjs) with the code cache kept in `directory` under a name made of
 * `buildId` (a hash of the bundle, fixed at build time: V8 itself only checks the source's
 * length) and this Node's version and architecture. `require` is the bundle's: it only ever asks
 * for Node's built-ins (the bundle holds everything else).
 */
export function loadWithCodeCache<Exports>(file: string, buildId: string, directory: string | undefined, require: NodeJS.Require): CachedLoad<Exports> {
  // The build makes the bundle pure ASCII: latin1 reads it as a plain copy, with no UTF-8 decoding.
  const source = readFileSync(file, 'latin1');
  const cacheFile = directory === undefined ? undefined : join(directory, `owm2mqtt-${buildId}-${process.version}-${process.arch}${SUFFIX}`);
  const read = cacheFile === undefined ? { state: 'off' as const } : readCache(cacheFile);
  // The build wraps the bundle in the function CommonJS would, `(function (exports, require,
  // module, __filename, __dirname) {...})`. No importModuleDynamically: the bundle has no
  // import() (the build checks), only require().
  const script = new Script(source, {
    filename: file,
    cachedData: read.state === 'found' ? read.data : undefined,
  });
  const cache = read.state === 'found' ? (script.cachedDataRejected === true ? 'rejected' : 'used') : read.state;
  let writes = cacheFile !== undefined && cache !== 'used' ? cacheFile : undefined;
  const save = () => {
    if (writes !== undefined) writeCache(writes, script);
    writes = undefined;
  };

  const module = { exports: {} as Exports };
  const run = script.runInThisContext() as (exports: Exports, require: NodeJS.Require, module: { exports: Exports }, filename: string, dirname: string) => void;
  run(module.exports, require, module, file, dirname(file));
  return { exports: module.exports, cache, writes, save };
}

type CacheRead = { state: 'found'; data: Buffer } | { state: 'none' | 'unsafe' };

/** Ours alone: owned by this user, and neither group nor others may write it (a cache is executable code). */
function ownedByUsAlone(stat: Stats): boolean {
  const uid = process.getuid?.();
  return (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
}

/** The cache file, unless it is missing, or another user could have written it or swapped it in. */
function readCache(file: string): CacheRead {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return { state: 'none' };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || !ownedByUsAlone(stat) || !ownedByUsAlone(lstatSync(dirname(file)))) return { state: 'unsafe' };
    return { state: 'found', data: readFileSync(fd) };
  } catch {
    return { state: 'none' };
  } finally {
    closeSync(fd);
  }
}

/**
 * Atomically (a reader never sees half a file), into a directory of ours alone, through a new
 * file (never through a link someone left at its name); older builds' caches go. Never fails the run.
 */
function writeCache(file: string, script: Script): void {
  const directory = dirname(file);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const stat = lstatSync(directory);
    if (!stat.isDirectory() || !ownedByUsAlone(stat)) return;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600, flag: 'wx' });
    renameSync(temporary, file);
    for (const name of readdirSync(directory)) {
      if (name.startsWith('owm2mqtt-') && name.endsWith(SUFFIX) && join(directory, name) !== file) unlinkSync(join(directory, name));
    }
  } catch {
    // A read-only home or a full disk: the next start compiles again, as it would without a cache.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing more to do: the directory itself is gone or closed to us.
    }
  }
}
