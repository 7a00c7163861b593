/**
 * A Debian root booted under a real systemd with `systemd-nspawn`, as a user's machine would run
 * owm2mqtt's units: `--volatile=overlay` (whatever the boot writes is gone after it, so the kept
 * root stays clean), the host's network (the test's Mosquitto and OpenWeatherMap stand-in on
 * loopback serve it), and `nsenter` into the container's namespaces to drive `systemctl`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { trackChild } from './processes.js';

const NSPAWN = ['/usr/bin/systemd-nspawn', '/bin/systemd-nspawn'].find((path) => existsSync(path));

/** Why no container can be booted here, or undefined when one can. */
export function nspawnUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'booting a container needs root';
  if (!NSPAWN) return 'systemd-nspawn is not installed (apt-get install systemd-container; .ci/run does it)';
  return undefined;
}

export interface Bind {
  readonly host: string;
  readonly inside: string;
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Container {
  /** The host's pid of the container's systemd (its PID 1). */
  readonly pid: number;
  /** Runs a command inside the container, in all its namespaces. */
  exec(command: readonly string[], timeoutMs?: number): Promise<Run>;
  systemctl(...args: string[]): Promise<Run>;
  /** `systemctl show -p NAME --value` for each name. */
  show(unit: string, ...properties: string[]): Promise<Record<string, string>>;
  /** The journal's entries, as JSON objects, of the given `journalctl` filters. */
  journal(...filters: string[]): Promise<Record<string, string>[]>;
  poweroff(): Promise<void>;
}

/** Boots `root` with `binds` (read-only) and resolves once systemd says the boot is over. */
export async function bootContainer(root: string, binds: readonly Bind[]): Promise<Container> {
  const args = [
    '-D',
    root,
    '--volatile=overlay',
    '--register=no',
    // Without it, nspawn asks the host's system bus for a scope unit, and there is none here.
    '--keep-unit',
    '--console=pipe',
    ...binds.map((bind) => `--bind-ro=${bind.host}:${bind.inside}`),
    '-b',
  ];
  const nspawn = trackChild(spawn(NSPAWN!, args, { stdio: ['ignore', 'pipe', 'pipe'] }), `systemd-nspawn -D ${root}`);
  let output = '';
  nspawn.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  nspawn.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => nspawn.once('exit', (code) => resolve(code)));

  const pid = await containerInit(nspawn.pid!, () => output);
  // Never spawnSync: the test's own servers (the OpenWeatherMap stand-in) run in this process, and a unit
  // that calls them while `systemctl start` waits would find them deaf.
  const exec = (command: readonly string[], timeoutMs = 30_000): Promise<Run> =>
    new Promise((resolve) => {
      const child = trackChild(
        spawn('nsenter', ['-t', String(pid), '-a', ...command], {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin', LANG: 'C.UTF-8' },
        }),
        `nsenter ${command.join(' ')}`,
      );
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
    });
  // systemd answers on its bus once it has made it, a moment after it starts; before it has made
  // /run/systemd/system, `is-system-running` says `offline` (sd_booted() is false) and does not wait.
  const tooEarly = (run: Run) => /Failed to connect to bus/.test(run.stderr) || /^offline/.test(run.stdout);
  let booted = await exec(['systemctl', 'is-system-running', '--wait'], 120_000);
  for (const end = Date.now() + 60_000; tooEarly(booted) && Date.now() < end; ) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    booted = await exec(['systemctl', 'is-system-running', '--wait'], 120_000);
  }
  if (!/^(running|degraded)/.test(booted.stdout))
    throw new Error(`the container did not finish booting: ${booted.stdout}${booted.stderr}\n${output.slice(-2000)}`);

  return {
    pid,
    exec,
    systemctl: (...more) => exec(['systemctl', '--no-pager', ...more]),
    async show(unit, ...properties) {
      const shown = (await exec(['systemctl', 'show', unit, ...properties.map((p) => `--property=${p}`)])).stdout;
      return Object.fromEntries(
        shown
          .split('\n')
          .filter((line) => line.includes('='))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
    },
    async journal(...filters) {
      const shown = (await exec(['journalctl', '--no-pager', '-o', 'json', ...filters])).stdout;
      return shown
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, string>);
    },
    async poweroff() {
      await exec(['systemctl', 'poweroff', '--no-block']);
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30_000).unref());
      if ((await Promise.race([exited, timeout])) === 'timeout') nspawn.kill('SIGKILL');
    },
  };
}

/** The host pid of the container's PID 1: a descendant of nspawn whose innermost pid is 1. */
async function containerInit(nspawnPid: number, output: () => string): Promise<number> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    for (const pid of descendants(nspawnPid)) if (isContainerSystemd(pid)) return pid;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`systemd did not start in the container within 60 s:\n${output().slice(-2000)}`);
}

function isContainerSystemd(pid: number): boolean {
  try {
    const nspid = /^NSpid:\s+(.*)$/m
      .exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
      ?.trim()
      .split(/\s+/);
    return (
      nspid !== undefined && nspid.length > 1 && nspid.at(-1) === '1' && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'systemd'
    );
  } catch {
    // The process ended, or became another, while we read.
    return false;
  }
}

function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we read.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      queue.push(child);
      found.push(child);
    }
  }
  return found;
}
