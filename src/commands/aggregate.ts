import { startAggregate, type RunningAggregate } from '../aggregate/command.js';
import { liveAggregatePort } from '../aggregate/mqtt-port.js';
import { parseAggregateSettings } from '../aggregate/settings.js';
import { EXIT, messageOf } from '../core/errors.js';
import { systemClock } from '../schedule/clock.js';
import type { CommandContext } from './context.js';
import { SIGNAL_EXIT } from './process-policy.js';

/** `owm2mqtt aggregate`: the means and alerts of AGG_SOURCES, republished every AGG_PERIOD_S, until SIGTERM or SIGINT (exit 0). */
export function aggregate({ config, log, policy, clock, stdout, version }: CommandContext): Promise<number> {
  const parsed = parseAggregateSettings(config.aggregate);
  if (!parsed.ok) {
    log.error(`the configuration has ${parsed.problems.length} problem(s); nothing was published:`);
    for (const problem of parsed.problems) log.error(`  - ${problem}`);
    return Promise.resolve(EXIT.CONFIG);
  }
  const { settings } = parsed;
  // Its row's mode gives it a default client id of its own (owm2mqtt-<host>-aggregate), beside the bridge's.
  const port = liveAggregatePort(config.mqtt, settings.prefix, settings.qos, log);
  let running: RunningAggregate | undefined;
  let stopping = false;
  return new Promise<number>((resolve) => {
    policy.onStopSignal((signal) => {
      stopping = true;
      log.info(`${signal} received: publishing ${settings.prefix}/status offline, then stopping`);
      const code = signal === 'SIGHUP' ? SIGNAL_EXIT.SIGHUP : EXIT.OK;
      Promise.resolve(running?.stop())
        .then(() => port.end())
        .then(
          () => resolve(code),
          (error: unknown) => {
            log.error(`stopping failed: ${messageOf(error)}`);
            resolve(EXIT.BROKER);
          },
        );
    }, log);
    policy.keepRunningOnUnexpectedErrors(log);
    port
      .connect()
      .then(async () => {
        if (stopping) return;
        running = await startAggregate({
          settings,
          port,
          clock: clock ?? systemClock,
          log,
          screen: { isTTY: stdout.isTTY === true, write: (text) => void stdout.write(text) },
          discovery: config.homeAssistant.enabled ? { haPrefix: config.homeAssistant.prefix, version } : undefined,
        });
      })
      .catch((error: unknown) => {
        log.error(messageOf(error));
        resolve(EXIT.BROKER);
      });
  });
}
