import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from './config/index.js';
import type { Logger } from './log.js';
import { Publisher } from './mqtt/publisher.js';
import { OwmClient } from './owm/client.js';
import { poll, pollSettings, type LocationOutcome } from './poll.js';
import { isoSeconds } from './quantities.js';
import { statusTopic } from './status.js';

export interface DaemonOptions {
  readonly config: Config;
  readonly log: Logger;
  readonly userAgent: string;
  /** How long an in-flight poll may go on after a stop signal. */
  readonly stopGraceMs?: number;
}

/** The long-running bridge: one MQTT connection, a poll on start and on every `SCHEDULE` tick. */
export class Daemon {
  private readonly publisher: Publisher;
  private readonly client: OwmClient;
  private task: ScheduledTask | undefined;
  private current: { promise: Promise<void>; controller: AbortController } | undefined;
  private stopping = false;

  constructor(private readonly options: DaemonOptions) {
    const { config, log, userAgent } = options;
    this.client = new OwmClient({ ...config.owm, userAgent });
    this.publisher = new Publisher({ ...config.mqtt, statusTopic: statusTopic(config.topicPrefix), statusQos: config.mqtt.qos, daemon: true, log });
  }

  start(): void {
    const { config, log } = this.options;
    log.info(`owm2mqtt started: ${config.owm.locations.length} location(s), schedule "${config.schedule}", broker ${config.mqtt.url}`);
    // Not awaited: polls go on while the broker is down, and their values are published once it is up.
    void this.publisher.connect();
    // No node-cron `noOverlap`: runPoll already joins a poll still running, and says nothing on the console.
    this.task = cron.schedule(config.schedule, () => this.runPoll(), { name: 'owm2mqtt-poll' });
    void this.runPoll();
  }

  /** Stops scheduling, lets the in-flight poll finish within the grace period, publishes `offline`, disconnects. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.task?.destroy();
    const inFlight = this.current;
    if (inFlight) {
      const grace = setTimeout(() => inFlight.controller.abort(), this.options.stopGraceMs ?? 10_000);
      await inFlight.promise;
      clearTimeout(grace);
    }
    await this.publisher.close({ offline: true });
    await this.client.close();
    this.options.log.info('stopped');
  }

  private runPoll(): Promise<void> {
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
    const nextRun = this.task?.getNextRun()?.getTime();
    const deadline = Math.max(started + config.owm.timeoutMs, (nextRun ?? started + 60_000) - 1000);
    const deliver = async (outcome: LocationOutcome) => {
      if (!outcome.ok) {
        log.error(`${outcome.location.level}: ${outcome.error.message}`);
        return;
      }
      try {
        const sent = await this.publisher.publish(outcome.messages);
        log.info(`${outcome.location.level}: ${sent === 'sent' ? 'published' : 'broker down, kept for later:'} ${outcome.messages.length} messages (observed ${isoSeconds(outcome.report.dt)})`);
      } catch (error) {
        log.warn(`${outcome.location.level}: ${(error as Error).message}; will republish after reconnect`);
      }
    };
    try {
      const outcomes = await poll({
        ...pollSettings(config),
        client: this.client,
        deadline,
        signal: controller.signal,
        log,
        onLocation: deliver,
      });
      const ok = outcomes.filter((o) => o.ok).length;
      log.debug(`poll done: ${ok}/${outcomes.length} locations in ${Date.now() - started} ms`);
    } catch (error) {
      log.error(`poll failed: ${(error as Error).message}`);
    }
  }
}
