import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { Owm2MqttError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Message } from '../message.js';
import { brokerError } from './refusals.js';
import { QOS2_WINDOW, Window } from './window.js';

export interface PublisherOptions {
  readonly url: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly clientId: string;
  /** Deadline for the first connection and for each batch of acknowledgements. */
  readonly timeoutMs: number;
  /** `P/bridge/status`; `online` is published (retained) on every connect. */
  readonly statusTopic: string;
  readonly statusQos: 0 | 1 | 2;
  /** Daemon: `offline` as Last Will, reconnect forever, keep the latest value per topic and replay it on reconnect. */
  readonly daemon: boolean;
  readonly reconnectPeriodMs?: number;
  readonly log: Logger;
}

export type PublishOutcome = 'sent' | 'kept-for-reconnect';

/** The only module that talks to mqtt.js. Constructors store; `connect()` acts. */
export class Publisher {
  private client: MqttClient | undefined;
  /** Latest message per topic (a cleared topic has none), replayed after every reconnect. */
  private readonly latest = new Map<string, Message>();
  private connectedOnce = false;
  private readonly qos2Window = new Window(QOS2_WINDOW);

  constructor(private readonly options: PublisherOptions) {}

  get connected(): boolean {
    return this.client?.connected === true;
  }

  /** Resolves on the first CONNACK. One-shot mode rejects on refusal or after `timeoutMs`. */
  async connect(): Promise<void> {
    const { options } = this;
    const clientOptions: IClientOptions = {
      clientId: options.clientId,
      username: options.username,
      password: options.password,
      clean: true,
      connectTimeout: options.timeoutMs,
      reconnectPeriod: options.daemon ? (options.reconnectPeriodMs ?? 1000) : 0,
      // The first packet otherwise builds a 64 Ki entry cache of small buffers: memory we never use.
      writeCache: false,
      will: options.daemon ? { topic: options.statusTopic, payload: Buffer.from('offline'), qos: options.statusQos, retain: true } : undefined,
    };
    const client = mqtt.connect(options.url, clientOptions);
    this.client = client;
    client.on('connect', () => this.onConnect());
    client.on('close', () => {
      if (this.connectedOnce && options.daemon) options.log.debug('MQTT connection closed');
    });
    client.on('offline', () => options.log.warn(`MQTT broker at ${options.url} unreachable; keeping the latest values to publish when it is back`));

    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail('timeout'), options.timeoutMs);
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
      let lastProblem = '';
      const fail = (error: unknown) => {
        const named = brokerError(error, options.url, options.timeoutMs);
        if (options.daemon) {
          // Say it once per kind of failure, not on every retry.
          if (named.message !== lastProblem) options.log.warn(`${named.message}; retrying`);
          lastProblem = named.message;
          return;
        }
        cleanup();
        client.end(true);
        reject(named);
      };
      const closed = () => {
        if (!options.daemon) fail(new Error('the connection closed before the broker accepted it'));
      };
      client.on('connect', succeed);
      client.on('error', fail);
      client.on('close', closed);
      if (options.daemon) clearTimeout(timer);
    });
    client.on('error', (error) => options.log.warn(brokerError(error, options.url, options.timeoutMs).message));
  }

  /** Publishes a batch and waits for every acknowledgement (QoS ≥ 1), within `timeoutMs`. */
  async publish(messages: readonly Message[]): Promise<PublishOutcome> {
    if (this.options.daemon) for (const message of messages) this.remember(message);
    const client = this.client;
    if (!client?.connected) {
      if (this.options.daemon) return 'kept-for-reconnect';
      throw new Owm2MqttError('MQTT_UNREACHABLE', `not connected to the MQTT broker at ${this.options.url}`);
    }
    await this.send(client, messages);
    return 'sent';
  }

  /** Daemon shutdown: `offline` (retained), wait for its acknowledgement, then disconnect. */
  async close(options: { offline: boolean }): Promise<void> {
    const client = this.client;
    if (!client) return;
    if (options.offline && client.connected) {
      await this.send(client, [{ topic: this.options.statusTopic, payload: 'offline', qos: this.options.statusQos, retain: true }]).catch((error: unknown) =>
        this.options.log.warn(`could not publish offline status: ${(error as Error).message}`),
      );
    }
    await Promise.race([client.endAsync(), delay(this.options.timeoutMs)]);
    client.end(true);
  }

  private remember(message: Message): void {
    if (message.retain && message.payload === '') this.latest.delete(message.topic);
    else this.latest.set(message.topic, message);
  }

  private onConnect(): void {
    const client = this.client!;
    const reconnect = this.connectedOnce;
    this.connectedOnce = true;
    const online: Message = { topic: this.options.statusTopic, payload: 'online', qos: this.options.statusQos, retain: true };
    // After a reconnect the broker may have restarted without persistence: restore every latest value.
    const batch = reconnect ? [online, ...this.latest.values()] : [online];
    if (reconnect) this.options.log.info(`MQTT reconnected; republishing ${this.latest.size} latest values`);
    this.send(client, batch).catch((error: unknown) => this.options.log.warn(`republishing after connect failed: ${(error as Error).message}`));
  }

  private async send(client: MqttClient, messages: readonly Message[]): Promise<void> {
    const acks = messages.map((m) => {
      const publish = () => client.publishAsync(m.topic, m.payload, { qos: m.qos, retain: m.retain });
      return m.qos === 2 ? this.qos2Window.run(publish) : publish();
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Owm2MqttError('MQTT_TIMEOUT', `the MQTT broker at ${this.options.url} did not acknowledge ${messages.length} message(s) within ${this.options.timeoutMs} ms (MQTT_TIMEOUT_MS): does its ACL let this client publish there?`)),
        this.options.timeoutMs,
      );
    });
    try {
      await Promise.race([Promise.all(acks), timeout]);
    } catch (error) {
      acks.forEach((ack) => ack.catch(() => undefined));
      if (error instanceof Owm2MqttError) throw error;
      throw new Owm2MqttError('MQTT_UNREACHABLE', `publishing to the MQTT broker at ${this.options.url} failed: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
