import type { IClientOptions, IClientPublishOptions, MqttClient } from 'mqtt';
import { Owm2MqttError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Message } from '../message.js';
import { connectionOptions, type ConnectionSettings } from './connection.js';
import { openClient } from './open.js';
import { brokerError } from './refusals.js';
import { QOS2_WINDOW, Window } from './window.js';

export interface PublisherOptions extends ConnectionSettings {
  readonly url: string;
  readonly clientId: string;
  /** Deadline for the first connection and for each batch of acknowledgements. */
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
  readonly random?: () => number;
}

export type PublishOutcome = 'sent' | 'kept-for-reconnect';

/** The only module that talks to mqtt.js. Constructors store; `connect()` acts. */
export class Publisher {
  private client: MqttClient | undefined;
  /** Latest message per topic, clears included, replayed on every connect (the broker may have lost them). */
  private readonly latest = new Map<string, Message>();
  private readonly qos2Window = new Window(QOS2_WINDOW);
  private lastProblem = '';
  private reconnectAttempts = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private wasConnected = false;
  private connectedAt = 0;
  /** Sends and read-backs waiting on the broker's answer. */
  private waiting = 0;
  private nudgeScheduled = false;

  constructor(private readonly options: PublisherOptions) {}

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
    client.on('packetreceive', () => this.nudgeSoon(client));
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
    if (this.options.daemon) for (const message of messages) this.latest.set(message.topic, message);
    const client = this.client;
    if (!client?.connected) {
      if (this.options.daemon) return 'kept-for-reconnect';
      throw new Owm2MqttError('MQTT_UNREACHABLE', `not connected to the MQTT broker at ${this.options.url}`);
    }
    await this.send(client, messages);
    return 'sent';
  }

  /** Subscribes (again after every reconnect, by mqtt.js) and calls `handler` with each payload on exactly `filter`. */
  async subscribe(filter: string, handler: (payload: string, retained: boolean) => void): Promise<void> {
    const client = this.client;
    if (!client) return;
    client.on('message', (topic, payload, packet) => {
      if (topic === filter) handler(payload.toString('utf8'), packet.retain);
    });
    await client.subscribeAsync(filter, { qos: 1 }).catch((error: unknown) => this.options.log.warn(`could not subscribe to ${filter}: ${(error as Error).message}`));
  }

  /**
   * Publishes `online` (retained) and returns the retained payloads under `filter`
   * as the broker holds them. The broker sends a subscription's retained messages
   * before anything published after it, so our own `online` coming back marks the
   * end. Empty when the broker refuses the subscription or does not answer in time.
   */
  async onlineReadingRetained(filter: string): Promise<Map<string, string>> {
    return (await this.readRetained([filter], this.status('online'))) ?? new Map();
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
      if (!waited) this.options.log.debug(`no echo of ${barrier.topic} within ${this.options.timeoutMs} ms`);
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
        this.options.log.warn(`could not publish offline status: ${(error as Error).message}`),
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
    const problem = brokerError(error, this.options.url, this.options.timeoutMs).message;
    // Once per kind of failure, not on every reconnect attempt.
    if (problem === this.lastProblem) return;
    this.lastProblem = problem;
    // One-shot mode reports failures where they end the run; here they are detail.
    if (this.options.daemon) this.options.log.warn(`${problem}; retrying`);
    else this.options.log.debug(problem);
  }

  private onDaemonClose(): void {
    const client = this.client!;
    // Reconnecting starts a new session: packets still waiting for an ack would wait for ever
    // (and hold QoS 2 window slots). Fail them now; the latest values are replayed on connect.
    for (const id of Object.keys(client.outgoing)) client.removeOutgoingMessage(Number(id));
    if (this.closing || this.reconnectTimer) return;
    if (this.wasConnected) {
      this.wasConnected = false;
      // A broker that accepts and then drops us (another client with our id, an ACL that
      // disconnects) must not be hammered: the backoff restarts only after a stable connection.
      if (Date.now() - this.connectedAt >= this.options.reconnectMaxMs) this.reconnectAttempts = 0;
      this.options.log.warn(`lost the MQTT broker at ${this.options.url}; keeping the latest value of every topic to publish when it is back`);
    }
    // Equal jitter: between half and all of a ceiling that doubles per failed attempt, so a fleet
    // of bridges does not reconnect in step after a broker restart, and none retries at once.
    const ceiling = Math.min(this.options.reconnectMaxMs, this.options.reconnectMinMs * 2 ** Math.min(this.reconnectAttempts, 30));
    const wait = Math.round(ceiling / 2 + ((this.options.random ?? Math.random)() * ceiling) / 2);
    this.reconnectAttempts++;
    this.options.log.debug(`reconnecting to the MQTT broker in ${wait} ms (attempt ${this.reconnectAttempts})`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.closing) this.client?.reconnect();
    }, wait);
  }

  private onDaemonConnect(): void {
    const client = this.client!;
    this.lastProblem = '';
    this.wasConnected = true;
    this.connectedAt = Date.now();
    const online = this.status('online');
    // Values kept while the broker was away, or lost by a broker restarted without persistence.
    if (this.latest.size > 0) this.options.log.info(`connected to the MQTT broker at ${this.options.url}; publishing ${this.latest.size} latest values`);
    else this.options.log.info(`connected to the MQTT broker at ${this.options.url}`);
    this.send(client, [online, ...this.latest.values()]).catch((error: unknown) => this.options.log.warn(`publishing after connect failed: ${(error as Error).message}`));
  }

  private publishOptions(message: Message): IClientPublishOptions {
    const options: IClientPublishOptions = { qos: message.qos, retain: message.retain };
    if (this.options.protocolVersion === 5) {
      const expires = this.options.messageExpirySeconds > 0 && !message.persistent && message.topic !== this.options.statusTopic && message.payload !== '';
      options.properties = {
        contentType: message.json ? 'application/json' : 'text/plain; charset=utf-8',
        ...(expires ? { messageExpiryInterval: this.options.messageExpirySeconds } : {}),
      };
    }
    return options;
  }

  /** MQTT 5 brokers say why they refuse a publish (PUBACK reason code); name it and the topic. */
  private refusal(error: unknown, topic: string): unknown {
    const code = (error as { code?: unknown }).code;
    if (code === 135) return new Owm2MqttError('MQTT_UNREACHABLE', `the MQTT broker at ${this.options.url} does not let this client publish to "${topic}" (not authorised, reason 135): check its ACL for MQTT_USERNAME / MQTT_CLIENT_ID`);
    if (typeof code === 'number' && code >= 128) return new Owm2MqttError('MQTT_UNREACHABLE', `the MQTT broker at ${this.options.url} refused the publish to "${topic}" (reason ${code}: ${(error as Error).message})`);
    return error;
  }

  private async send(client: MqttClient, messages: readonly Message[]): Promise<void> {
    const acks = messages.map((m) => {
      const publish = () => {
        // The daemon replays its latest values on reconnect: nothing to queue while the broker is away.
        if (this.options.daemon && !client.connected) return Promise.resolve(undefined);
        return client.publishAsync(m.topic, m.payload, this.publishOptions(m)).catch((error: unknown) => Promise.reject(this.refusal(error, m.topic)));
      };
      return m.qos === 2 ? this.qos2Window.run(publish) : publish();
    });
    let timer: NodeJS.Timeout | undefined;
    let onClose: (() => void) | undefined;
    const failure = new Promise<never>((_, reject) => {
      const count = `${messages.length} message(s)`;
      timer = setTimeout(
        () =>
          reject(
            client.connected
              ? new Owm2MqttError('MQTT_TIMEOUT', `the MQTT broker at ${this.options.url} did not acknowledge ${count} within ${this.options.timeoutMs} ms (MQTT_TIMEOUT_MS): does its ACL let this client publish there?`)
              : new Owm2MqttError('MQTT_UNREACHABLE', `the connection to the MQTT broker at ${this.options.url} was lost before it acknowledged ${count}`),
          ),
        this.options.timeoutMs,
      );
      if (!this.options.daemon) {
        onClose = () => reject(new Owm2MqttError('MQTT_UNREACHABLE', `the connection to the MQTT broker at ${this.options.url} was lost before it acknowledged ${count}`));
        client.once('close', onClose);
      }
    });
    this.waiting++;
    try {
      await Promise.race([Promise.all(acks), failure]);
    } catch (error) {
      acks.forEach((ack) => ack.catch(() => undefined));
      if (error instanceof Owm2MqttError) throw error;
      throw new Owm2MqttError('MQTT_UNREACHABLE', `publishing to the MQTT broker at ${this.options.url} failed: ${(error as Error).message}`);
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
