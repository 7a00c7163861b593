import type { ChildProcess } from 'node:child_process';

/**
 * Every child process (Mosquitto, the built CLI, mosquitto_sub…) and in-process server a test
 * starts is registered here, so that it ends whatever happens to the test:
 * - test/setup/teardown.ts ends, after each test, what that test started and left running, and
 *   after each file what its beforeAll hooks started;
 * - when the worker itself goes (vitest ends its forks with SIGTERM, which skips 'exit' handlers),
 *   every child left is sent SIGKILL before the worker dies.
 * A child that inherits nothing else inherits TEST_PROCESS_MARKER (see spawnEnv), so
 * test/teardown.test.ts can find any process a run left behind.
 */
interface Tracked {
  readonly name: string;
  readonly scope: Scope;
  /** Ends it at once; resolves when it is gone. */
  end(): Promise<void>;
  /** Last resort, synchronous: the worker is exiting. */
  killNow(): void;
}

export type Scope = 'test' | 'file';
const REGISTRY = Symbol.for('owm2mqtt.test.processes');
const HOOKED = Symbol.for('owm2mqtt.test.processes.hooked');

/** One registry per worker process, however many times this module is evaluated in it. */
const state = ((globalThis as { [REGISTRY]?: { tracked: Set<Tracked>; scope: Scope } })[REGISTRY] ??= {
  tracked: new Set(),
  scope: 'file',
});
const tracked = state.tracked;

/** Called by the setup file around each test: what starts in between belongs to that test. */
export function enterTest(): void {
  state.scope = 'test';
}

/** Whether what starts now belongs to the running test or to the file. */
export function currentScope(): Scope {
  return state.scope;
}

/** Ends what the test that just finished left running; returns their names, for the log. */
export async function leaveTest(): Promise<string[]> {
  state.scope = 'file';
  return endAll((item) => item.scope === 'test');
}

/** Ends everything still registered (after a file's afterAll hooks). */
export function endFile(): Promise<string[]> {
  return endAll(() => true);
}

async function endAll(which: (item: Tracked) => boolean): Promise<string[]> {
  const left = [...tracked].filter(which).reverse();
  await Promise.all(left.map((item) => item.end()));
  return left.map((item) => item.name);
}

/**
 * Registers a child process; it leaves the registry when it exits. `scope`: a broker made in
 * beforeAll and restarted by a test stays the file's.
 */
export function trackChild<T extends ChildProcess>(child: T, name = child.spawnfile, scope = state.scope): T {
  if (child.exitCode !== null || child.signalCode !== null) return child;
  const item: Tracked = {
    name: `${name} (pid ${child.pid})`,
    scope,
    end: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
    killNow: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  tracked.add(item);
  child.once('exit', () => tracked.delete(item));
  // A child that failed to spawn never emits 'exit'.
  child.once('error', () => {
    if (child.pid === undefined) tracked.delete(item);
  });
  return child;
}

/**
 * Registers an in-process server; returns its close function, which also unregisters it (calling
 * it twice closes once).
 */
export function trackServer(name: string, close: () => Promise<void>, scope = state.scope): () => Promise<void> {
  let closing: Promise<void> | undefined;
  const item: Tracked = {
    name,
    scope,
    end: () => (closing ??= close().finally(() => tracked.delete(item))),
    killNow: () => undefined, // goes with the worker
  };
  tracked.add(item);
  return item.end;
}

export const MARKER_VARIABLE = 'TEST_PROCESS_MARKER';

/** The environment for a child given an explicit one: it still carries the run's marker, when there is one. */
export function spawnEnv(env: Record<string, string>): Record<string, string> {
  const marker = process.env[MARKER_VARIABLE];
  return marker === undefined ? env : { ...env, [MARKER_VARIABLE]: marker };
}

function killEverythingNow(): void {
  for (const item of tracked) item.killNow();
}

const hooks = globalThis as { [HOOKED]?: true };
if (!hooks[HOOKED]) {
  hooks[HOOKED] = true;
  process.once('exit', killEverythingNow);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killEverythingNow();
      // Then die of the signal, as without this handler.
      process.kill(process.pid, signal);
    });
  }
}
