/** When polls happen. `cronSchedule` in production; tests drive polls themselves. */
export interface Schedule {
  /** Calls `tick` on every scheduled time until stopped. */
  start(tick: () => void): void;
  stop(): Promise<void> | void;
  /** The time of the next tick (ms since epoch), if known. */
  nextRun(): number | undefined;
  /** The usual time between two ticks, the unit of the 401 slow-down. */
  intervalMs(): number;
}
