import { randomBytes } from 'node:crypto';
import { EXIT, messageOf } from '../core/errors.js';
import { systemClock } from '../schedule/clock.js';
import { startSimulation } from '../simulate/command.js';
import { liveBrokerPort } from '../simulate/mqtt-port.js';
import { parseSimSettings } from '../simulate/settings.js';
import type { CommandContext } from './context.js';
import { SIGNAL_EXIT } from './process-policy.js';

/** `owm2mqtt simulate`: the rooms of SIM_ROOMS, each its own MQTT client, until SIGTERM or SIGINT (exit 0). */
export function simulate({ config, log, policy, clock }: CommandContext): Promise<number> {
  const parsed = parseSimSettings({ ...config.home, ...config.simulate });
  if (!parsed.ok) {
    log.error(`the configuration has ${parsed.problems.length} problem(s); nothing was published:`);
    for (const problem of parsed.problems) log.error(`  - ${problem}`);
    return Promise.resolve(EXIT.CONFIG);
  }
  const { settings } = parsed;
  const broker = liveBrokerPort(config.mqtt, log, `${settings.clientIdPrefix}outdoor-reader`);
  const simulation = startSimulation(settings, {
    broker,
    clock: clock ?? systemClock,
    log,
    newSeed: () => randomBytes(6).toString('hex'),
  });
  return new Promise<number>((resolve) => {
    policy.onStopSignal((signal) => {
      log.info(`${signal} received: every room says offline, then stopping`);
      simulation.stop().then(
        () => resolve(signal === 'SIGHUP' ? SIGNAL_EXIT.SIGHUP : EXIT.OK),
        (error: unknown) => {
          log.error(`stopping failed: ${messageOf(error)}`);
          resolve(EXIT.BROKER);
        },
      );
    }, log);
    policy.keepRunningOnUnexpectedErrors(log);
  });
}
