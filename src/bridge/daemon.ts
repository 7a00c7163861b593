import type { Config } from '../config/index.js';
import { LocationHealth } from './health.js';
import type { Logger } from '../core/log.js';
import { Publisher } from '../mqtt/publisher.js';
import { OwmClient } from '../owm/client.js';
import type { PlaceBook } from '../owm/places.js';
import { placeBook, poll, pollSettings, type LocationOutcome } from './poll.js';
import { isoSeconds } from '../core/time.js';
import { cronSchedule, type Schedule } from '../schedule/index.js';
import { localZone } from '../schedule/zone.js';
import {
  BRIDGE_STATUS,
  HA_ONLINE,
  homeAssistantStatusTopic,
  locationTopicsStart,
  observedAtFilter,
  observedAtTopic,
  statusTopic,
} from '../topics/contract.js';
import { errorCountMessage, unchangedMessages } from './mapping.js';
import { compareWithHeld, observedAtSeconds, olderObservationMessage } from '../owm/responses/observation-time.js';
import { messageOf } from '../core/errors.js';
import { ForecastKeeper } from './forecast-keeper.js';

// Where tests and the demo have always found them.
export { cronSchedule, type Schedule } from '../schedule/index.js';

export interface DaemonOptions {
  readonly config: Config;
  readonly log: Logger;
  readonly userAgent: string;
  /** For Home Assistant's device and origin blocks. */
  readonly version?: string;
  readonly schedule?: Schedule;
  /** How long an in-flight poll may go on after a stop signal. */
  readonly stopGraceMs?: number;
  /**
   * Called once, when a location's new observation first reached the broker: by then the daemon
   * has run what a poll runs (the start-up code cache is saved then).
   */
  readonly onFirstSuccess?: () => void;
}

/** The long-running bridge: one MQTT connection, a poll on start and on every `SCHEDULE` tick. */
export class Daemon {
  private readonly publisher: Publisher;
  private readonly client: OwmClient;
  private readonly schedule: Schedule;
  private readonly health = new LocationHealth();
  private readonly forecasts: ForecastKeeper;
  private readonly places: PlaceBook;
  /** The last `dt` published per location: an observation is published once (unless PUBLISH_UNCHANGED). */
  private readonly publishedDt = new Map<string, number>();
  /** The `observed_at` the broker held when we connected (from before a restart): no older observation replaces it. */
  private readonly brokerDt = new Map<string, number>();
  /** Read once connected; a poll waits for it at most one MQTT_TIMEOUT_MS from start (the broker may be down). */
  private brokerDtRead: Promise<void> = Promise.resolve();
  private brokerDtSettled: () => void = () => undefined;
  private readonly brokerDtFirstRead = new Promise<void>((resolve) => (this.brokerDtSettled = resolve));
  /** Locations whose last observation was older than the one held: said once per streak. */
  private readonly olderStreak = new Set<string>();
  private current: { promise: Promise<void>; controller: AbortController } | undefined;
  private stopping = false;
  private publishedOnce = false;

  constructor(private readonly options: DaemonOptions) {
    const { config, log, userAgent } = options;
    this.client = new OwmClient({ ...config.owm, userAgent });
    this.places = placeBook(config, this.client, log);
    this.forecasts = new ForecastKeeper({
      enabled: config.owm.forecast,
      intervalMs: config.owm.forecastIntervalMs,
      hours: config.owm.forecastHours,
      publishUnchanged: config.publishUnchanged,
    });
    // The read-back runs before the first replay: values kept while the broker was down are checked against what it holds.
    this.publisher = new Publisher({
      ...config.mqtt,
      statusTopic: statusTopic(config.topicPrefix),
      daemon: true,
      log,
      beforeFirstReplay: () => this.readBrokerDt(),
    });
    this.schedule = options.schedule ?? cronSchedule(config.schedule, { log });
  }

  start(): void {
    const { config, log } = this.options;
    const next = this.schedule.nextRun();
    // SCHEDULE is read in the local time zone: TZ, or the system's.
    const zone = localZone().name;
    const when = next === undefined ? '' : `, next scheduled poll ${isoSeconds(Math.floor(next / 1000))}`;
    log.info(
      `owm2mqtt started: ${config.owm.locations.length} location(s), schedule "${config.schedule}" in ${zone}${when}, broker ${config.mqtt.url}`,
    );
    // Not awaited: polls go on while the broker is down, and their values are published once it is up.
    const connected = this.publisher.connect();
    this.brokerDtRead = Promise.race([
      this.brokerDtFirstRead,
      new Promise<void>((resolve) => setTimeout(resolve, config.mqtt.timeoutMs).unref()),
    ]);
    if (config.homeAssistant.enabled) void this.startDiscovery(connected);
    this.schedule.start(() => void this.runPoll());
    void this.runPoll();
  }

  /** Stops scheduling, lets the in-flight poll finish within the grace period, publishes `offline`, disconnects. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.schedule.stop();
    const inFlight = this.current;
    if (inFlight) {
      // The poll may go on for the grace period; then it is aborted, and given one broker timeout to wind down.
      const graceMs = this.options.stopGraceMs ?? 10_000;
      const timers: NodeJS.Timeout[] = [];
      timers.push(setTimeout(() => inFlight.controller.abort(), graceMs));
      await Promise.race([
        inFlight.promise,
        new Promise<void>((resolve) => timers.push(setTimeout(resolve, graceMs + this.options.config.mqtt.timeoutMs))),
      ]);
      timers.forEach(clearTimeout);
    }
    await this.publisher.close({ offline: true });
    await this.client.close();
    this.options.log.info('stopped');
  }

  /** Announces every entity (kept and replayed like any retained value), and again whenever Home Assistant says it is back. */
  private async startDiscovery(connected: Promise<void>): Promise<void> {
    const { config, log } = this.options;
    const { discoveryFor } = await import('../ha/discovery.js');
    const messages = discoveryFor(config, this.options.version);
    const announce = async (why: string) => {
      try {
        const sent = await this.publisher.publish(messages);
        const when = sent === 'sent' ? '' : ' (kept until the broker is up)';
        log.info(
          `Home Assistant discovery: ${why} ${messages.length} entities for ${config.owm.locations.length} location(s) under ${config.homeAssistant.prefix}/${when}`,
        );
      } catch (error) {
        log.warn(`Home Assistant discovery: ${messageOf(error)}`);
      }
    };
    await announce('announced');
    await connected;
    await this.publisher.subscribe(homeAssistantStatusTopic(config.homeAssistant.prefix), (payload) => {
      if (payload === HA_ONLINE && !this.stopping) void announce('Home Assistant is back: announced again');
    });
  }

  stats(): ReturnType<Publisher['stats']> {
    return this.publisher.stats();
  }

  /** One poll now, or the one already running. */
  runPoll(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.current) return this.current.promise;
    const controller = new AbortController();
    const promise = this.pollOnce(controller).finally(() => {
      this.current = undefined;
    });
    this.current = { promise, controller };
    return promise;
  }

  private async pollOnce(controller: AbortController): Promise<void> {
    const { config, log } = this.options;
    const started = Date.now();
    // A poll may use the time until the next one, so polls never pile up.
    const deadline = Math.max(started + config.owm.timeoutMs, (this.schedule.nextRun() ?? started + 60_000) - 1000);
    // A location held past this poll's deadline is skipped; one held until a moment within it waits for its turn.
    const due = config.owm.locations.filter((location) => {
      const until = this.health.heldUntil(location.level, started);
      if (until !== undefined && until >= deadline - config.owm.timeoutMs) {
        log.debug(`${location.level}: not asking OpenWeatherMap before ${new Date(until).toISOString()}`);
        return false;
      }
      return true;
    });
    if (due.length === 0) return;
    try {
      const outcomes = await poll({
        ...pollSettings(config),
        locations: due,
        client: this.client,
        deadline,
        signal: controller.signal,
        log,
        retryLogLevel: 'debug',
        notBefore: (location) => this.health.heldUntil(location.level, Date.now()),
        forecastDue: (location) => this.forecasts.due(location.level, Date.now()),
        resolve: (location, signal) => this.places.resolve(location, signal),
        onLocation: (outcome) => this.deliver(outcome),
      });
      const ok = outcomes.filter((o) => o.ok).length;
      const { keptTopics } = this.publisher.stats();
      const heapMiB = (process.memoryUsage().heapUsed / 1048576).toFixed(1);
      log.debug(
        `poll done: ${ok}/${outcomes.length} locations in ${Date.now() - started} ms; ${keptTopics} topics kept; heap ${heapMiB} MiB`,
      );
    } catch (error) {
      log.error(`poll failed: ${messageOf(error)}`);
    }
  }

  private async deliver(outcome: LocationOutcome): Promise<void> {
    const { config, log } = this.options;
    const { level } = outcome.location;
    const now = Date.now();
    if (outcome.ok) {
      await this.deliverForecast(outcome, now);
      const { dt } = outcome.report;
      await this.brokerDtRead;
      const held = Math.max(this.publishedDt.get(level) ?? 0, this.brokerDt.get(level) ?? 0) || undefined;
      // Neither a success (nothing published, not even last_success) nor a failure (errors unchanged): OWM's caches sometimes lag.
      if (compareWithHeld(dt, held, outcome.clock) === 'older') {
        if (this.olderStreak.has(level)) log.debug(olderObservationMessage(level, dt, held!));
        else log.warn(olderObservationMessage(level, dt, held!));
        this.olderStreak.add(level);
        return;
      }
      this.olderStreak.delete(level);
      const ended = this.health.succeeded(level, now);
      if (ended > 0) log.info(`${level}: recovered after ${ended} failed poll(s)`);
      if (!config.publishUnchanged && this.publishedDt.get(level) === dt) {
        await this.publish(level, unchangedMessages(outcome.messages), `last_success only (unchanged since ${isoSeconds(dt)})`, 'debug');
        return;
      }
      // Remembered only once the broker has it (or it is kept for the reconnect replay): a refused publish is tried again next poll.
      const sent = await this.publish(level, outcome.messages, `${outcome.messages.length} messages (observed ${isoSeconds(dt)})`);
      if (sent !== undefined) this.publishedDt.set(level, dt);
      if (sent === 'sent' && !this.publishedOnce) {
        this.publishedOnce = true;
        this.options.onFirstSuccess?.();
      }
      return;
    }
    const { error } = outcome;
    // Cut short by a stop: not this location's failure.
    if (this.stopping && error.code === 'DEADLINE') return;
    const report = this.health.failed(level, error, now, this.schedule.intervalMs());
    const held = this.health.heldUntil(level, now);
    const slowed =
      error.code === 'OWM_UNAUTHORIZED' && held !== undefined
        ? `; asking again for this location after ${new Date(held).toISOString()}`
        : '';
    if (report.kind === 'new') log.error(`${level}: ${error.message}${slowed}`);
    // A streak is said once, then at 4, 8, 16… failed polls, not on every poll.
    else if (report.failures >= 4 && (report.failures & (report.failures - 1)) === 0)
      log.warn(`${level}: still failing after ${report.failures} polls: ${error.message}${slowed}`);
    else log.debug(`${level}: failed again (${report.failures} in a row, ${error.code})`);
    const settings = pollSettings(config).mapping;
    await this.publish(level, [errorCountMessage(outcome.location, settings, report.failures)], `error count ${report.failures}`, 'debug');
  }

  /** The forecast topics that moved since the last poll: a new forecast, or the horizons moving with the clock. */
  private async deliverForecast(outcome: Extract<LocationOutcome, { ok: true }>, now: number): Promise<void> {
    const { level } = outcome.location;
    if (outcome.forecast) this.forecasts.keep(level, outcome.forecast, now);
    const changes = this.forecasts.changes(outcome.location, now, pollSettings(this.options.config).mapping);
    if (changes.length === 0) return;
    const sent = await this.publish(level, changes, `forecast: ${changes.length} messages`, 'debug');
    if (sent !== undefined) this.forecasts.markPublished(changes);
  }

  /**
   * What the broker holds from before this start, read back once the first connection is up and
   * before the values kept meanwhile are replayed (`bridge/status` = `online` is the barrier, as
   * published on every connect anyway). A kept observation older than the broker's is dropped.
   */
  private async readBrokerDt(): Promise<void> {
    try {
      await this.readBrokerDtOnce();
    } finally {
      this.brokerDtSettled();
    }
  }

  private async readBrokerDtOnce(): Promise<void> {
    const { config, log } = this.options;
    const observedAt = (level: string) => observedAtTopic(config.topicPrefix, level);
    const online = { topic: statusTopic(config.topicPrefix), payload: BRIDGE_STATUS.online, qos: config.mqtt.qos, retain: true };
    let why = 'it refused the subscription, or did not answer within MQTT_TIMEOUT_MS';
    const held = await this.publisher.readRetained([observedAtFilter(config.topicPrefix)], online).catch((error: unknown) => {
      // A lost or silent broker is said as such: it now comes before any poll's publish.
      why = messageOf(error);
      return undefined;
    });
    if (!held) {
      log.warn(
        `could not read back ${observedAtFilter(config.topicPrefix)} from the broker (${why}): until this daemon publishes a location, an older observation from OpenWeatherMap may replace a newer one it holds`,
      );
      return;
    }
    for (const { level } of config.owm.locations) {
      const seconds = observedAtSeconds(held.get(observedAt(level)) ?? '');
      if (seconds === undefined) continue;
      this.brokerDt.set(level, seconds);
      const kept = observedAtSeconds(this.publisher.keptPayload(observedAt(level)) ?? '');
      if (kept === undefined || compareWithHeld(kept, seconds, { ms: Date.now(), source: 'local' }) !== 'older') continue;
      this.publisher.dropKept(locationTopicsStart(config.topicPrefix, level));
      this.publishedDt.delete(level);
      if (!this.olderStreak.has(level)) log.warn(olderObservationMessage(level, kept, seconds));
      this.olderStreak.add(level);
    }
  }

  /** `sent` when the broker has the messages, `kept` when they wait for the reconnect replay, undefined when refused. */
  private async publish(
    level: string,
    messages: Parameters<Publisher['publish']>[0],
    what: string,
    logAs: 'info' | 'debug' = 'info',
  ): Promise<'sent' | 'kept' | undefined> {
    try {
      const sent = await this.publisher.publish(messages);
      // While the broker is away (said once, when it went), keeping values is routine.
      if (sent === 'sent') this.options.log[logAs](`${level}: published ${what}`);
      else this.options.log.debug(`${level}: broker down, kept for later: ${what}`);
      return sent === 'sent' ? 'sent' : 'kept';
    } catch (error) {
      // Refused on a live connection, no reconnect is coming: the next poll tries again.
      const then = this.publisher.connected ? 'will try again at the next poll' : 'will republish after reconnect';
      this.options.log.warn(`${level}: ${messageOf(error)}; ${then}`);
      return undefined;
    }
  }
}
