import type { MqttClient } from 'mqtt';
import { Owm2MqttError, messageOf } from '../core/errors.js';
import type { Message } from '../core/message.js';
import type { ClosingTopics } from './closing-topics.js';
import { MAX_IN_FLIGHT } from './limits.js';
import type { Link } from './link.js';
import { oversizePacket } from './packet-size.js';
import { PublishError } from './publish-error.js';
import { publishOptions } from './publish-options.js';
import type { PublisherOptions } from './publisher-options.js';
import { publishRefusal } from './refusals.js';

/** A daemon's publish not sent because its connection is gone: the replay on connect sends it, nothing acknowledged it. */
const KEPT = Symbol('kept');

export type BatchSettings = Pick<
  PublisherOptions,
  'url' | 'timeoutMs' | 'daemon' | 'protocolVersion' | 'messageExpirySeconds' | 'statusTopic'
>;

/**
 * Publishes lists of messages: in batches of MAX_IN_FLIGHT, each message within this connection's
 * window for its QoS, every batch acknowledged under a deadline before the next goes out.
 */
export class BatchSender {
  constructor(
    private readonly link: Link,
    private readonly settings: BatchSettings,
    private readonly closing: ClosingTopics,
  ) {}

  /**
   * Publishes `messages` in batches of MAX_IN_FLIGHT, each acknowledged before the next goes out,
   * so a huge batch holds little memory. Refusals of single messages do not stop the others; a
   * silent or lost broker stops the rest. The error says how many the broker acknowledged.
   * 'kept': a daemon's connection went away meanwhile, and the replay on connect sends the rest.
   */
  async send(client: MqttClient, messages: readonly Message[]): Promise<'sent' | 'kept'> {
    let acknowledged = 0;
    let kept = false;
    let refused: { error: unknown; count: number } | undefined;
    for (let start = 0; start < messages.length; start += MAX_IN_FLIGHT) {
      const batch = messages.slice(start, start + MAX_IN_FLIGHT);
      let settled: PromiseSettledResult<unknown>[];
      try {
        settled = await this.sendBatch(client, batch, () => acknowledged++);
      } catch (error) {
        throw this.partial(error, acknowledged, messages);
      }
      for (const result of settled) {
        if (result.status === 'rejected') refused = { error: refused?.error ?? result.reason, count: (refused?.count ?? 0) + 1 };
        else if (result.value === KEPT) kept = true;
      }
    }
    if (refused) {
      const others = refused.count > 1 ? ` (and ${refused.count - 1} more refused)` : '';
      throw this.partial(refused.error, acknowledged, messages, others);
    }
    return kept ? 'kept' : 'sent';
  }

  private partial(error: unknown, acknowledged: number, messages: readonly Message[], more = ''): PublishError {
    const reason =
      error instanceof Owm2MqttError
        ? error
        : new Owm2MqttError('MQTT_UNREACHABLE', `publishing to the MQTT broker at ${this.settings.url} failed: ${messageOf(error)}`);
    const counted = messages.length > 1 ? `; ${acknowledged} of ${messages.length} messages were acknowledged` : '';
    return new PublishError(reason.code, `${reason.message}${more}${counted}`, acknowledged, messages.length);
  }

  /**
   * Sends one batch and waits until every message is acknowledged or refused. Fails when the
   * connection closes, or when no acknowledgement of ours comes for `timeoutMs`: a broker that
   * answered nothing at all meanwhile (not even a ping) is lost, not refusing.
   */
  private async sendBatch(client: MqttClient, batch: readonly Message[], onAck: () => void): Promise<PromiseSettledResult<unknown>[]> {
    const { link } = this;
    let pending = batch.length;
    const acks = Promise.allSettled(
      batch.map((m) =>
        this.publishOne(client, m).then(
          (ack) => {
            pending--;
            if (ack !== KEPT) onAck();
            return ack;
          },
          (error: unknown) => {
            pending--;
            return Promise.reject(error);
          },
        ),
      ),
    );
    const { timeoutMs, url } = this.settings;
    let timer: NodeJS.Timeout | undefined;
    let onClose: (() => void) | undefined;
    const failure = new Promise<never>((_, reject) => {
      const lost = () =>
        new Owm2MqttError(
          'MQTT_UNREACHABLE',
          `the connection to the MQTT broker at ${url} was lost before it acknowledged ${pending} message(s)`,
        );
      const started = Date.now();
      const check = () => {
        if (!client.connected) return reject(lost());
        const now = Date.now();
        const progress = Math.max(started, link.lastAckAt);
        if (now - progress < timeoutMs) {
          // Nothing from the broker for a while: a ping tells a silent broker from a busy one.
          if (now - link.lastPacketAt >= timeoutMs / 2) client.sendPing();
          timer = setTimeout(check, Math.max(1, Math.min(timeoutMs / 2, progress + timeoutMs - now)));
          return;
        }
        const silentMs = now - Math.max(link.lastPacketAt, started);
        if (silentMs >= timeoutMs / 2) {
          reject(
            new Owm2MqttError(
              'MQTT_UNREACHABLE',
              `the MQTT broker at ${url} did not acknowledge ${pending} message(s) within ${timeoutMs} ms (MQTT_TIMEOUT_MS) and answered nothing for ${silentMs} ms, not even a ping: the connection is lost (network down, or the broker hung)`,
            ),
          );
          // The daemon reconnects (and replays its latest values) instead of waiting for a dead socket's keepalive.
          if (this.settings.daemon) {
            link.abandoned = true;
            client.stream?.destroy();
          }
        } else {
          reject(
            new Owm2MqttError(
              'MQTT_TIMEOUT',
              `the MQTT broker at ${url} did not acknowledge ${pending} message(s) within ${timeoutMs} ms (MQTT_TIMEOUT_MS), though it still answers: it is overloaded, or holds back acknowledgements; a larger MQTT_TIMEOUT_MS may help`,
            ),
          );
        }
      };
      timer = setTimeout(check, timeoutMs / 2);
      onClose = () => reject(lost());
      client.once('close', onClose);
    });
    link.waiting++;
    try {
      return await Promise.race([acks, failure]);
    } finally {
      link.waiting--;
      clearTimeout(timer);
      if (onClose) client.removeListener('close', onClose);
    }
  }

  /** One publish, within this connection's window for its QoS; refused here when larger than the broker said it takes (it would disconnect us). */
  private publishOne(client: MqttClient, message: Message): Promise<unknown> {
    const { link, settings } = this;
    const generation = link.generation;
    const publish = async () => {
      // The daemon replays its latest values on reconnect: nothing to queue while the broker is away.
      if (settings.daemon && (!client.connected || generation !== link.generation)) return KEPT;
      const options = publishOptions(message, settings);
      const max = link.limits.maximumPacketSize;
      const size = max === undefined ? undefined : oversizePacket(message, options, max);
      if (size !== undefined) {
        throw new Owm2MqttError(
          'MQTT_UNREACHABLE',
          `"${message.topic}" is a ${size}-byte packet and the MQTT broker at ${settings.url} takes at most ${max} (its Maximum Packet Size; Mosquitto: max_packet_size): not sent; raise the broker's limit`,
        );
      }
      if (this.closing.isDropped(message)) {
        throw new Owm2MqttError(
          'MQTT_UNREACHABLE',
          `"${message.topic}" (${Buffer.byteLength(message.payload)} bytes) not sent: the MQTT broker at ${settings.url} closed the connection right after it each time (a size limit, Mosquitto: max_packet_size); raise the broker's limit`,
        );
      }
      const settled = this.closing.sending(message);
      const ack = await client
        .publishAsync(message.topic, message.payload, options)
        .catch((error: unknown) => Promise.reject(publishRefusal(error, message, settings.url)))
        .finally(settled);
      link.lastAckAt = Date.now();
      return ack;
    };
    if (message.qos === 2) return link.limits.qos2.run(publish);
    return link.limits.qos1.run(publish);
  }
}
