import { runWatch } from '../watch/watch.js';
import type { CommandContext } from './context.js';

/** `owm2mqtt watch`: what the broker holds under TOPIC_PREFIX, live, until Ctrl-C. */
export function watch({ config, log, stdout }: CommandContext): Promise<number> {
  return runWatch({ config, log, out: stdout });
}
