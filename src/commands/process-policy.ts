import type { Logger } from '../core/log.js';

/** 128 + the signal's number, as a shell reports a death by that signal (docs/errors.md). */
export const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT;

/** What a command may ask of the process: given to commands, so a test can pass its own. */
export interface ProcessPolicy {
  /** Calls `stop` at the first SIGTERM, SIGINT or SIGHUP; a second one exits at once. */
  onStopSignal(stop: (signal: StopSignal) => void, log: Logger): void;
  /** A long-running service must not die of one unexpected error: it says it, and keeps serving. */
  keepRunningOnUnexpectedErrors(log: Logger): void;
  /** Past `ms`, says so and exits with `code`, whatever is still pending; returns the cancel. */
  hardDeadline(ms: number, code: number, log: Logger): () => void;
  /** Done: a socket or timer some library failed to release must not keep a one-shot run alive. */
  exitSoon(code: number): void;
}

export const processPolicy: ProcessPolicy = {
  onStopSignal(stop, log) {
    let signals = 0;
    const onSignal = (signal: StopSignal) => {
      signals++;
      if (signals > 1) {
        log.warn(`${signal} again: exiting now`);
        process.exit(SIGNAL_EXIT[signal]);
      }
      stop(signal);
    };
    for (const signal of Object.keys(SIGNAL_EXIT) as StopSignal[]) process.on(signal, () => onSignal(signal));
  },
  keepRunningOnUnexpectedErrors(log) {
    process.on('unhandledRejection', (reason) => log.error(`unexpected error (kept running): ${describe(reason)}`));
    process.on('uncaughtException', (error) => log.error(`unexpected error (kept running): ${describe(error)}`));
  },
  hardDeadline(ms, code, log) {
    const timer = setTimeout(() => {
      log.error(`gave up after ${ms} ms (ONCE_DEADLINE_MS + MQTT_TIMEOUT_MS): the broker or OpenWeatherMap did not finish in time`);
      process.exit(code);
    }, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
  exitSoon(code) {
    setTimeout(() => process.exit(code), 1000).unref();
  },
};

function describe(reason: unknown): string {
  return reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
}
