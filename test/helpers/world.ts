import { afterAll, beforeAll, expect } from 'vitest';
import { startBroker, type TestBroker } from './broker.js';
import type { CliRun } from './cli.js';
import { FAKE_KEY } from './env.js';
import { startFakeOwm, type FakeOwm, type Reply } from './fake-owm.js';

/** One Mosquitto and one fake OWM for a whole test file, started before and stopped after it. */
export function useBrokerAndOwm(scripts: Record<string, Reply[]> = {}): { readonly broker: TestBroker; readonly owm: FakeOwm } {
  const world = {} as { broker: TestBroker; owm: FakeOwm };
  beforeAll(async () => {
    world.broker = await startBroker();
    world.owm = await startFakeOwm({ apiKey: FAKE_KEY, scripts });
  });
  afterAll(async () => {
    await world.owm?.close();
    await world.broker?.stop();
  });
  return world;
}

/** Polls `check` until it holds; a check that throws counts as not yet. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (
    !(await Promise.resolve()
      .then(check)
      .catch(() => false))
  ) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The fake key appears nowhere, and an expected failure prints no stack trace. */
export function expectNoSecret(run: CliRun): void {
  expect(run.stdout).not.toContain(FAKE_KEY);
  expect(run.stderr).not.toContain(FAKE_KEY);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}
