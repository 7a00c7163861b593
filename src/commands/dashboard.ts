import { runDashboard } from '../dashboard/command.js';
import type { CommandContext } from './context.js';

/** `owm2mqtt dashboard`: the web page with history, until SIGTERM or SIGINT (exit 0), or SIGHUP (exit 129). */
export function dashboard({ config, log, policy, onFirstSuccess }: CommandContext): Promise<number> {
  policy.keepRunningOnUnexpectedErrors(log);
  return runDashboard({
    config,
    log,
    onStopSignal: (stop) => policy.onStopSignal(stop, log),
    onServing: onFirstSuccess,
  });
}
