import { EXIT } from '../core/errors.js';
import { runOnce } from '../bridge/once.js';
import type { CommandContext } from './context.js';

/** `owm2mqtt once` (`--once`; `--dry-run`): one poll of every location, then exit with its code. */
export async function once({ config, log, version, userAgent, dryRun, stdout, policy, onFirstSuccess }: CommandContext): Promise<number> {
  // --once never hangs: past its deadline (plus the broker's grace), it exits.
  const cancel = policy.hardDeadline(config.onceDeadlineMs + config.mqtt.timeoutMs, dryRun ? EXIT.SOME_LOCATIONS_FAILED : EXIT.BROKER, log);
  const code = await runOnce({ config, log, userAgent, version, dryRun, print: (line) => stdout.write(`${line}\n`) });
  cancel();
  if (code === EXIT.OK && !dryRun) onFirstSuccess();
  policy.exitSoon(code);
  return code;
}
