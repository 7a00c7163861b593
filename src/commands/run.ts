import { cronSchedule, Daemon } from '../bridge/daemon.js';
import { EXIT, messageOf } from '../core/errors.js';
import { SIGNAL_EXIT } from './process-policy.js';
import { quotaWarnings } from '../bridge/quota.js';
import type { CommandContext } from './context.js';

/** `owm2mqtt` / `owm2mqtt run`: the daemon, until SIGTERM, SIGINT (exit 0) or SIGHUP (exit 129). */
export function run({ config, log, version, userAgent, policy, clock, onFirstSuccess }: CommandContext): Promise<number> {
  const forecastIntervalMs = config.owm.forecast ? config.owm.forecastIntervalMs : undefined;
  for (const warning of quotaWarnings(config.schedule, config.owm.locations.length, config.owm.airQuality ? 2 : 1, forecastIntervalMs))
    log.warn(`${warning}. Going on as configured.`);
  const schedule = clock === undefined ? undefined : cronSchedule(config.schedule, { log, clock });
  const daemon = new Daemon({ config, log, userAgent, version, schedule, onFirstSuccess });
  return new Promise<number>((resolve) => {
    policy.onStopSignal((signal) => {
      // SIGHUP (a closed terminal, `systemctl kill -s HUP`) stops like SIGTERM, but exits non-zero so systemd restarts it.
      const hangUp = signal === 'SIGHUP';
      log.info(
        hangUp
          ? `SIGHUP received: finishing the current poll, then stopping with exit code ${SIGNAL_EXIT.SIGHUP} (under systemd: restarted, settings read again)`
          : `${signal} received: finishing the current poll, then stopping`,
      );
      daemon.stop().then(
        () => resolve(hangUp ? SIGNAL_EXIT.SIGHUP : EXIT.OK),
        (error: unknown) => {
          log.error(`stopping failed: ${messageOf(error)}`);
          resolve(EXIT.SOME_LOCATIONS_FAILED);
        },
      );
    }, log);
    policy.keepRunningOnUnexpectedErrors(log);
    daemon.start();
  });
}
