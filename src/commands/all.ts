import { parseAggregateSettings } from '../aggregate/settings.js';
import { EXIT } from '../core/errors.js';
import { aggregate } from './aggregate.js';
import type { CommandContext } from './context.js';
import { dashboard } from './dashboard.js';
import type { ProcessPolicy, StopSignal } from './process-policy.js';
import { run } from './run.js';

type Part = readonly [name: string, start: (context: CommandContext) => Promise<number>];
const PARTS: readonly Part[] = [
  ['the bridge', run],
  ['the aggregator', aggregate],
  ['the dashboard', dashboard],
];

/**
 * `owm2mqtt all`: the bridge, the aggregator and the dashboard in one process, for a Pi (one
 * Node, one heap, one code cache instead of three). Each keeps its own MQTT session, client id,
 * Will and status; they share the logger and the stop signal: the first SIGTERM, SIGINT or SIGHUP
 * stops all three. One that ends by itself (the dashboard's port taken, the broker refusing the
 * aggregator) stops the others, and the process exits with its code, so that systemd restarts the
 * whole. Otherwise the exit code is the first non-zero one of the three (129 after SIGHUP).
 */
export async function all(context: CommandContext): Promise<number> {
  const { config, log, policy } = context;
  // Checked before anything starts: the aggregator alone would find it only after the bridge had connected.
  const aggregateSettings = parseAggregateSettings(config.aggregate);
  if (!aggregateSettings.ok) {
    log.error(`the configuration has ${aggregateSettings.problems.length} problem(s); nothing was published:`);
    for (const problem of aggregateSettings.problems) log.error(`  - ${problem}`);
    return EXIT.CONFIG;
  }

  const stops: ((signal: StopSignal) => void)[] = [];
  let stopping: StopSignal | undefined;
  const stopAll = (signal: StopSignal) => {
    if (stopping !== undefined) return;
    stopping = signal;
    for (const stop of stops) stop(signal);
  };
  policy.onStopSignal(stopAll, log);
  policy.keepRunningOnUnexpectedErrors(log);
  const shared: ProcessPolicy = {
    ...policy,
    // A part that registers after the stop (the dashboard does once its page is served) is stopped at once.
    onStopSignal: (stop) => {
      stops.push(stop);
      if (stopping !== undefined) stop(stopping);
    },
    keepRunningOnUnexpectedErrors: () => undefined,
  };
  // Its own client id, as `owm2mqtt aggregate` has by default: one id for two sessions would make the broker drop one.
  const aggregateConfig = { ...config, mqtt: { ...config.mqtt, clientId: `${config.mqtt.clientId}-aggregate` } };

  const codes = PARTS.map(([name, start]) =>
    start({
      ...context,
      config: start === aggregate ? aggregateConfig : config,
      policy: shared,
      onFirstSuccess: start === run ? context.onFirstSuccess : () => undefined,
    }).then((code) => {
      if (stopping === undefined) {
        log.error(`${name} ended (exit code ${code}): stopping the others`);
        stopAll('SIGTERM');
        return { code, first: true };
      }
      return { code, first: false };
    }),
  );
  const ended = await Promise.all(codes);
  const cause = ended.find((part) => part.first && part.code !== EXIT.OK);
  return cause?.code ?? ended.find((part) => part.code !== EXIT.OK)?.code ?? EXIT.OK;
}
