import type { Logger } from '../core/log.js';
import { scheduleLoad } from './load.js';
import { systemClock, type Clock } from './clock.js';
import { parseCron } from './cron-fields.js';
import type { Schedule } from './schedule.js';
import { nextSlot } from './slots.js';
import { Ticker } from './ticker.js';
import { localZone, timeZone } from './zone.js';

export type { Schedule } from './schedule.js';
export type { Clock } from './clock.js';

export interface CronScheduleOptions {
  /** Where clock steps and late polls are told; silent without one. */
  readonly log?: Pick<Logger, 'info' | 'warn'>;
  readonly clock?: Clock;
  /** An IANA zone; by default TZ, or the system's. */
  readonly timeZone?: string;
  readonly maxSleepMs?: number;
}

const silent = { info: () => undefined, warn: () => undefined };

/**
 * SCHEDULE's polls, timed by us: node-cron only reads the expression. (Its own timer stops for as
 * long as the clock steps back, drops late ticks with a coloured line per missed time, and leaves
 * a 70-minute gap at the autumn DST change.)
 */
export function cronSchedule(expression: string, options: CronScheduleOptions = {}): Schedule {
  const fields = parseCron(expression);
  const zone = options.timeZone === undefined ? localZone() : timeZone(options.timeZone);
  const ticker = new Ticker({
    clock: options.clock ?? systemClock,
    log: options.log ?? silent,
    maxSleepMs: options.maxSleepMs,
    nextSlot: (after) => nextSlot(fields, zone, after),
  });
  return {
    // No overlap guard here: the daemon joins a poll still running, and stays quiet about it.
    start: (tick) => ticker.start(tick),
    stop: () => ticker.stop(),
    nextRun: () => ticker.nextRun(),
    // The average gap: for an irregular schedule (`1,2 * * * *`) the next gap alone says little.
    intervalMs: () => Math.round(86_400_000 / scheduleLoad(expression).pollsPerDay),
  };
}
