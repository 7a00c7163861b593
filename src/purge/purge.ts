import type { Config } from '../config/index.js';
import { EXIT, messageOf } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { Message } from '../core/message.js';
import { Publisher } from '../mqtt/publisher.js';
import { staleTopics } from './select.js';
import { discoveryFilter, leavesFilter, purgeBarrierTopic, statusTopic } from '../topics/contract.js';
import { forecastFilter } from '../topics/forecast.js';
import { displayText } from '../core/display.js';

export interface PurgeOptions {
  readonly config: Config;
  readonly log: Logger;
  /** List what would be removed, remove nothing. */
  readonly dryRun: boolean;
  readonly print: (line: string) => void;
}

/**
 * `owm2mqtt --purge`: removes the retained values and discovery configs of
 * locations no longer in OWM_LOCATIONS, found by reading what the broker holds
 * under the bridge's own topics, and says what it removed. Nothing else is
 * touched: other clients' topics, and configs whose `origin` is not owm2mqtt
 * or whose state topic is not under TOPIC_PREFIX, stay.
 */
export async function runPurge({ config, log, dryRun, print }: PurgeOptions): Promise<number> {
  const prefix = config.topicPrefix;
  const ha = config.homeAssistant.prefix;
  const publisher = new Publisher({ ...config.mqtt, statusTopic: statusTopic(prefix), daemon: false, log });
  try {
    await publisher.connect();
    const barrier: Message = { topic: purgeBarrierTopic(prefix), payload: '', qos: 1, retain: false };
    const retained = await publisher.readRetained([leavesFilter(prefix), forecastFilter(prefix), discoveryFilter(ha)], barrier);
    if (!retained) {
      log.error(
        `could not read what the broker retains under ${prefix}/ and ${ha}/ (subscription refused, or no answer within MQTT_TIMEOUT_MS): nothing removed`,
      );
      return EXIT.BROKER;
    }
    const stale = staleTopics(retained, config);
    // Topics are broker text: shown inert on a terminal (escape sequences visible, never run).
    for (const t of stale) print(`${dryRun ? 'would remove' : 'removed'} ${displayText(t)}`);
    if (!dryRun && stale.length > 0)
      await publisher.publish(stale.map((t) => ({ topic: t, payload: '', qos: config.mqtt.qos, retain: true })));
    log.info(
      `purge: ${stale.length} stale retained topic(s) ${dryRun ? 'found (nothing removed: --dry-run)' : 'removed'}; ${retained.size - stale.length} kept`,
    );
    return EXIT.OK;
  } catch (error) {
    log.error(`${messageOf(error)}. Nothing was removed.`);
    return EXIT.BROKER;
  } finally {
    await publisher.close({ offline: false });
  }
}
