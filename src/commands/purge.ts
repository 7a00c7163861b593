import { runPurge } from '../purge/purge.js';
import type { CommandContext } from './context.js';

/** `owm2mqtt purge` (`--purge`; `--dry-run` lists instead of removing). */
export function purge({ config, log, dryRun, stdout }: CommandContext): Promise<number> {
  return runPurge({ config, log, dryRun, print: (line) => stdout.write(`${line}\n`) });
}
