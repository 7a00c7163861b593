/**
 * Debian root file systems made with `debootstrap --variant=minbase`, kept between runs on the
 * same machine (a first make takes about a minute and ~300 MB), for tests that run the packed
 * program on another Debian's own packages (`chroot`) or boot it under systemd (`systemd-nspawn`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trackChild } from './processes.js';

const CACHE = process.env.OWM2MQTT_ROOTS ?? '/var/cache/owm2mqtt-test';
const MIRROR = process.env.OWM2MQTT_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';
const DEBOOTSTRAP = ['/usr/sbin/debootstrap', '/usr/bin/debootstrap'].find((path) => existsSync(path));
export const CHROOT = ['/usr/sbin/chroot', '/usr/bin/chroot'].find((path) => existsSync(path)) ?? 'chroot';

/** Why no root can be made here, or undefined when one can. */
export function debianRootUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'making and entering a Debian root needs root';
  if (!DEBOOTSTRAP) return 'debootstrap is not installed (apt-get install debootstrap; .ci/run does it)';
  return undefined;
}

/** The path of a Debian `suite` root holding `include`, made once and then reused. */
export async function debianRoot(name: string, suite: string, include: readonly string[]): Promise<string> {
  const root = join(CACHE, name);
  const marker = join(root, '.owm2mqtt-root');
  const wanted = `${suite} ${[...include].sort().join(',')}`;
  if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return root;
  mkdirSync(CACHE, { recursive: true });
  const lock = `${root}.lock`;
  await takeLock(lock);
  try {
    if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return root;
    const building = `${root}.tmp-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    const args = ['--variant=minbase', `--include=${include.join(',')}`, suite, building, MIRROR];
    const { code, output } = await run(DEBOOTSTRAP!, args);
    if (code !== 0) {
      rmSync(building, { recursive: true, force: true });
      throw new Error(`debootstrap ${args.join(' ')} failed (${code}):\n${output.slice(-4000)}`);
    }
    writeFileSync(join(building, '.owm2mqtt-root'), wanted);
    rmSync(root, { recursive: true, force: true });
    renameSync(building, root);
    return root;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Runs `command` in `root` with a minimal environment, as a user's shell would. */
export function inRoot(
  root: string,
  command: readonly string[],
  timeoutMs = 20_000,
): { status: number | null; stdout: string; stderr: string } {
  // In a mount namespace of its own, with /proc as on a real system (Node.js finds its own path there);
  // the mount goes with the namespace, whatever happens to the test.
  const script = 'mount -t proc proc "$0/proc" && exec "$@"';
  const result = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, root, CHROOT, root, ...command], {
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    env: { PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin', LANG: 'C.UTF-8' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function takeLock(lock: string): Promise<void> {
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch {
      // A lock left by a run that died is stale after 15 minutes (debootstrap takes about one).
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 15 * 60_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function run(command: string, args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = trackChild(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }), 'debootstrap');
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}
