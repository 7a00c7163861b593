import type { IClientOptions, MqttClient } from 'mqtt';
import { Owm2MqttError, messageOf } from '../core/errors.js';
import type { Message } from '../core/message.js';
import { BatchSender } from './batches.js';
import { ClosingTopics } from './closing-topics.js';
import { connectionOptions } from './connection.js';
import { acceptedOrRefused } from './first-connection.js';
import { LatestValues } from './latest-values.js';
import { brokerLimits } from './limits.js';
import { Link } from './link.js';
import { NagleNudge } from './nudge.js';
import { openClient } from './open.js';
import type { PublisherOptions } from './publisher-options.js';
import { readRetained } from './read-back.js';
import { acceptEveryPublishReasonCode } from './reason-codes.js';
import { Reconnector } from './reconnect.js';
import { brokerError } from './refusals.js';

export type { PublisherOptions } from './publisher-options.js';

acceptEveryPublishReasonCode();

export type PublishOutcome = 'sent' | 'kept-for-reconnect';

/**
 * The bridge's session with the broker (`run`, `once`, `purge`): connect, Last Will and
 * `bridge/status`, reconnect, latest-value replay, close. Its parts: batches.ts publishes,
 * latest-values.ts keeps what is replayed, reconnect.ts schedules the way back, closing-topics.ts
 * stops a topic the broker keeps closing on, read-back.ts reads what the broker retains.
 * Constructors store; `connect()` acts.
 */
export class Publisher {
  private readonly link = new Link();
  private readonly latest = new LatestValues();
  private readonly closing: ClosingTopics;
  private readonly sender: BatchSender;
  private readonly nudge: NagleNudge;
  private readonly reconnector: Reconnector;
  private disconnectReason: number | undefined;
  private erroredSinceConnect = false;
  private lastProblem = '';
  private wasConnected = false;
  private connectedAt = 0;
  /** `beforeFirstReplay` completed on a live connection: later connects replay at once. */
  private firstReplayDone = false;

  constructor(private readonly options: PublisherOptions) {
    this.closing = new ClosingTopics(options.url, options.timeoutMs, options.log);
    this.sender = new BatchSender(this.link, options, this.closing);
    this.nudge = new NagleNudge(this.link);
    this.reconnector = new Reconnector(options, () => this.client?.reconnect());
  }

  /** This connection's mqtt.js client (and the next one's: the same client reconnects). */
  private get client(): MqttClient | undefined {
    return this.link.client;
  }

  /** Whether the broker connection is up now: a failed publish then was refused, not lost. */
  get connected(): boolean {
    return this.client?.connected === true;
  }

  /** Diagnostics: topics kept for replay (bounded by the topics we publish), and listeners on the client (constant across reconnects). */
  stats(): { keptTopics: number; listeners: number } {
    const client = this.client;
    const listeners = client ? client.eventNames().reduce((sum, event) => sum + client.listenerCount(event), 0) : 0;
    return { keptTopics: this.latest.size, listeners };
  }

  /**
   * Resolves on the first CONNACK. The daemon never gives up (the broker may
   * come up later, polls go on meanwhile); one-shot mode rejects on refusal,
   * on a closed connection, or after `timeoutMs`.
   */
  async connect(): Promise<void> {
    const { options } = this;
    const clientOptions: IClientOptions = {
      ...connectionOptions(options, options.clientId),
      clean: true,
      // mqtt.js retries at a fixed period forever; the daemon schedules its own capped exponential backoff.
      reconnectPeriod: 0,
      // The first packet otherwise builds a 64 Ki entry cache of small buffers: memory we never use.
      writeCache: false,
      will: options.daemon ? { topic: options.statusTopic, payload: Buffer.from('offline'), qos: options.qos, retain: true } : undefined,
    };
    const client = await openClient(options.url, clientOptions);
    this.link.client = client;
    // Always listening for 'error': an EventEmitter without one would throw.
    client.on('error', (error) => this.report(error));
    client.on('packetreceive', () => {
      this.link.lastPacketAt = Date.now();
      this.nudge.packetReceived(client);
    });
    client.on('connect', (connack) => this.onConnect(connack));
    client.on('disconnect', (packet) => (this.disconnectReason = packet.reasonCode));
    if (options.daemon) {
      client.on('connect', () => this.onDaemonConnect());
      client.on('close', () => this.onDaemonClose());
      await new Promise<void>((resolve) => client.once('connect', () => resolve()));
      return;
    }
    await acceptedOrRefused(client, options.url, options.timeoutMs);
  }

  /** Publishes a batch and waits for every acknowledgement (QoS ≥ 1), within `timeoutMs`. */
  async publish(messages: readonly Message[]): Promise<PublishOutcome> {
    if (this.options.daemon) for (const message of messages) if (!this.closing.isDropped(message)) this.latest.keep(message);
    let sending = messages;
    if (this.latest.holding) {
      sending = await this.latest.afterHold(messages);
      if (sending.length === 0) return 'kept-for-reconnect';
    }
    const client = this.client;
    if (!client?.connected) {
      if (this.options.daemon) return 'kept-for-reconnect';
      throw new Owm2MqttError('MQTT_UNREACHABLE', `not connected to the MQTT broker at ${this.options.url}`);
    }
    return (await this.sender.send(client, sending)) === 'kept' ? 'kept-for-reconnect' : 'sent';
  }

  /** The payload kept for the replay on `topic`, if any. */
  keptPayload(topic: string): string | undefined {
    return this.latest.payload(topic);
  }

  /** Drops the kept messages whose topic starts with `prefix`: they are not replayed. */
  dropKept(prefix: string): void {
    this.latest.forgetUnder(prefix);
  }

  /** Subscribes (again after every reconnect, by mqtt.js) and calls `handler` with each payload on exactly `filter`. */
  async subscribe(filter: string, handler: (payload: string, retained: boolean) => void): Promise<void> {
    const client = this.client;
    if (!client) return;
    client.on('message', (topic, payload, packet) => {
      if (topic === filter) handler(payload.toString('utf8'), packet.retain);
    });
    await client
      .subscribeAsync(filter, { qos: 1 })
      .catch((error: unknown) => this.options.log.warn(`could not subscribe to ${filter}: ${messageOf(error)}`));
  }

  /**
   * Publishes `online` (retained) and returns the retained payloads under `filter`
   * as the broker holds them. The broker sends a subscription's retained messages
   * before anything published after it, so our own `online` coming back marks the
   * end. Empty when the broker refuses the subscription or does not answer in time.
   */
  async onlineReadingRetained(filter: string): Promise<Map<string, string>> {
    const retained = await this.readRetained([filter], this.status('online'));
    if (retained) return retained;
    this.options.log.warn(
      `could not read back what the MQTT broker at ${this.options.url} retains under ${filter}: the subscription was refused, or our own ${this.options.statusTopic} did not come back after the retained messages within ${this.options.timeoutMs} ms (a broker that queues few messages per client drops some: Mosquitto's max_queued_messages, max_inflight_messages). Change-only publishing is off for this run: every location is published in full, as with PUBLISH_UNCHANGED=true`,
    );
    return new Map();
  }

  /** See read-back.ts: the retained payloads under `filters`, ended by `barrier`; undefined when refused or too late. */
  readRetained(filters: readonly string[], barrier: Message): Promise<Map<string, string> | undefined> {
    const { link, sender, options } = this;
    return readRetained({ link, sender, url: options.url, timeoutMs: options.timeoutMs }, filters, barrier);
  }

  /** Shutdown: `offline` (retained) if asked, wait for its acknowledgement, disconnect; bounded by `timeoutMs`. */
  async close(options: { offline: boolean }): Promise<void> {
    this.reconnector.stop();
    const client = this.client;
    if (!client) return;
    if (options.offline && client.connected) {
      await this.sender
        .send(client, [this.status('offline')])
        .catch((error: unknown) => this.options.log.warn(`could not publish offline status: ${messageOf(error)}`));
    }
    if (client.connected) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([client.endAsync(), new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.timeoutMs)))]);
      clearTimeout(timer);
    }
    // Unacknowledged packets keep a graceful end waiting forever, and a second end()
    // is ignored while the first is pending: close the socket itself.
    client.end(true);
    client.stream?.destroy();
  }

  /** `online` (retained) on `bridge/status`, for a one-shot run that reads nothing back. */
  async publishOnline(): Promise<void> {
    await this.publish([this.status('online')]);
  }

  /** `bridge/status` is always retained, whatever MQTT_RETAIN says. */
  private status(payload: 'online' | 'offline'): Message {
    return { topic: this.options.statusTopic, payload, qos: this.options.qos, retain: true };
  }

  private report(error: unknown): void {
    this.erroredSinceConnect = true;
    // mqtt.js reports here what goes wrong on an established connection too: that is no failure to connect.
    const problem = this.client?.connected
      ? `the connection to the MQTT broker at ${this.options.url} failed: ${messageOf(error).trim()}`
      : brokerError(error, this.options.url, this.options.timeoutMs).message;
    // Once per kind of failure, not on every reconnect attempt.
    if (problem === this.lastProblem) return;
    this.lastProblem = problem;
    // One-shot mode reports failures where they end the run; here they are detail.
    if (this.options.daemon) this.options.log.warn(`${problem}; retrying`);
    else this.options.log.debug(problem);
  }

  private onConnect(connack: Parameters<typeof brokerLimits>[1]): void {
    const { link } = this;
    link.generation++;
    link.limits = brokerLimits(this.options.protocolVersion, connack);
    this.disconnectReason = undefined;
    this.erroredSinceConnect = false;
    link.lastPacketAt = Date.now();
    const { receiveMaximum, maximumPacketSize } = link.limits;
    if (receiveMaximum !== undefined || maximumPacketSize !== undefined)
      this.options.log.debug(
        `the MQTT broker allows ${receiveMaximum ?? 'any number of'} messages in flight and packets of ${maximumPacketSize ?? 'any'} bytes`,
      );
  }

  private onDaemonClose(): void {
    const client = this.client!;
    const abandoned = this.link.abandoned;
    this.link.abandoned = false;
    const closedOn = abandoned ? undefined : this.closing.closedOn();
    // Reconnecting starts a new session: packets still waiting for an ack would wait for ever
    // (and hold window slots). Fail them now; the latest values are replayed on connect.
    for (const id of Object.keys(client.outgoing)) client.removeOutgoingMessage(Number(id));
    if (this.reconnector.idle) return;
    if (!this.wasConnected) {
      this.reconnector.attemptFailed();
      return;
    }
    this.wasConnected = false;
    const lastedMs = Date.now() - this.connectedAt;
    if (closedOn && this.closing.closedRightAfter(closedOn)) this.latest.forget(closedOn.topic);
    this.reconnector.lost({
      reasonCode: this.disconnectReason,
      errored: this.erroredSinceConnect,
      lastedMs,
      unacknowledged: closedOn !== undefined,
    });
  }

  private onDaemonConnect(): void {
    const client = this.client!;
    this.lastProblem = '';
    this.wasConnected = true;
    this.connectedAt = Date.now();
    const before = this.options.beforeFirstReplay;
    if (before === undefined || this.firstReplayDone) {
      this.replay(client);
      return;
    }
    // What the broker holds is read before our kept values can overwrite it.
    const generation = this.link.generation;
    const release = this.latest.hold();
    void before()
      .catch((error: unknown) => this.options.log.warn(`before publishing the kept values: ${messageOf(error)}`))
      .then(() => {
        const current = generation === this.link.generation;
        release(current);
        // Lost meanwhile: the next connection runs it again.
        if (!current || !client.connected) return;
        this.firstReplayDone = true;
        this.replay(client);
      });
  }

  private replay(client: MqttClient): void {
    const online = this.status('online');
    const latest = this.latest.toReplay();
    // Values kept while the broker was away, or lost by a broker restarted without persistence.
    if (latest.length > 0)
      this.options.log.info(`connected to the MQTT broker at ${this.options.url}; publishing ${latest.length} latest values`);
    else this.options.log.info(`connected to the MQTT broker at ${this.options.url}`);
    this.sender
      .send(client, [online, ...latest])
      .catch((error: unknown) => this.options.log.warn(`publishing after connect failed: ${messageOf(error)}`));
  }
}
