import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnEnv, trackChild } from './processes.js';

export const CLI = fileURLToPath(new URL('../../dist/owm2mqtt.cjs', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Defaults to a new empty directory (no stray .env). */
  readonly cwd?: string;
  /** Given to Node.js before the script (e.g. `--`, so that Node leaves the script's own options alone). */
  readonly nodeArgs?: string[];
  /** Runs it as `nobody`: dropped with setpriv when the tests run as root, as is when they do not. */
  readonly unprivileged?: boolean;
}

/** Runs the built CLI in an empty directory (no stray .env) with only the given environment. */
export function runCli(args: string[], env: Record<string, string>, options: CliOptions & { timeoutMs?: number } = {}): Promise<CliRun> {
  const child = spawnCli(args, env, options);
  return finished(child, options.timeoutMs ?? 30_000);
}

export function spawnCli(args: string[], env: Record<string, string>, options: CliOptions = {}) {
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), 'owm2mqtt-cwd-'));
  const node = [...(options.nodeArgs ?? []), CLI, ...args];
  const asRoot = options.unprivileged === true && process.getuid?.() === 0;
  // `nobody` must be able to enter the directory it runs in.
  if (asRoot && options.cwd === undefined) chmodSync(cwd, 0o755);
  const [command, commandArgs] = asRoot
    ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', process.execPath, ...node]]
    : [process.execPath, node];
  const child = spawn(command, commandArgs, {
    cwd,
    env: spawnEnv({ PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return trackChild(child, `owm2mqtt ${args.join(' ')}`.trim());
}

export function finished(child: ReturnType<typeof spawnCli>, timeoutMs: number): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`owm2mqtt did not exit within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** What the child wrote to stderr so far, to wait on a log line instead of a fixed time. */
export function stderrSoFar(child: ReturnType<typeof spawnCli>): () => string {
  let text = '';
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}
