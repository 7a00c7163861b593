import type { IClientOptions, IClientPublishOptions, IPublishPacket, MqttClient } from 'mqtt';
import { Owm2MqttError, messageOf } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { Message, Qos } from '../core/message.js';
import { ReconnectBackoff } from './backoff.js';
import { connectionOptions, type ConnectionSettings } from './connection.js';
import { openClient } from './open.js';
import { acceptEveryPublishReasonCode, PUBLISH_REASONS } from './reason-codes.js';
import { brokerError } from './refusals.js';

acceptEveryPublishReasonCode();

/** One message the broker delivered to a subscription. */
export interface Delivery {
  readonly topic: string;
  readonly payload: Buffer;
  /** Sent from the broker's retained store when we subscribed; false for a live message. */
  readonly retained: boolean;
  readonly qos: Qos;
}

export interface LiveSessionOptions extends ConnectionSettings {
  readonly url: string;
  readonly clientId: string;
  /** Published by the broker if the connection is lost without a DISCONNECT (`…/status` `offline`). */
  readonly will?: Message;
  /** Published on every connection the broker accepts, before anything else (`…/status` `online`). */
  readonly birth?: Message;
  /**
   * What a clean `end()` publishes before it disconnects (a DISCONNECT makes the broker drop the
   * Will, so `offline` is said by us); the Will by default.
   */
  readonly farewell?: Message;
  /** Reconnect after a lost connection, waiting a capped, jittered, doubling delay; false: a lost connection ends the session. */
  readonly reconnect: boolean;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  readonly log: Logger;
  /** The backoff's jitter (tests); Math.random by default. */
  readonly random?: () => number;
  /** Called on every connection the broker accepts: the first and each after a reconnect. */
  readonly onConnect?: () => void;
  /** Called when an accepted connection is lost (before any reconnect; without reconnect, once: the session is over). */
  readonly onClose?: () => void;
}

/**
 * A client that stays: connect, Last Will and birth message, subscriptions renewed after every
 * reconnect, publishes acknowledged or refused with a reason, a capped exponential backoff, a
 * clean or an abrupt end. `watch`, the aggregator, the simulator's rooms and the dashboard use it;
 * the bridge's daemon has its own publisher (latest-value replay, batches, in-flight windows).
 */
export class LiveSession {
  private client: MqttClient | undefined;
  private readonly backoff: ReconnectBackoff;
  private readonly subscriptions: { filters: readonly string[]; qos: Qos; onMessage: (delivery: Delivery) => void }[] = [];
  private reconnectTimer: NodeJS.Timeout | undefined;
  private ending = false;
  private connectedAt = 0;
  private wasConnected = false;
  /** How to fail each publish the broker has not acknowledged yet, should the connection be lost first. */
  private readonly unacknowledged = new Set<(error: Error) => void>();

  constructor(private readonly options: LiveSessionOptions) {
    this.backoff = new ReconnectBackoff(options.reconnectMinMs, options.reconnectMaxMs, options.random);
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  /** Resolves on the broker's first CONNACK; rejects with an error naming the broker and what to check. */
  async connect(): Promise<void> {
    const { options } = this;
    const clientOptions: IClientOptions = {
      ...connectionOptions(options, options.clientId),
      clean: true,
      // mqtt.js retries at a fixed period forever; we schedule a capped exponential backoff ourselves.
      reconnectPeriod: 0,
      // Our own list is renewed on every connect, so mqtt.js must not do it a second time.
      resubscribe: false,
      writeCache: false,
      will: options.will ? { ...options.will, payload: Buffer.from(options.will.payload) } : undefined,
    };
    const client = await openClient(options.url, clientOptions);
    this.client = client;
    // end() came while the client was being made: it had nothing to close yet.
    if (this.ending) {
      client.end(true);
      return;
    }
    client.on('message', (topic, payload, packet: IPublishPacket) => {
      const delivery: Delivery = { topic, payload, retained: packet.retain === true, qos: packet.qos };
      for (const subscription of this.subscriptions)
        if (subscription.filters.some((filter) => matches(filter, topic))) subscription.onMessage(delivery);
    });
    // Each failed retry emits 'error'; the backoff and its warning already deal with it, and an
    // 'error' with no listener would be thrown at the process.
    client.on('error', (error) => this.options.log.debug(`MQTT broker at ${options.url}: ${messageOf(error)}`));
    client.on('connect', () => void this.onConnected());
    client.on('close', () => this.onClosed());
    await new Promise<void>((resolve, reject) => {
      const fail = (error: unknown) => {
        client.removeListener('connect', succeed);
        if (!this.options.reconnect) client.end(true);
        reject(brokerError(error, options.url, options.timeoutMs));
      };
      const succeed = () => {
        client.removeListener('error', fail);
        resolve();
      };
      client.once('connect', succeed);
      client.once('error', fail);
      if (!this.options.reconnect) client.once('close', () => fail(new Error('connection closed')));
    }).catch((error: unknown) => {
      if (this.options.reconnect) return this.firstConnectionLater(error);
      throw error;
    });
  }

  /** A session that reconnects does not give up when the broker is away at start: it says so once and waits. */
  private firstConnectionLater(error: unknown): Promise<void> {
    this.options.log.warn(`${messageOf(error)}; trying again in the background`);
    return new Promise((resolve) => this.client!.once('connect', () => resolve()));
  }

  private async onConnected(): Promise<void> {
    const client = this.client!;
    // A connection that completes after end() (mqtt.js ends a client still connecting without
    // stopping it) would keep the process alive: closed at once.
    if (this.ending) {
      client.end(true);
      return;
    }
    this.connectedAt = Date.now();
    if (this.wasConnected) this.options.log.info(`connected again to the MQTT broker at ${this.options.url}`);
    this.wasConnected = true;
    try {
      if (this.options.birth) await this.send(this.options.birth);
      for (const { filters, qos } of this.subscriptions) await client.subscribeAsync([...filters], { qos });
    } catch (error) {
      this.options.log.warn(`after connecting to the MQTT broker at ${this.options.url}: ${messageOf(error)}`);
    }
    this.options.onConnect?.();
  }

  private onClosed(): void {
    const client = this.client!;
    this.forgetUnacknowledged(client);
    if (this.ending) return;
    if (!this.options.reconnect) {
      // The session is over: its owner (watch) ends with it.
      if (this.connectedAt > 0) {
        this.connectedAt = 0;
        this.options.onClose?.();
      }
      return;
    }
    if (this.connectedAt > 0) {
      this.backoff.connectionLasted(Date.now() - this.connectedAt);
      this.connectedAt = 0;
      this.options.log.warn(`lost the connection to the MQTT broker at ${this.options.url}`);
      this.options.onClose?.();
    }
    if (this.reconnectTimer) return;
    const { waitMs, attempt } = this.backoff.next();
    this.options.log.debug(`reconnecting to the MQTT broker at ${this.options.url} in ${waitMs} ms (attempt ${attempt})`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.ending) client.reconnect();
    }, waitMs);
  }

  /**
   * Subscribes to `filters` and calls `onMessage` for every message on them, retained ones first,
   * now and after every reconnect. Resolves once the broker has granted them (at once when the
   * connection is down: the next connection subscribes).
   */
  async subscribe(filters: readonly string[], onMessage: (delivery: Delivery) => void, qos: Qos = 1): Promise<void> {
    this.subscriptions.push({ filters, qos, onMessage });
    if (!this.connected) return;
    const granted = await this.client!.subscribeAsync([...filters], { qos });
    const refused = granted.filter((grant) => grant.qos >= 128).map((grant) => grant.topic);
    if (refused.length > 0)
      throw new Owm2MqttError(
        'MQTT_SUBSCRIBE_REFUSED',
        `the MQTT broker at ${this.options.url} refused the subscription to ${refused.join(', ')}: check its ACL for this user`,
      );
  }

  /**
   * Publishes `messages` in order and resolves when the broker has acknowledged them (QoS 1, 2).
   * While the connection is down it rejects at once: what to do with a value that could not be
   * sent (drop it, keep the latest) is the caller's choice, never a growing queue in mqtt.js.
   */
  async publish(messages: readonly Message[]): Promise<void> {
    for (const message of messages) await this.send(message);
  }

  /**
   * mqtt.js keeps a clean session's unacknowledged publishes across a lost connection and never
   * settles them (nor empties its in-flight list, which a clean end() then waits on for ever): they
   * fail now, so a caller may send its latest value again, and are forgotten.
   */
  private forgetUnacknowledged(client: MqttClient): void {
    const lost = new Owm2MqttError(
      'MQTT_NOT_CONNECTED',
      `lost the connection to the MQTT broker at ${this.options.url} before it acknowledged a message`,
    );
    for (const fail of this.unacknowledged) fail(lost);
    this.unacknowledged.clear();
    for (const id of Object.keys(client.outgoing)) delete client.outgoing[Number(id)];
  }

  private async send(message: Message): Promise<void> {
    const client = this.client;
    if (!client?.connected)
      throw new Owm2MqttError('MQTT_NOT_CONNECTED', `not connected to the MQTT broker at ${this.options.url}: "${message.topic}" not sent`);
    const publishOptions: IClientPublishOptions = { qos: message.qos, retain: message.retain };
    if (this.options.protocolVersion === 5 && message.json) publishOptions.properties = { contentType: 'application/json' };
    const packet = await new Promise<Awaited<ReturnType<MqttClient['publishAsync']>>>((resolve, reject) => {
      this.unacknowledged.add(reject);
      client
        .publishAsync(message.topic, message.payload, publishOptions)
        .then(resolve, reject)
        .finally(() => this.unacknowledged.delete(reject));
    });
    const reason = packet && 'reasonCode' in packet ? packet.reasonCode : undefined;
    if (reason !== undefined && reason >= 128)
      throw new Owm2MqttError(
        'MQTT_PUBLISH_REFUSED',
        `the MQTT broker at ${this.options.url} refused "${message.topic}" (reason ${reason}, ${PUBLISH_REASONS[reason] ?? 'unknown'})`,
      );
  }

  /** A clean end: the farewell (or the Will) published, then DISCONNECT. No reconnection after it. */
  async end(): Promise<void> {
    this.ending = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    if (!client) return;
    const farewell = this.options.farewell ?? this.options.will;
    if (farewell && client.connected) await this.send(farewell).catch(() => undefined);
    await client.endAsync();
  }

  /** An abrupt end: the socket closed without DISCONNECT, so the broker publishes the Will. */
  drop(): void {
    this.ending = true;
    clearTimeout(this.reconnectTimer);
    this.client?.end(true);
  }
}

/** MQTT topic filter matching: `+` one level, `#` the rest (and the parent); `$`-topics only by a `$` filter. */
export function matches(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && !filter.startsWith('$')) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
