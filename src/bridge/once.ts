import type { Config } from '../config/index.js';
import { EXIT, messageOf } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { Message } from '../core/message.js';
import { PublishError } from '../mqtt/publish-error.js';
import { Publisher } from '../mqtt/publisher.js';
import { OwmClient } from '../owm/client.js';
import { placeBook, poll, pollSettings, type LocationOutcome } from './poll.js';
import { isoSeconds } from '../core/time.js';
import { observedAtFilter, observedAtTopic, statusTopic } from '../topics/contract.js';
import { unchangedMessages } from './mapping.js';
import { mapForecast } from './forecast-mapping.js';
import { compareWithHeld, observedAtSeconds, olderObservationMessage } from '../owm/responses/observation-time.js';

export interface OnceOptions {
  readonly config: Config;
  readonly log: Logger;
  readonly userAgent: string;
  readonly version?: string;
  /** Fetch and print the messages instead of publishing them; no broker needed. */
  readonly dryRun: boolean;
  readonly print: (line: string) => void;
}

/** `owm2mqtt --once`: connect, fetch, publish, wait for every acknowledgement, disconnect. Returns the exit code. */
export async function runOnce({ config, log, userAgent, version, dryRun, print }: OnceOptions): Promise<number> {
  const deadline = Date.now() + config.onceDeadlineMs;
  const controller = new AbortController();
  const deadlineTimer = setTimeout(() => controller.abort(), config.onceDeadlineMs);
  const client = new OwmClient({ ...config.owm, userAgent });
  const places = placeBook(config, client, log);
  const publisher = dryRun
    ? undefined
    : new Publisher({
        ...config.mqtt,
        timeoutMs: Math.min(config.mqtt.timeoutMs, config.onceDeadlineMs),
        statusTopic: statusTopic(config.topicPrefix),
        daemon: false,
        log,
      });

  try {
    // The observation times the broker holds: an older `dt` is never published over a newer one, and
    // one that has not moved is not published again (unless PUBLISH_UNCHANGED). Read while the requests
    // go out: the broker has answered by then, so none is spent in vain.
    let readBack: Promise<Map<string, string>> = Promise.resolve(new Map());
    if (publisher) {
      try {
        await publisher.connect();
        readBack = publisher.onlineReadingRetained(observedAtFilter(config.topicPrefix));
        // Awaited where it is used; this only keeps a failure from being reported as unhandled meanwhile.
        readBack.catch(() => undefined);
        if (config.homeAssistant.enabled) {
          const { discoveryFor } = await import('../ha/discovery.js');
          const discovery = discoveryFor(config, version);
          await publisher.publish(discovery);
          log.info(`Home Assistant discovery: announced ${discovery.length} entities under ${config.homeAssistant.prefix}/`);
        }
      } catch (error) {
        // A batch that failed part-way says itself how much of it the broker acknowledged.
        const partly = error instanceof PublishError && error.acknowledged > 0;
        log.error(`${messageOf(error)}. ${partly ? 'Nothing was fetched' : 'Nothing was fetched or published'}.`);
        return EXIT.BROKER;
      }
    }
    const deliver = async (outcome: LocationOutcome) => {
      if (!outcome.ok) {
        log.error(`${outcome.location.level}: ${outcome.error.message}`);
        return;
      }
      const { dt } = outcome.report;
      const observedAt = isoSeconds(dt);
      let unchanged = false;
      // The forecast is its own data: published even when the observation has not moved.
      const forecast = outcome.forecast
        ? mapForecast(outcome.location, outcome.forecast, Date.now(), config.owm.forecastHours, pollSettings(config).mapping)
        : [];
      let messages = [...outcome.messages, ...forecast];
      if (!publisher) printMessages(messages, print);
      else {
        try {
          const held = observedAtSeconds((await readBack).get(observedAtTopic(config.topicPrefix, outcome.location.level)) ?? '');
          const comparison = compareWithHeld(dt, held, outcome.clock);
          if (comparison === 'older') {
            log.warn(olderObservationMessage(outcome.location.level, dt, held!));
            return;
          }
          unchanged = comparison === 'same' && !config.publishUnchanged;
          if (unchanged) messages = [...unchangedMessages(outcome.messages), ...forecast];
          await publisher.publish(messages);
        } catch (error) {
          // The run will exit 3 whatever else happens: stop fetching.
          controller.abort();
          throw error;
        }
      }
      const verb = publisher ? 'published' : 'would publish';
      if (unchanged)
        log.info(
          `${outcome.location.level}: unchanged since ${observedAt}: ${verb} last_success only (PUBLISH_UNCHANGED=true publishes everything)`,
        );
      else log.info(`${outcome.location.level}: ${verb} ${messages.length} messages (observed ${observedAt})`);
    };
    let outcomes: LocationOutcome[];
    try {
      outcomes = await poll({
        ...pollSettings(config),
        client,
        deadline,
        signal: controller.signal,
        log,
        onLocation: deliver,
        forecastDue: () => config.owm.forecast,
        resolve: (location, signal) => places.resolve(location, signal),
      });
      await readBack;
    } catch (error) {
      log.error(`${messageOf(error)}. Some locations may not have been published.`);
      return EXIT.BROKER;
    }
    return exitCodeFor(outcomes, log);
  } finally {
    clearTimeout(deadlineTimer);
    await Promise.all([publisher?.close({ offline: false }), client.close()]);
  }
}

function exitCodeFor(outcomes: readonly LocationOutcome[], log: Logger): number {
  const failed = outcomes.filter((o): o is Extract<LocationOutcome, { ok: false }> => !o.ok);
  const published = outcomes.length - failed.length;
  if (failed.length === 0) {
    log.info(`done: ${published}/${outcomes.length} locations`);
    return EXIT.OK;
  }
  log.warn(
    `done: ${published}/${outcomes.length} locations; failed: ${failed.map((o) => `${o.location.level} (${o.error.code})`).join(', ')}`,
  );
  if (failed.some((o) => o.error.code === 'OWM_UNAUTHORIZED')) return EXIT.KEY_REJECTED;
  return EXIT.SOME_LOCATIONS_FAILED;
}

function printMessages(messages: readonly Message[], print: (line: string) => void): void {
  for (const m of messages) {
    const flags = `qos=${m.qos}${m.retain ? ' retained' : ''}`;
    print(`${m.topic}\t${m.payload === '' ? '(cleared)' : m.payload}\t${flags}`);
  }
}
