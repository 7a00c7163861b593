import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killOnExit } from './subscriber.js';

export const CLI = fileURLToPath(new URL('../../dist/owm2mqtt.cjs', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI in an empty directory (no stray .env) with only the given environment. */
export function runCli(args: string[], env: Record<string, string>, options: { cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  const child = spawnCli(args, env, options.cwd);
  return finished(child, options.timeoutMs ?? 30_000);
}

export function spawnCli(args: string[], env: Record<string, string>, cwd?: string) {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: cwd ?? mkdtempSync(join(tmpdir(), 'owm2mqtt-cwd-')),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  return child;
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
