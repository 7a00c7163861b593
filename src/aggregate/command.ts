import { messageOf } from '../core/errors.js';
import { memberStatusFilters } from '../topics/aggregate.js';
import { type AggregateDiscoverySettings, groupDiscovery, memberDiscovery } from './discovery.js';
import { Aggregation, type AlertEvent } from './engine.js';
import { alertLine, renderLines, renderTable } from './house-table.js';
import { alertLogLine, alertMessage, type OutputOptions, Published, periodMessages, statusMessage } from './outputs.js';
import { nextBoundary } from './period.js';
import type { AggregateClock, AggregatePort, IncomingMessage, OutgoingMessage, Screen } from './ports.js';
import { PublishQueue } from './publish-queue.js';
import type { AggregateSettings } from './settings.js';
import type { Source } from './sources.js';
import { payloadText } from './text.js';

export interface AggregateLog {
  warn(line: string): void;
  info(line: string): void;
  debug(line: string): void;
}

export interface AggregateCommandOptions {
  readonly settings: AggregateSettings;
  readonly port: AggregatePort;
  readonly clock: AggregateClock;
  readonly log: AggregateLog;
  readonly screen: Screen;
  /** With `HA_DISCOVERY=true`: Home Assistant's discovery prefix, and the version to announce. */
  readonly discovery?: { readonly haPrefix: string; readonly version: string };
}

export interface RunningAggregate {
  /** The state, for tests and the bench. */
  readonly aggregation: Aggregation;
  /** Stops the periods, publishes `offline` on `P/status` and waits until the queue is sent. */
  stop(): Promise<void>;
}

/**
 * `owm2mqtt aggregate`: subscribe to the sources and the members' availability; each message goes
 * through the payload parser into its member's window; every `AGG_PERIOD_S`, on the clock's
 * boundaries, the means, summaries and alert changes are published and the house table drawn.
 * Alert changes a message makes are published at once. Written against `AggregatePort`, not
 * mqtt.js: the session (its Last Will, its reconnects) is the adapter's.
 */
export async function startAggregate(options: AggregateCommandOptions): Promise<RunningAggregate> {
  const { settings, port, clock, log, screen } = options;
  const output: OutputOptions = { prefix: settings.prefix, qos: settings.qos, retain: settings.retain };
  const aggregation = new Aggregation({
    sources: settings.sources,
    rules: settings.alerts,
    prefix: settings.prefix,
    maxMembers: settings.maxMembers,
    staleMs: settings.staleMs,
    clock,
    log,
  });
  const queue = new PublishQueue(
    (messages) => port.publish(messages),
    (error) => log.warn(`publishing to the broker failed (${messageOf(error)}): the latest values are kept and sent with the next period`),
  );
  const published = new Published();
  const discovery: AggregateDiscoverySettings | undefined = options.discovery && {
    haPrefix: options.discovery.haPrefix,
    prefix: settings.prefix,
    qos: settings.qos,
    periodS: settings.periodMs / 1000,
    version: options.discovery.version,
  };
  const announced: { source: Source; member: string }[] = [];
  const haStatus = discovery && `${discovery.haPrefix}/status`;
  const tty = screen.isTTY === true;

  const announceNewMembers = () => {
    if (!discovery) return;
    const fresh = aggregation.takeNewMembers();
    if (fresh.length === 0) return;
    announced.push(...fresh);
    queue.push(fresh.flatMap(({ source, member }) => memberDiscovery(source, member, settings.alerts, discovery)));
  };
  const announceAll = () => {
    if (!discovery) return;
    queue.push([
      ...groupDiscovery(settings.sources, discovery),
      ...announced.flatMap(({ source, member }) => memberDiscovery(source, member, settings.alerts, discovery)),
    ]);
  };
  const alerts = (events: readonly AlertEvent[]) => {
    if (events.length === 0) return;
    queue.push(events.map((event) => alertMessage(event, output)));
    for (const event of events) {
      if (event.reason === 'start') continue;
      if (event.state === 'raised') log.warn(alertLogLine(event));
      else log.info(alertLogLine(event));
      if (!tty) screen.write(`${alertLine(event)}\n`);
    }
  };
  const onMessage = (message: IncomingMessage) => {
    if (message.topic === haStatus) {
      if (payloadText(message.payload).trim() === 'online') announceAll();
      return;
    }
    alerts(aggregation.accept(message.topic, message.payload, message.retained));
    announceNewMembers();
  };

  let timer: unknown;
  let lastBoundary: number | undefined;
  let stopped = false;
  const schedule = () => {
    const now = clock.now();
    lastBoundary = nextBoundary(now, settings.periodMs, lastBoundary);
    timer = clock.setTimeout(tick, lastBoundary - now);
  };
  const tick = () => {
    if (stopped) return;
    const report = aggregation.close();
    queue.push(periodMessages(report, output, published));
    alerts(report.alerts);
    if (tty) screen.write(`\x1b[2J\x1b[H${renderTable(report)}\n`);
    else for (const line of renderLines(report)) screen.write(`${line}\n`);
    schedule();
  };

  queue.push([statusMessage(settings.prefix, 'online', settings.qos)]);
  announceAll();
  const filters = [
    ...new Set([
      ...settings.sources.map((s) => s.filter),
      ...settings.sources.flatMap((s) => memberStatusFilters(s)),
      ...(haStatus ? [haStatus] : []),
    ]),
  ];
  await port.subscribe(filters, onMessage);
  log.info(
    `aggregating ${settings.sources.map((s) => s.name).join(', ')} every ${settings.periodMs / 1000} s under ${settings.prefix}/` +
      (settings.alerts.length > 0 ? `, ${settings.alerts.length} alert rule(s)` : ''),
  );
  schedule();

  return {
    aggregation,
    async stop() {
      stopped = true;
      clock.clearTimeout(timer);
      queue.push([statusMessage(settings.prefix, 'offline', settings.qos)]);
      await queue.flushed();
    },
  };
}

export type { OutgoingMessage };
