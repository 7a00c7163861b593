/** The commands run in-process with injected collaborators: a fake process policy, a fake clock, a string for stdout. */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/context.js';
import { once } from '../../src/commands/once.js';
import { run } from '../../src/commands/run.js';
import { loadConfig, type Config, type Mode } from '../../src/config/index.js';
import { createLogger } from '../../src/core/log.js';
import type { ProcessPolicy, StopSignal } from '../../src/commands/process-policy.js';
import { startBroker, type TestBroker } from '../helpers/broker.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { startFakeOwm, type FakeOwm } from '../helpers/fake-owm.js';
import { until } from '../helpers/world.js';

let broker: TestBroker;
let owm: FakeOwm;
beforeAll(async () => {
  [broker, owm] = await Promise.all([
    startBroker(),
    startFakeOwm({ apiKey: FAKE_KEY, scripts: { 'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }] } }),
  ]);
});
afterAll(async () => {
  await owm?.close();
  await broker?.stop();
});

/** A policy that records what the command asked of the process, and exits nothing. */
function fakePolicy() {
  const asked = {
    deadlines: [] as [number, number][],
    cancelled: 0,
    exits: [] as number[],
    stop: undefined as ((signal: StopSignal) => void) | undefined,
    keptRunning: 0,
  };
  const policy: ProcessPolicy = {
    onStopSignal: (stop) => void (asked.stop = stop),
    keepRunningOnUnexpectedErrors: () => void asked.keptRunning++,
    hardDeadline: (ms, code) => {
      asked.deadlines.push([ms, code]);
      return () => void asked.cancelled++;
    },
    exitSoon: (code) => void asked.exits.push(code),
  };
  return { policy, asked };
}

function context(mode: Mode, more: Record<string, string>, rest: Partial<CommandContext> = {}) {
  const result = loadConfig(baseEnv(owm.url, broker.url, uniquePrefix('command'), { OWM_LOCATIONS: 'Lisbon,PT', ...more }), mode);
  if (!result.ok) throw new Error(result.problems.join('; '));
  const config: Config = result.config;
  const lines: string[] = [];
  let out = '';
  const stdout = new Writable({ write: (chunk: Buffer, _encoding, done) => done(void (out += chunk.toString())) });
  const { policy, asked } = fakePolicy();
  let successes = 0;
  const ctx: CommandContext = {
    config,
    log: createLogger({ level: 'info', write: (line) => lines.push(line) }),
    version: '1.2.3',
    userAgent: 'owm2mqtt-test',
    dryRun: false,
    operands: [],
    stdout,
    policy,
    onFirstSuccess: () => void successes++,
    ...rest,
  };
  return { ctx, asked, lines, out: () => out, successes: () => successes };
}

describe('once', () => {
  it('--dry-run: prints to the stdout it is given, arms and cancels the hard deadline, exits soon with 0, and is no first success', async () => {
    const { ctx, asked, out, successes } = context('once', { ONCE_DEADLINE_MS: '5000' }, { dryRun: true });
    expect(await once(ctx)).toBe(0);
    expect(out()).toContain('/lisbon/temperature\t22.55\tqos=1 retained');
    expect(asked.deadlines).toEqual([[5000 + 3000, 1]]);
    expect(asked.cancelled).toBe(1);
    expect(asked.exits).toEqual([0]);
    expect(successes()).toBe(0);
  });

  it('publishing: a first success once everything is acknowledged; the deadline exits 3', async () => {
    const { ctx, asked, successes } = context('once', {});
    expect(await once(ctx)).toBe(0);
    expect(asked.deadlines).toEqual([[60_000 + 3000, 3]]);
    expect(successes()).toBe(1);
  });
});

describe('run', () => {
  it('polls at start and on the injected clock, a first success once, and stops with 129 on SIGHUP', async () => {
    const clock = new FakeClock(Date.UTC(2030, 0, 1, 12, 0, 0));
    const { ctx, asked, lines, successes } = context('daemon', { SCHEDULE: '*/10 * * * *', PUBLISH_UNCHANGED: 'true' }, { clock });
    const exit = run(ctx);
    await until(() => lines.some((line) => line.includes('lisbon: published 28 messages')));
    expect(successes()).toBe(1);
    // The next poll comes from the fake clock, not the real one: ten minutes pass at once.
    const published = () => lines.filter((line) => line.includes('lisbon: published')).length;
    const before = published();
    clock.advance(600_000);
    await until(() => published() > before);
    expect(successes()).toBe(1);
    expect(asked.keptRunning).toBe(1);
    asked.stop!('SIGHUP');
    expect(await exit).toBe(129);
    expect(lines.some((line) => line.includes('SIGHUP received'))).toBe(true);
  });
});
