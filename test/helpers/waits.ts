import { until } from './world.js';

/**
 * Waits that stand for an event, not for "long enough": a log line a process wrote, or the wall
 * clock reaching a moment the test computed from what it waits for.
 */

/** Waits until `read()` (a process's stderr so far) matches `pattern`; returns the match. */
export async function lineIn(read: () => string, pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
  await until(() => pattern.test(read()), timeoutMs).catch((error: unknown) => {
    throw new Error(`no line matching ${pattern} within ${timeoutMs} ms; so far:\n${read()}`, { cause: error });
  });
  return pattern.exec(read())!;
}

/** The daemon announced its reconnect attempt `attempt` (LOG_LEVEL=debug): it has failed `attempt` times in a row. */
export function reconnectAttempt(read: () => string, attempt: number): Promise<RegExpExecArray> {
  return lineIn(read, new RegExp(`reconnecting to the MQTT broker in (\\d+) ms \\(attempt ${attempt}\\)`));
}

/** Resolves once `Date.now()` is at or past `at` (ms since the epoch). */
export async function wallClockReaches(at: number): Promise<void> {
  while (Date.now() < at) await new Promise((resolve) => setTimeout(resolve, at - Date.now()));
}
