import { aggregatorStatusTopic, alertTopic, groupTopic, memberTopic, summaryTopic } from '../topics/aggregate.js';
import { ruleText } from './alert-rules.js';
import type { AlertEvent, GroupReport, PeriodReport } from './engine.js';
import type { OutgoingMessage, Qos } from './ports.js';
import { quantityLimits } from '../quantities/plausible-ranges.js';
import { nonZero } from './refusals.js';

export interface OutputOptions {
  readonly prefix: string;
  readonly qos: Qos;
  /** `AGG_RETAIN`: the means and summaries. Alerts and `P/status` are always retained. */
  readonly retain: boolean;
}

/** A plain number rounded to `decimals`: never `NaN`, `-0` or an exponent. */
export function formatNumber(value: number, decimals: number): string {
  const rounded = Number(value.toFixed(decimals));
  return rounded === 0 ? '0' : String(rounded);
}

/** Rounded to `decimals`, as a number for JSON. */
function round(value: number, decimals: number): number {
  const rounded = Number(value.toFixed(decimals));
  return rounded === 0 ? 0 : rounded;
}

/** ISO time to the second. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The plain topics that hold a value now, so that a group or a member that leaves is cleared once
 * (an empty retained message) rather than left showing its last mean.
 */
export class Published {
  private readonly topics = new Set<string>();

  value(topic: string, payload: string, options: OutputOptions): OutgoingMessage {
    this.topics.add(topic);
    return { topic, payload, retain: options.retain, qos: options.qos };
  }

  /** The clear of `topic`, or undefined when it holds nothing of ours. */
  clear(topic: string, options: OutputOptions): OutgoingMessage | undefined {
    if (!this.topics.delete(topic)) return undefined;
    return { topic, payload: '', retain: options.retain, qos: options.qos };
  }
}

export function summaryPayload(group: GroupReport, at: number, windowMs: number): string {
  const decimals = quantityLimits(group.source.quantity).decimals;
  const r = (value: number) => round(value, decimals);
  const stats = group.mean === undefined ? {} : { mean: r(group.mean), min: r(group.min!), max: r(group.max!) };
  const members = Object.fromEntries(
    group.used.map((m) => [
      m.name,
      { mean: r(m.mean!), min: r(m.min!), max: r(m.max!), samples: m.samples, ...(m.retained ? { retained: true } : {}) },
    ]),
  );
  return JSON.stringify({
    ...stats,
    count: group.count,
    used: group.used.map((m) => m.name),
    stale: group.stale,
    offline: group.offline,
    members,
    refused: nonZero(group.refused),
    window_s: Math.round(windowMs / 1000),
    at: isoSeconds(at),
  });
}

/** Everything one period publishes: per group its mean, its members' means and its summary, clears where values left. */
export function periodMessages(report: PeriodReport, options: OutputOptions, published: Published): OutgoingMessage[] {
  const messages: OutgoingMessage[] = [];
  const push = (message: OutgoingMessage | undefined) => {
    if (message) messages.push(message);
  };
  for (const group of report.groups) {
    const { source } = group;
    const decimals = quantityLimits(source.quantity).decimals;
    const topic = groupTopic(options.prefix, source);
    push(group.mean === undefined ? published.clear(topic, options) : published.value(topic, formatNumber(group.mean, decimals), options));
    for (const member of group.used)
      push(published.value(memberTopic(options.prefix, source, member.name), formatNumber(member.mean!, decimals), options));
    for (const name of [...group.stale, ...group.offline]) push(published.clear(memberTopic(options.prefix, source, name), options));
    messages.push({
      topic: summaryTopic(options.prefix, source),
      payload: summaryPayload(group, report.at, report.windowMs),
      retain: options.retain,
      qos: options.qos,
      json: true,
    });
  }
  return messages;
}

export function alertPayload(event: AlertEvent): string {
  const { rule } = event;
  const decimals = quantityLimits(rule.source.quantity).decimals;
  return JSON.stringify({
    state: event.state,
    member: event.member,
    rule: ruleText(rule),
    op: rule.op,
    threshold: rule.threshold,
    hysteresis: rule.hysteresis,
    ...(event.value === undefined ? {} : { value: round(event.value, decimals) }),
    reason: event.reason,
    since: isoSeconds(event.since),
  });
}

export function alertMessage(event: AlertEvent, options: OutputOptions): OutgoingMessage {
  return {
    topic: alertTopic(options.prefix, event.rule.source, event.member, event.rule.id),
    payload: alertPayload(event),
    retain: true,
    qos: options.qos,
    json: true,
  };
}

/** One log line per alert change (the start state is not logged). */
export function alertLogLine(event: AlertEvent): string {
  const { rule } = event;
  const value =
    event.value === undefined
      ? `member ${event.reason}`
      : `value ${formatNumber(event.value, quantityLimits(rule.source.quantity).decimals)}`;
  const what = `${rule.source.name} ${event.member} ${rule.op} ${rule.threshold}`;
  return event.state === 'raised' ? `alert raised: ${what} (${value})` : `alert cleared: ${what} (${value})`;
}

export function statusMessage(prefix: string, state: 'online' | 'offline', qos: Qos): OutgoingMessage {
  return { topic: aggregatorStatusTopic(prefix), payload: state, retain: true, qos };
}
