import type { Config } from '../config/index.js';
import { EXIT, messageOf } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { LiveSession } from '../mqtt/live-session.js';
import { everythingFilter } from '../topics/contract.js';
import { messageLine } from './line.js';
import { emptyState, record, render } from './table.js';

export interface WatchOptions {
  readonly config: Config;
  readonly log: Logger;
  readonly out: NodeJS.WritableStream & { isTTY?: boolean };
  /** Stop after this long (the demo); without it, at Ctrl-C. */
  readonly forMs?: number;
}

/**
 * `owm2mqtt watch`: subscribes to `P/#` on the configured broker and shows what
 * is there, live: a table redrawn in place on a terminal, one line per message
 * when piped (`topic payload`). Ctrl-C ends it with exit 0; so does a lost connection.
 */
export async function runWatch({ config, log, out, forMs }: WatchOptions): Promise<number> {
  const { mqtt: m, topicPrefix: prefix } = config;
  let closed: () => void = () => undefined;
  const lost = new Promise<void>((resolve) => (closed = resolve));
  const session = new LiveSession({
    ...m,
    clientId: `${m.clientId}-watch`,
    reconnect: false,
    log,
    onClose: () => closed(),
  });
  try {
    await session.connect();
  } catch (error) {
    log.error(messageOf(error));
    return EXIT.BROKER;
  }
  const state = emptyState();
  const tty = out.isTTY === true;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    timer = undefined;
    // Clear the screen and go home: the table updates in place.
    out.write(`\x1b[2J\x1b[H${render(state, prefix)}\n\n${forMs === undefined ? '(Ctrl-C to stop)\n' : ''}`);
  };
  await session.subscribe([everythingFilter(prefix)], ({ topic, payload }) => {
    const text = payload.toString('utf8');
    if (!record(state, prefix, topic, text)) return;
    if (!tty) out.write(`${messageLine(topic, text, tty)}\n`);
    else timer ??= setTimeout(draw, 100);
  });
  if (tty) draw();
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (forMs !== undefined) setTimeout(stop, forMs);
    void lost.then(stop);
  });
  clearTimeout(timer);
  if (tty) draw();
  else out.write(`${render(state, prefix)}\n`);
  await session.end();
  return EXIT.OK;
}
