import {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/**
 * Runs a CommonJS bundle through V8's code cache, as Node 22's module.enableCompileCache() does
 * for every module: a run that did the real work saves the bytecode of every function it ran;
 * later starts take that bytecode instead of parsing and compiling again. A missing, stale,
 * foreign or unreadable cache only costs the compilation it would have saved.
 */

const SUFFIX = '.v8cache';
const BUILD_ID_HEAD = /^\/\*owm2mqtt-build:([0-9a-f]{16})\*\//;

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
 * Loads `file` (a CommonJS bundle wrapped as a function expression, see scripts/build.mjs) with
 * the code cache kept in `directory` under a name made of the bundle's build id and this Node's
 * version and architecture. The id is a hash of the bundle that the build writes at its head
 * (`/*owm2mqtt-build:<16 hex>*\/`), so the name always matches the file actually read, whatever
 * loader reads it: V8 itself only checks the source's length, and would run another build's
 * bytecode. `buildId` is for a file without that head (none: no cache). `require` is the bundle's: it only ever asks
 * for Node's built-ins (the bundle holds everything else).
 */
export function loadWithCodeCache<Exports>(
  file: string,
  buildId: string | undefined,
  directory: string | undefined,
  require: NodeJS.Require,
): CachedLoad<Exports> {
  // A cache damaged on disk passes V8's header checks and crashes the process, unless V8 also
  // checks its checksum (0.2 ms for 700 KB): set here, before anything is compiled against a cache.
  setFlagsFromString('--verify-snapshot-checksum');
  // The build makes the bundle pure ASCII: latin1 reads it as a plain copy, with no UTF-8 decoding.
  const source = readFileSync(file, 'latin1');
  const id = BUILD_ID_HEAD.exec(source)?.[1] ?? buildId;
  if (id === undefined) directory = undefined;
  const name = `owm2mqtt-${id}-${process.version}-${process.arch}${SUFFIX}`;
  const read: CacheRead = directory === undefined ? { state: 'off' } : readCache(directory, name);
  // The build wraps the bundle in the function CommonJS would, `(function (exports, require,
  // module, __filename, __dirname) {...})`. No importModuleDynamically: the bundle has no
  // import() (the build checks), only require().
  const script = new Script(source, {
    filename: file,
    cachedData: read.state === 'found' ? read.data : undefined,
  });
  const cache: CodeCacheState =
    read.state === 'found'
      ? script.cachedDataRejected === true
        ? 'rejected'
        : 'used'
      : read.state === 'unsafe-directory'
        ? 'unsafe'
        : read.state;
  let pending = directory !== undefined && cache !== 'used' && read.state !== 'unsafe-directory' ? directory : undefined;
  const writes = pending === undefined ? undefined : join(pending, name);
  const save = () => {
    if (pending !== undefined) writeCache(pending, name, script);
    pending = undefined;
  };

  const module = { exports: {} as Exports };
  const run = script.runInThisContext() as (
    exports: Exports,
    require: NodeJS.Require,
    module: { exports: Exports },
    filename: string,
    dirname: string,
  ) => void;
  run(module.exports, require, module, file, dirname(file));
  return { exports: module.exports, cache, writes, save };
}

type CacheRead = { state: 'found'; data: Buffer } | { state: 'none' | 'unsafe' | 'unsafe-directory' | 'off' };

/** Ours alone: owned by this user, and neither group nor others may write it (a cache is executable code). */
function ownedByUsAlone(stat: Stats): boolean {
  const uid = process.getuid?.();
  return (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
}

/**
 * The directory itself, links resolved, if it is a directory of ours alone; undefined if it is
 * not; throws if it does not exist. Systemd's CacheDirectory= with DynamicUser= is a link (owned
 * by root) to the real directory in /var/cache/private: the real one must be ours alone.
 */
function realPrivateDirectory(directory: string): string | undefined {
  const real = realpathSync(directory);
  const stat = lstatSync(real);
  return stat.isDirectory() && ownedByUsAlone(stat) ? real : undefined;
}

/** The cache file, unless it is missing, or another user could have written it or swapped it in. */
function readCache(directory: string, name: string): CacheRead {
  let fd: number;
  try {
    const real = realPrivateDirectory(directory);
    if (real === undefined) return { state: 'unsafe-directory' };
    fd = openSync(join(real, name), 'r');
  } catch {
    return { state: 'none' };
  }
  try {
    const file = fstatSync(fd);
    if (!file.isFile() || !ownedByUsAlone(file)) return { state: 'unsafe' };
    return { state: 'found', data: readFileSync(fd) };
  } catch {
    return { state: 'none' };
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether the directory that holds (or will hold) the cache directory is ours or root's: root
 * run with another user's HOME (sudo -E) must not make directories in that user's home, nor
 * follow a link that user put there. Systemd's /var/cache is root's.
 */
function parentTrusted(directory: string): boolean {
  const uid = process.getuid?.();
  for (let path = dirname(directory); ; path = dirname(path)) {
    try {
      const owner = lstatSync(path).uid;
      return uid === undefined || owner === uid || owner === 0;
    } catch {
      if (path === dirname(path)) return false;
    }
  }
}

/**
 * Atomically (a reader never sees half a file), into a directory of ours alone, through a new
 * file (never through a link someone left at its name); older builds' caches go. Never fails the run.
 */
function writeCache(directory: string, name: string, script: Script): void {
  let temporary: string | undefined;
  try {
    if (!parentTrusted(directory)) return;
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const real = realPrivateDirectory(directory);
    if (real === undefined) return;
    const file = join(real, name);
    temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600, flag: 'wx' });
    renameSync(temporary, file);
    temporary = undefined;
    // Other builds' caches, and what a run killed mid-write left.
    for (const other of readdirSync(real)) {
      if (other !== name && /^owm2mqtt-.*\.v8cache(\.\d+\.tmp)?$/.test(other)) unlinkSync(join(real, other));
    }
  } catch {
    // A read-only home or a full disk: the next start compiles again, as it would without a cache.
    try {
      if (temporary !== undefined) rmSync(temporary, { force: true });
    } catch {
      // Nothing more to do: the directory itself is gone or closed to us.
    }
  }
}
