import type { IClientOptions, IClientPublishOptions, MqttClient } from 'mqtt';
import { Owm2MqttError, messageOf } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { Message } from '../core/message.js';
import { ReconnectBackoff } from './backoff.js';
import { connectionOptions, type ConnectionSettings } from './connection.js';
import { openClient } from './open.js';
import { brokerLimits, MAX_IN_FLIGHT, type BrokerLimits } from './limits.js';
import { oversizePacket } from './packet-size.js';
import { PublishError } from './publish-error.js';
import { acceptEveryPublishReasonCode, PUBLISH_REASONS } from './reason-codes.js';
import { brokerError } from './refusals.js';
import { TakeoverDetector } from './takeover.js';

acceptEveryPublishReasonCode();

export interface PublisherOptions extends ConnectionSettings {
  readonly url: string;
  readonly clientId: string;
  /** Deadline for the first connection, and the longest wait for the next acknowledgement of a batch. */
  readonly timeoutMs: number;
  /** `P/bridge/status`: the daemon publishes `online` (retained) on every connect, `offline` as Last Will. */
  readonly statusTopic: string;
  /** The configured MQTT_QOS: `bridge/status` and the Last Will use it too. */
  readonly qos: 0 | 1 | 2;
  /** Daemon: Last Will, reconnect forever, keep the latest message per topic and replay it on every connect. */
  readonly daemon: boolean;
  /** Daemon reconnect backoff: the first wait, doubled after each failed attempt up to the max. */
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  /** MQTT 5: weather messages expire from the broker after this many seconds; 0 = never. */
  readonly messageExpirySeconds: number;
  readonly log: Logger;
  /** The reconnect backoff's jitter (tests); Math.random by default. */
  readonly random?: () => number;
  /**
   * Daemon: run on connecting, before the kept values are replayed, until one run completes on a
   * live connection (the read-back of what the broker holds). Publishes meanwhile wait for it.
   */
  readonly beforeFirstReplay?: () => Promise<void>;
}

export type PublishOutcome = 'sent' | 'kept-for-reconnect';

/** After this many closes right after one topic's publish, the daemon stops sending that topic at that size. */
const CLOSES_BEFORE_DROPPING = 3;

/** A daemon's publish not sent because its connection is gone: the replay on connect sends it, nothing acknowledged it. */
const KEPT = Symbol('kept');

/** The only module that talks to mqtt.js. Constructors store; `connect()` acts. */
export class Publisher {
  private client: MqttClient | undefined;
  /** Latest message per topic, clears included, replayed on every connect (the broker may have lost them). */
  private readonly latest = new Map<string, Message>();
  /** This connection's in-flight windows and packet size limit, from its CONNACK. */
  private limits: BrokerLimits = brokerLimits(4, undefined);
  /** Counts connections: a publish waiting in a window of a connection that is gone is dropped (the reconnect replays it). */
  private generation = 0;
  private readonly takeovers: TakeoverDetector;
  private disconnectReason: number | undefined;
  private erroredSinceConnect = false;
  private lastPacketAt = 0;
  private lastAckAt = 0;
  private lastProblem = '';
  private readonly backoff: ReconnectBackoff;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private wasConnected = false;
  private connectedAt = 0;
  /** Sends and read-backs waiting on the broker's answer. */
  private waiting = 0;
  private nudgeScheduled = false;
  /** `beforeFirstReplay` completed on a live connection: later connects replay at once. */
  private firstReplayDone = false;
  /** Settles when `beforeFirstReplay` has run on this connection: publishes wait for it. */
  private held: Promise<void> | undefined;
  /** Messages of publishes waiting for `held`: they send them themselves, the replay leaves them out. */
  private readonly heldBack = new Set<Message>();
  /** We closed this connection ourselves (a silent broker): no publish of ours is what the broker closed it on. */
  private abandoned = false;
  /** Publishes sent and not yet acknowledged, with when: what a broker that closes the connection on a packet closed on. */
  private readonly unacked = new Set<{ message: Message; at: number }>();
  /** Per topic, how many closes came right after one of its publishes. */
  private readonly closedAfter = new Map<string, number>();
  /** Topics the broker keeps closing the connection on, and the payload size from which they are not sent. */
  private readonly dropped = new Map<string, number>();

  constructor(private readonly options: PublisherOptions) {
    this.takeovers = new TakeoverDetector(options.reconnectMaxMs);
    this.backoff = new ReconnectBackoff(options.reconnectMinMs, options.reconnectMaxMs, options.random);
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
    this.client = client;
    // Always listening for 'error': an EventEmitter without one would throw.
    client.on('error', (error) => this.report(error));
    client.on('packetreceive', () => {
      this.lastPacketAt = Date.now();
      this.nudgeSoon(client);
    });
    client.on('connect', (connack) => this.onConnect(connack));
    client.on('disconnect', (packet) => (this.disconnectReason = packet.reasonCode));
    if (options.daemon) {
      client.on('connect', () => this.onDaemonConnect());
      client.on('close', () => this.onDaemonClose());
      await new Promise<void>((resolve) => client.once('connect', () => resolve()));
      return;
    }
    await new Promise<void>((resolve, reject) => {
      // mqtt.js's own connack timer (connectTimeout) normally fires first; this one is the safety net.
      const timer = setTimeout(() => fail('timeout'), options.timeoutMs + 1000);
      const cleanup = () => {
        clearTimeout(timer);
        client.removeListener('connect', succeed);
        client.removeListener('error', fail);
        client.removeListener('close', closed);
      };
      const succeed = () => {
        cleanup();
        resolve();
      };
      const fail = (error: unknown) => {
        cleanup();
        client.end(true);
        reject(brokerError(error, options.url, options.timeoutMs));
      };
      const closed = () => fail(new Error('the connection closed before the broker accepted it'));
      client.once('connect', succeed);
      client.once('error', fail);
      client.once('close', closed);
    });
  }

  /** Publishes a batch and waits for every acknowledgement (QoS ≥ 1), within `timeoutMs`. */
  async publish(messages: readonly Message[]): Promise<PublishOutcome> {
    if (this.options.daemon) for (const message of messages) if (!this.isDropped(message)) this.latest.set(message.topic, message);
    let sending = messages;
    if (this.held) {
      for (const message of messages) this.heldBack.add(message);
      try {
        while (this.held) await this.held;
      } finally {
        for (const message of messages) this.heldBack.delete(message);
      }
      // What the read-back dropped (older than the broker's) or a later publish replaced is not sent.
      sending = messages.filter((message) => this.latest.get(message.topic) === message);
      if (sending.length === 0) return 'kept-for-reconnect';
    }
    const client = this.client;
    if (!client?.connected) {
      if (this.options.daemon) return 'kept-for-reconnect';
      throw new Owm2MqttError('MQTT_UNREACHABLE', `not connected to the MQTT broker at ${this.options.url}`);
    }
    return (await this.send(client, sending)) === 'kept' ? 'kept-for-reconnect' : 'sent';
  }

  /** The payload kept for the replay on `topic`, if any. */
  keptPayload(topic: string): string | undefined {
    return this.latest.get(topic)?.payload;
  }

  /** Drops the kept messages whose topic starts with `prefix`: they are not replayed. */
  dropKept(prefix: string): void {
    for (const topic of this.latest.keys()) if (topic.startsWith(prefix)) this.latest.delete(topic);
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

  /**
   * The retained payloads under `filters`, ended by `barrier`: a message we
   * publish after subscribing, which comes back after every retained one.
   * Undefined when the broker refuses a subscription or the barrier does not
   * come back within `timeoutMs`.
   */
  async readRetained(filters: readonly string[], barrier: Message): Promise<Map<string, string> | undefined> {
    const client = this.client;
    if (!client?.connected) throw new Owm2MqttError('MQTT_UNREACHABLE', `not connected to the MQTT broker at ${this.options.url}`);
    const retained = new Map<string, string>();
    let done: () => void = () => undefined;
    const echoed = new Promise<void>((resolve) => (done = resolve));
    const onMessage = (topic: string, payload: Buffer, packet: { retain: boolean }) => {
      if (topic === barrier.topic && !packet.retain) done();
      else if (packet.retain && topic !== barrier.topic) retained.set(topic, payload.toString('utf8'));
    };
    client.on('message', onMessage);
    let timer: NodeJS.Timeout | undefined;
    const subscribed = [...filters, barrier.topic];
    try {
      // Not waiting for the SUBACK: the broker handles one connection's packets in order, so the
      // subscription is in place before the barrier arrives, and a broker that never answers
      // a SUBSCRIBE cannot stall us beyond the barrier's own acknowledgement timeout.
      let refused = false;
      const subscribing = client.subscribeAsync(subscribed, { qos: 1 }).then(
        (granted) => (refused = granted.some((g) => g.qos === 128)),
        () => (refused = true),
      );
      await this.send(client, [barrier]);
      this.waiting++;
      const waited = await Promise.race([
        Promise.all([echoed, subscribing]).then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.options.timeoutMs))),
      ]).finally(() => this.waiting--);
      return waited && !refused ? retained : undefined;
    } finally {
      clearTimeout(timer);
      client.removeListener('message', onMessage);
      // Not awaited either: a broker that never answers must not hold the run.
      client.unsubscribeAsync(subscribed).catch(() => undefined);
    }
  }

  /** Shutdown: `offline` (retained) if asked, wait for its acknowledgement, disconnect; bounded by `timeoutMs`. */
  async close(options: { offline: boolean }): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    if (!client) return;
    if (options.offline && client.connected) {
      await this.send(client, [this.status('offline')]).catch((error: unknown) =>
        this.options.log.warn(`could not publish offline status: ${messageOf(error)}`),
      );
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
    this.generation++;
    this.limits = brokerLimits(this.options.protocolVersion, connack);
    this.disconnectReason = undefined;
    this.erroredSinceConnect = false;
    this.lastPacketAt = Date.now();
    const { receiveMaximum, maximumPacketSize } = this.limits;
    if (receiveMaximum !== undefined || maximumPacketSize !== undefined)
      this.options.log.debug(
        `the MQTT broker allows ${receiveMaximum ?? 'any number of'} messages in flight and packets of ${maximumPacketSize ?? 'any'} bytes`,
      );
  }

  private onDaemonClose(): void {
    const client = this.client!;
    const closedOn = this.closedOn();
    // Reconnecting starts a new session: packets still waiting for an ack would wait for ever
    // (and hold window slots). Fail them now; the latest values are replayed on connect.
    for (const id of Object.keys(client.outgoing)) client.removeOutgoingMessage(Number(id));
    if (this.closing || this.reconnectTimer) return;
    // A failed attempt: the broker is away (restarting), which no other client explains.
    if (!this.wasConnected) this.takeovers.unreachable();
    if (this.wasConnected) {
      this.wasConnected = false;
      const lastedMs = Date.now() - this.connectedAt;
      if (closedOn) this.closedRightAfter(closedOn);
      const takeover = this.takeovers.closed({
        reasonCode: this.disconnectReason,
        errored: this.erroredSinceConnect,
        lastedMs,
        unacknowledged: closedOn !== undefined,
      });
      if (takeover) {
        this.yieldTo(takeover.certain, takeover.first, takeover.waitMs);
        return;
      }
      this.backoff.connectionLasted(lastedMs);
      this.options.log.warn(
        `lost the MQTT broker at ${this.options.url}; keeping the latest value of every topic to publish when it is back`,
      );
    }
    const { waitMs, attempt } = this.backoff.next();
    this.options.log.debug(`reconnecting to the MQTT broker in ${waitMs} ms (attempt ${attempt})`);
    this.reconnectLater(waitMs);
  }

  /** The largest of our publishes sent within MQTT_TIMEOUT_MS and not acknowledged: what the broker closed the connection on, if it did. */
  private closedOn(): Message | undefined {
    const abandoned = this.abandoned;
    this.abandoned = false;
    if (abandoned) return undefined;
    const since = Date.now() - this.options.timeoutMs;
    let largest: Message | undefined;
    for (const { message, at } of this.unacked) {
      if (at >= since && (largest === undefined || Buffer.byteLength(message.payload) > Buffer.byteLength(largest.payload)))
        largest = message;
    }
    return largest;
  }

  /** Said the first time; after a few in a row, the topic is no longer replayed nor sent at that size, so the others get through. */
  private closedRightAfter(message: Message): void {
    const bytes = Buffer.byteLength(message.payload);
    const times = (this.closedAfter.get(message.topic) ?? 0) + 1;
    this.closedAfter.set(message.topic, times);
    if (times === 1)
      this.options.log.warn(
        `the MQTT broker at ${this.options.url} closed the connection right after "${message.topic}" (${bytes} bytes) without acknowledging it: a size limit (Mosquitto: max_packet_size) or an ACL that disconnects?`,
      );
    if (times < CLOSES_BEFORE_DROPPING) return;
    const first = !this.dropped.has(message.topic);
    this.dropped.set(message.topic, Math.min(bytes, this.dropped.get(message.topic) ?? bytes));
    this.latest.delete(message.topic);
    if (first)
      this.options.log.warn(
        `"${message.topic}" is not sent any more at ${bytes} bytes or more: the MQTT broker at ${this.options.url} closed the connection right after it ${times} times; the other topics go on. Raise the broker's limit and restart owm2mqtt`,
      );
  }

  private isDropped(message: Message): boolean {
    const from = this.dropped.get(message.topic);
    return from !== undefined && Buffer.byteLength(message.payload) >= from;
  }

  /** Another client connected with our client id: leave the broker to it for a while, instead of pushing it off at once. */
  private yieldTo(certain: boolean, first: boolean, waitMs: number): void {
    const who = `another client with the same MQTT_CLIENT_ID ("${this.options.clientId}")`;
    const what = certain
      ? `${who} connected to the MQTT broker at ${this.options.url}, which closed this connection (MQTT 5 reason 142, session taken over)`
      : `the MQTT broker at ${this.options.url} keeps closing this connection soon after accepting it, without giving a reason: most likely ${who} is connected, or the broker is restarting repeatedly`;
    const advice = `is a second owm2mqtt running with the same settings? Give each its own MQTT_CLIENT_ID. Leaving the broker to it for ${Math.round(waitMs / 1000)} s, longer after each takeover (at most an hour)`;
    if (first) this.options.log.warn(`${what}: ${advice}`);
    else this.options.log.debug(`taken over again; trying again in ${waitMs} ms`);
    this.reconnectLater(waitMs);
  }

  private reconnectLater(waitMs: number): void {
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.closing) this.client?.reconnect();
    }, waitMs);
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
    const generation = this.generation;
    let release: () => void = () => undefined;
    this.held = new Promise<void>((resolve) => (release = resolve));
    void before()
      .catch((error: unknown) => this.options.log.warn(`before publishing the kept values: ${messageOf(error)}`))
      .then(() => {
        // The waiting publishes go on after this replay has left their messages out.
        release();
        if (generation !== this.generation) return;
        this.held = undefined;
        // Lost meanwhile: the next connection runs it again.
        if (!client.connected) return;
        this.firstReplayDone = true;
        this.replay(client);
      });
  }

  private replay(client: MqttClient): void {
    const online = this.status('online');
    const latest = [...this.latest.values()].filter((message) => !this.heldBack.has(message));
    // Values kept while the broker was away, or lost by a broker restarted without persistence.
    if (latest.length > 0)
      this.options.log.info(`connected to the MQTT broker at ${this.options.url}; publishing ${latest.length} latest values`);
    else this.options.log.info(`connected to the MQTT broker at ${this.options.url}`);
    this.send(client, [online, ...latest]).catch((error: unknown) =>
      this.options.log.warn(`publishing after connect failed: ${messageOf(error)}`),
    );
  }

  private publishOptions(message: Message): IClientPublishOptions {
    const options: IClientPublishOptions = { qos: message.qos, retain: message.retain };
    if (this.options.protocolVersion === 5) {
      const expires =
        this.options.messageExpirySeconds > 0 &&
        !message.persistent &&
        message.topic !== this.options.statusTopic &&
        message.payload !== '';
      options.properties = {
        contentType: message.json ? 'application/json' : 'text/plain; charset=utf-8',
        ...(expires ? { messageExpiryInterval: this.options.messageExpirySeconds } : {}),
      };
    }
    return options;
  }

  /** MQTT 5 brokers say why they refuse a publish (PUBACK or PUBREC reason code); name it, the topic and what to change. */
  private refusal(error: unknown, message: Message): unknown {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'number' || code < 128) return error;
    const where = `the MQTT broker at ${this.options.url}`;
    if (code === 135)
      return new Owm2MqttError(
        'MQTT_UNREACHABLE',
        `${where} does not let this client publish to "${message.topic}" (not authorised, reason 135): check its ACL for MQTT_USERNAME / MQTT_CLIENT_ID`,
      );
    if (code === 149)
      return new Owm2MqttError(
        'MQTT_UNREACHABLE',
        `${where} refused "${message.topic}" as too large (${Buffer.byteLength(message.payload)} bytes of payload; reason 149, packet too large): raise its size limit (Mosquitto: message_size_limit, max_packet_size)`,
      );
    if (code === 151)
      return new Owm2MqttError(
        'MQTT_UNREACHABLE',
        `${where} refused "${message.topic}": more messages in flight than it allows (reason 151, quota exceeded)`,
      );
    return new Owm2MqttError(
      'MQTT_UNREACHABLE',
      `${where} refused the publish to "${message.topic}" (reason ${code}, ${PUBLISH_REASONS[code] ?? 'unknown reason'})`,
    );
  }

  /** One publish, within this connection's window for its QoS; refused here when larger than the broker said it takes (it would disconnect us). */
  private publishOne(client: MqttClient, message: Message): Promise<unknown> {
    const generation = this.generation;
    const publish = async () => {
      // The daemon replays its latest values on reconnect: nothing to queue while the broker is away.
      if (this.options.daemon && (!client.connected || generation !== this.generation)) return KEPT;
      const options = this.publishOptions(message);
      const max = this.limits.maximumPacketSize;
      const size = max === undefined ? undefined : oversizePacket(message, options, max);
      if (size !== undefined) {
        throw new Owm2MqttError(
          'MQTT_UNREACHABLE',
          `"${message.topic}" is a ${size}-byte packet and the MQTT broker at ${this.options.url} takes at most ${max} (its Maximum Packet Size; Mosquitto: max_packet_size): not sent; raise the broker's limit`,
        );
      }
      if (this.isDropped(message)) {
        throw new Owm2MqttError(
          'MQTT_UNREACHABLE',
          `"${message.topic}" (${Buffer.byteLength(message.payload)} bytes) not sent: the MQTT broker at ${this.options.url} closed the connection right after it each time (a size limit, Mosquitto: max_packet_size); raise the broker's limit`,
        );
      }
      const sent = { message, at: Date.now() };
      this.unacked.add(sent);
      const ack = await client
        .publishAsync(message.topic, message.payload, options)
        .catch((error: unknown) => Promise.reject(this.refusal(error, message)))
        .finally(() => this.unacked.delete(sent));
      this.lastAckAt = Date.now();
      return ack;
    };
    if (message.qos === 2) return this.limits.qos2.run(publish);
    return this.limits.qos1.run(publish);
  }

  /**
   * Publishes `messages` in batches of MAX_IN_FLIGHT, each acknowledged before the next goes out,
   * so a huge batch holds little memory. Refusals of single messages do not stop the others; a
   * silent or lost broker stops the rest. The error says how many the broker acknowledged.
   */
  private async send(client: MqttClient, messages: readonly Message[]): Promise<'sent' | 'kept'> {
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
        : new Owm2MqttError('MQTT_UNREACHABLE', `publishing to the MQTT broker at ${this.options.url} failed: ${messageOf(error)}`);
    const counted = messages.length > 1 ? `; ${acknowledged} of ${messages.length} messages were acknowledged` : '';
    return new PublishError(reason.code, `${reason.message}${more}${counted}`, acknowledged, messages.length);
  }

  /**
   * Sends one batch and waits until every message is acknowledged or refused. Fails when the
   * connection closes, or when no acknowledgement of ours comes for `timeoutMs`: a broker that
   * answered nothing at all meanwhile (not even a ping) is lost, not refusing.
   */
  private async sendBatch(client: MqttClient, batch: readonly Message[], onAck: () => void): Promise<PromiseSettledResult<unknown>[]> {
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
    const { timeoutMs, url } = this.options;
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
        const progress = Math.max(started, this.lastAckAt);
        if (now - progress < timeoutMs) {
          // Nothing from the broker for a while: a ping tells a silent broker from a busy one.
          if (now - this.lastPacketAt >= timeoutMs / 2) client.sendPing();
          timer = setTimeout(check, Math.max(1, Math.min(timeoutMs / 2, progress + timeoutMs - now)));
          return;
        }
        const silentMs = now - Math.max(this.lastPacketAt, started);
        if (silentMs >= timeoutMs / 2) {
          reject(
            new Owm2MqttError(
              'MQTT_UNREACHABLE',
              `the MQTT broker at ${url} did not acknowledge ${pending} message(s) within ${timeoutMs} ms (MQTT_TIMEOUT_MS) and answered nothing for ${silentMs} ms, not even a ping: the connection is lost (network down, or the broker hung)`,
            ),
          );
          // The daemon reconnects (and replays its latest values) instead of waiting for a dead socket's keepalive.
          if (this.options.daemon) {
            this.abandoned = true;
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
    this.waiting++;
    try {
      return await Promise.race([acks, failure]);
    } finally {
      this.waiting--;
      clearTimeout(timer);
      if (onClose) client.removeListener('close', onClose);
    }
  }

  /**
   * A broker with Nagle's algorithm on (Mosquitto's default, `set_tcp_nodelay false`) holds its
   * next packets until our kernel acknowledges the last one, and Linux delays that acknowledgement
   * up to 40 ms when we have nothing to send: twice per one-shot run. While we wait on the broker
   * and have written nothing since its packet came, a PINGREQ (2 bytes) carries the ACK at once.
   */
  private nudgeSoon(client: MqttClient): void {
    if (this.nudgeScheduled || this.waiting === 0) return;
    this.nudgeScheduled = true;
    const written = bytesWritten(client);
    setImmediate(() => {
      this.nudgeScheduled = false;
      if (this.waiting > 0 && client.connected && bytesWritten(client) === written) client.sendPing();
    });
  }
}

function bytesWritten(client: MqttClient): number | undefined {
  const stream = client.stream as { bytesWritten?: number } | undefined;
  return stream?.bytesWritten;
}
