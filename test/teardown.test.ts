/**
 * No process survives a failing test: a child `vitest run` of deliberately failing tests
 * (test/fixtures-failing/), each of which starts Mosquitto, the daemon or mosquitto_sub and fails
 * before its own cleanup, one of them by the worker being terminated; then no process of that
 * run may be left. Every process the run starts
 * inherits a marker in its environment (test/helpers/processes.ts), found in /proc/<pid>/environ.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { finished } from './helpers/cli.js';
import { MARKER_VARIABLE, trackChild } from './helpers/processes.js';
import { until } from './helpers/world.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VITEST = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));

/** Every live process whose environment holds `marker`, with its command line. */
function processesMarked(marker: string): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(`${MARKER_VARIABLE}=${marker}`)) continue;
      found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'latin1').replaceAll('\0', ' ').trim() });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

it('test files whose tests fail, throw, time out or have their worker terminated leave no process behind', {
  timeout: 60_000,
}, async () => {
  const marker = randomUUID();
  // The child is a vitest of its own, not a worker of this one.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'FORCE_COLOR'),
  ) as Record<string, string>;
  const child = trackChild(
    spawn(
      process.execPath,
      [VITEST, 'run', '--config', 'test/fixtures-failing/vitest.config.ts', '--reporter', 'dot', '--no-file-parallelism'],
      { cwd: ROOT, env: { ...env, NO_COLOR: '1', [MARKER_VARIABLE]: marker }, stdio: ['ignore', 'pipe', 'pipe'] },
    ),
    'vitest run test/fixtures-failing',
  );
  try {
    const run = await finished(child, 50_000);
    const output = run.stdout + run.stderr;
    // The failing tests did run, and failed as written; the fourth one's worker was terminated.
    expect(run.code, output).toBe(1);
    expect(output).toMatch(/Tests\s+3 failed \(4\)/);
    expect(output).toContain('Worker exited unexpectedly');
    // The three were cleaned up by the afterEach of test/setup/teardown.ts, not only by the worker's end.
    expect(output).toMatch(
      /teardown: "fails an assertion with a daemon and a subscriber running" left running, now ended: owm2mqtt \(pid \d+\), mosquitto_sub # \(pid \d+\)/,
    );
    expect(output).toMatch(
      /teardown: "times out with a daemon and a broker of its own running" left running, now ended: owm2mqtt \(pid \d+\), mosquitto on port \d+ \(pid \d+\)/,
    );
    expect(output).toMatch(/teardown: "throws synchronously right after spawning" left running, now ended: owm2mqtt \(pid \d+\)/);
    // SIGKILL is delivered at once, but a process takes a moment to be gone from /proc.
    await until(() => processesMarked(marker).length === 0, 2000).catch(() => undefined);
    expect(processesMarked(marker)).toEqual([]);
  } finally {
    // This test must not leak either, when it fails.
    for (const { pid } of processesMarked(marker)) process.kill(pid, 'SIGKILL');
  }
});
