import { topic } from './levels.js';

/** `P/bridge/status`: `online` / `offline`, retained. */
export function statusTopic(prefix: string): string {
  return topic(prefix, 'bridge', 'status');
}
