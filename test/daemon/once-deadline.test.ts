/**
 * `--once`'s overall deadline as the process policy keeps it, on a clock the test moves: nothing
 * at ONCE_DEADLINE_MS + MQTT_TIMEOUT_MS minus 1 ms, then its line and the exit code the command
 * gave (3: test/commands/commands.test.ts holds the arguments), and nothing at all once cancelled.
 * The built program's own run to that exit is test/mqtt/once-hard-deadline.test.ts.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { processPolicy } from '../../src/commands/process-policy.js';
import { createLogger } from '../../src/core/log.js';

const HARD_DEADLINE_MS = 60_000 + 3000;
const LINE = `ERROR gave up after ${HARD_DEADLINE_MS} ms (ONCE_DEADLINE_MS + MQTT_TIMEOUT_MS): the broker or OpenWeatherMap did not finish in time`;

let lines: string[];
let exits: (string | number | null | undefined)[];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  lines = [];
  exits = [];
  vi.spyOn(process, 'exit').mockImplementation((code) => void exits.push(code) as never);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const log = () => createLogger({ level: 'debug', write: (line) => lines.push(line) });

it('exits with its code at the deadline, with its line, not a millisecond before', () => {
  processPolicy.hardDeadline(HARD_DEADLINE_MS, 3, log());
  vi.advanceTimersByTime(HARD_DEADLINE_MS - 1);
  expect(exits).toEqual([]);
  expect(lines).toEqual([]);
  vi.advanceTimersByTime(1);
  expect(exits).toEqual([3]);
  expect(lines).toEqual([LINE]);
});

it('once cancelled (the run ended in time), never exits nor says anything', () => {
  const cancel = processPolicy.hardDeadline(HARD_DEADLINE_MS, 3, log());
  vi.advanceTimersByTime(HARD_DEADLINE_MS - 1);
  cancel();
  vi.advanceTimersByTime(24 * 3_600_000);
  expect(exits).toEqual([]);
  expect(lines).toEqual([]);
});

it('does not itself keep the process alive: its timer is unreferenced', () => {
  const unref = vi.fn();
  const realSetTimeout = globalThis.setTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms: number) => {
    const timer = realSetTimeout(callback, ms);
    return Object.assign(timer, {
      unref: () => {
        unref();
        return timer;
      },
    });
  }) as typeof setTimeout);
  processPolicy.hardDeadline(HARD_DEADLINE_MS, 3, log());
  expect(unref).toHaveBeenCalledTimes(1);
});
