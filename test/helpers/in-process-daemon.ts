import { loadConfig } from '../../src/config/index.js';
import { Daemon, type Schedule } from '../../src/bridge/daemon.js';
import { createLogger } from '../../src/core/log.js';
import { baseEnv } from './env.js';
import { trackServer } from './processes.js';

/** A schedule the test drives: `tick()` is what a cron tick does. */
export interface ManualSchedule extends Schedule {
  tick(): void;
}

export function manualSchedule(): ManualSchedule {
  let onTick: (() => void) | undefined;
  return {
    start: (callback) => void (onTick = callback),
    stop: () => void (onTick = undefined),
    nextRun: () => Date.now() + 60_000,
    intervalMs: () => 60_000,
    tick: () => onTick?.(),
  };
}

/** The real Daemon in this process, on a manual schedule, logging at debug level into `lines`. */
export function inProcessDaemon(owmUrl: string, brokerUrl: string, prefix: string, more: Record<string, string>) {
  const result = loadConfig(baseEnv(owmUrl, brokerUrl, prefix, more), 'daemon');
  if (!result.ok) throw new Error(result.problems.join('; '));
  const lines: string[] = [];
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const write = (line: string) => {
    lines.push(line);
    for (const waiter of waiting.filter((w) => w.pattern.test(line))) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  };
  /** The next line matching `pattern` the daemon logs from now on: the event a test waits for, not a time. */
  const nextLine = (pattern: RegExp) => new Promise<string>((resolve) => waiting.push({ pattern, resolve }));
  const schedule = manualSchedule();
  const daemon = new Daemon({
    config: result.config,
    log: createLogger({ level: 'debug', write }),
    userAgent: 'test',
    schedule,
    stopGraceMs: 300,
  });
  // Stopped with the test whatever happens to it; `stop` stops it and unregisters it.
  const stop = trackServer(`in-process daemon for ${prefix}`, () => daemon.stop());
  return { daemon, lines, nextLine, schedule, stop };
}
