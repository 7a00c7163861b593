import type { Clock } from '../schedule/clock.js';
import { isUnderPrefix, MEMBER_STATUS_LEAVES } from '../topics/aggregate.js';
import type { AlertRule } from './alert-rules.js';
import { type AlertChange, AlertMachine, type AlertReason, type AlertState } from './alerts.js';
import { parseAvailability } from './availability.js';
import { type GroupStats, groupStats } from './group.js';
import { Member, type MemberPeriod } from './member.js';
import { parseReading } from './payload.js';
import { type QuantityLimits, quantityLimits } from '../quantities/plausible-ranges.js';
import { emptyCounts, OncePerKey, REFUSALS_FULL_LINE, type RefusalCounts, refusalLine } from './refusals.js';
import { memberOf, type Source } from './sources.js';

/** A member silent (and left out) this long is forgotten: no longer listed, its place under the cap freed. */
export const FORGET_AFTER_MS = 24 * 3_600_000;

export interface EngineOptions {
  readonly sources: readonly Source[];
  readonly rules: readonly AlertRule[];
  /** `AGG_PREFIX`: messages under it are the aggregator's own, never read. */
  readonly prefix: string;
  readonly maxMembers: number;
  /** `AGG_STALE_S` in ms, or undefined for the adaptive limit; a source's `@` wins. */
  readonly staleMs: number | undefined;
  readonly clock: Pick<Clock, 'now' | 'monotonic'>;
  readonly log: { warn(line: string): void; info(line: string): void };
}

export interface AlertEvent {
  readonly rule: AlertRule;
  readonly member: string;
  readonly state: AlertState;
  readonly reason: AlertReason;
  /** The value that decided it (absent when the member went stale or offline). */
  readonly value?: number;
  /** Wall-clock ms of the change. */
  readonly since: number;
}

export interface GroupReport extends GroupStats {
  readonly source: Source;
  /** Payloads refused since the start, by reason. */
  readonly refused: RefusalCounts;
}

export interface PeriodReport {
  /** Wall-clock ms of the period's end. */
  readonly at: number;
  readonly windowMs: number;
  readonly groups: readonly GroupReport[];
  /** The alert changes the period's end made (durations reached, members gone stale). */
  readonly alerts: readonly AlertEvent[];
  /** Every alert raised now. */
  readonly raised: readonly AlertEvent[];
}

interface Tracked {
  readonly member: Member;
  readonly alerts: readonly AlertMachine[];
}

interface Group {
  readonly source: Source;
  readonly limits: QuantityLimits;
  readonly rules: readonly AlertRule[];
  readonly members: Map<string, Tracked>;
  /** Members whose status said `offline` before their first value. */
  readonly offlineBeforeValue: Set<string>;
  readonly refused: RefusalCounts;
}

interface Route {
  readonly group: Group;
  readonly member: string;
  readonly status: boolean;
}

const NO_EVENTS: readonly AlertEvent[] = Object.freeze([]);

/**
 * The aggregator's state, fed one message at a time and closed once per period. No I/O: the
 * clock is injected, what it has to say goes to `log`, what it decides is returned.
 */
export class Aggregation {
  private readonly groups: Group[];
  private readonly routes = new Map<string, readonly Route[]>();
  private readonly maxRoutes: number;
  private readonly logged = new OncePerKey(10_000);
  private readonly raised = new Map<string, AlertEvent>();
  private readonly newMembers: { source: Source; member: string }[] = [];
  private members = 0;
  private warnedCap = false;
  private saidOwn = false;
  private lastClose: number;

  constructor(private readonly options: EngineOptions) {
    this.groups = options.sources.map((source) => ({
      source,
      limits: quantityLimits(source.quantity),
      rules: options.rules.filter((rule) => rule.source === source),
      members: new Map(),
      offlineBeforeValue: new Set(),
      refused: emptyCounts(),
    }));
    this.maxRoutes = 4 * options.maxMembers + 1000;
    this.lastClose = options.clock.monotonic();
  }

  /** One message from the broker. Returns the alert changes it made (usually none). */
  accept(topic: string, payload: Uint8Array | string, retained: boolean): readonly AlertEvent[] {
    if (isUnderPrefix(topic, this.options.prefix)) {
      this.ownOutput(topic);
      return NO_EVENTS;
    }
    let routes = this.routes.get(topic);
    if (routes === undefined) {
      routes = this.route(topic);
      if (this.routes.size < this.maxRoutes) this.routes.set(topic, routes);
    }
    let events: AlertEvent[] | undefined;
    for (const route of routes) {
      const made = route.status ? this.status(route, payload) : this.reading(topic, route, payload, retained);
      if (made.length > 0) (events ??= []).push(...made);
    }
    return events ?? NO_EVENTS;
  }

  /** Ends the period: every group's report, and the alerts its end changed. */
  close(): PeriodReport {
    const at = this.options.clock.monotonic();
    const wall = this.options.clock.now();
    const windowMs = at - this.lastClose;
    this.lastClose = at;
    const alerts: AlertEvent[] = [];
    const groups = this.groups.map((group): GroupReport => {
      const periods: MemberPeriod[] = [];
      for (const [name, tracked] of group.members) {
        const period = tracked.member.close(at);
        periods.push(period);
        const value = tracked.member.current(at);
        for (const machine of tracked.alerts) {
          const change = value !== undefined ? machine.evaluate(value, at) : machine.gone(period.state === 'offline' ? 'offline' : 'stale');
          if (change) alerts.push(this.event(machine, name, change, value, wall));
        }
        if (period.state !== 'fresh' && tracked.member.silentFor(at) > FORGET_AFTER_MS) {
          group.members.delete(name);
          this.members--;
        }
      }
      return { source: group.source, refused: { ...group.refused }, ...groupStats(periods) };
    });
    return { at: wall, windowMs, groups, alerts, raised: [...this.raised.values()] };
  }

  /** The members seen for the first time since the last call (for Home Assistant discovery). */
  takeNewMembers(): { source: Source; member: string }[] {
    return this.newMembers.splice(0);
  }

  memberCount(): number {
    return this.members;
  }

  private route(topic: string): Route[] {
    const levels = topic.split('/');
    const routes: Route[] = [];
    for (const group of this.groups) {
      const member = memberOf(group.source, levels);
      if (member !== undefined) routes.push({ group, member, status: false });
      else if (isStatus(group.source, levels)) routes.push({ group, member: levels[group.source.before.length]!, status: true });
    }
    return routes;
  }

  private reading(topic: string, route: Route, payload: Uint8Array | string, retained: boolean): readonly AlertEvent[] {
    const { group } = route;
    const reading = parseReading(payload, group.source.key, group.limits);
    if (typeof reading === 'string') {
      group.refused[reading]++;
      const said = this.logged.note(`${group.source.name}\0${route.member}\0${reading}`);
      if (said === 'first') this.options.log.warn(refusalLine(topic, reading, payload));
      else if (said === 'full') this.options.log.warn(REFUSALS_FULL_LINE);
      return NO_EVENTS;
    }
    const tracked = group.members.get(route.member) ?? this.add(group, route.member, topic);
    if (!tracked) return NO_EVENTS;
    const at = this.options.clock.monotonic();
    if (!tracked.member.receive(reading, at, retained) || tracked.member.isOffline()) return NO_EVENTS;
    let events: AlertEvent[] | undefined;
    for (const machine of tracked.alerts) {
      const change = machine.evaluate(reading, at);
      if (change) (events ??= []).push(this.event(machine, route.member, change, reading, this.options.clock.now()));
    }
    return events ?? NO_EVENTS;
  }

  private status({ group, member }: Route, payload: Uint8Array | string): readonly AlertEvent[] {
    const said = parseAvailability(payload);
    const tracked = group.members.get(member);
    const at = this.options.clock.monotonic();
    if (said === 'online') {
      group.offlineBeforeValue.delete(member);
      tracked?.member.goOnline(at);
      return NO_EVENTS;
    }
    if (said !== 'offline') return NO_EVENTS;
    if (!tracked) {
      if (group.offlineBeforeValue.size < this.options.maxMembers) group.offlineBeforeValue.add(member);
      return NO_EVENTS;
    }
    tracked.member.goOffline(at);
    const events: AlertEvent[] = [];
    for (const machine of tracked.alerts) {
      const change = machine.gone('offline');
      if (change) events.push(this.event(machine, member, change, undefined, this.options.clock.now()));
    }
    return events;
  }

  private add(group: Group, name: string, topic: string): Tracked | undefined {
    if (this.members >= this.options.maxMembers) {
      if (!this.warnedCap) {
        this.warnedCap = true;
        this.options.log.warn(
          `AGG_MAX_MEMBERS (${this.options.maxMembers}) reached: ${topic} and every other new member are ignored until some are forgotten (after 24 h of silence); raise AGG_MAX_MEMBERS if you have that many`,
        );
      }
      return undefined;
    }
    const at = this.options.clock.monotonic();
    const member = new Member(name, group.source.staleMs ?? this.options.staleMs, at);
    if (group.offlineBeforeValue.delete(name)) member.goOffline(at);
    const tracked = { member, alerts: group.rules.map((rule) => new AlertMachine(rule)) };
    group.members.set(name, tracked);
    this.members++;
    this.newMembers.push({ source: group.source, member: name });
    return tracked;
  }

  private event(machine: AlertMachine, member: string, change: AlertChange, value: number | undefined, since: number): AlertEvent {
    const event: AlertEvent = { rule: machine.rule, member, ...change, ...(value === undefined ? {} : { value }), since };
    const key = `${machine.rule.source.name}\0${machine.rule.id}\0${member}`;
    if (change.state === 'raised') this.raised.set(key, event);
    else this.raised.delete(key);
    return event;
  }

  private ownOutput(topic: string): void {
    if (this.saidOwn) return;
    this.saidOwn = true;
    this.options.log.info(`${topic} and every other topic under ${this.options.prefix}/ are the aggregator's own outputs: never read back`);
  }
}

function isStatus(source: Source, levels: readonly string[]): boolean {
  const { before } = source;
  if (levels.length !== before.length + 2) return false;
  if (!(MEMBER_STATUS_LEAVES as readonly string[]).includes(levels.at(-1)!)) return false;
  for (let i = 0; i < before.length; i++) if (levels[i] !== before[i]) return false;
  return true;
}
