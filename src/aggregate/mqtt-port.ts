/**
 * The aggregator's `AggregatePort` on the real MQTT layer: one `LiveSession`, Last Will `P/status`
 * `offline` (retained), `online` as its birth on every connection, the subscriptions renewed after
 * each reconnect, each delivery with its retained flag (what tells a value found at start-up).
 */
import type { Logger } from '../core/log.js';
import type { ConnectionSettings } from '../mqtt/connection.js';
import { LiveSession } from '../mqtt/live-session.js';
import { statusMessage } from './outputs.js';
import type { AggregatePort, Qos } from './ports.js';

export interface AggregateBrokerSettings extends ConnectionSettings {
  readonly url: string;
  readonly clientId: string;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
}

export interface LiveAggregatePort extends AggregatePort {
  /** Resolves on the broker's first CONNACK (a broker away at start: once it is back). */
  connect(): Promise<void>;
  /** `offline` published, then DISCONNECT. */
  end(): Promise<void>;
}

export function liveAggregatePort(settings: AggregateBrokerSettings, prefix: string, qos: Qos, log: Logger): LiveAggregatePort {
  const session = new LiveSession({
    ...settings,
    reconnect: true,
    log,
    will: statusMessage(prefix, 'offline', qos),
    birth: statusMessage(prefix, 'online', qos),
  });
  return {
    connect: () => session.connect(),
    subscribe: (filters, onMessage) =>
      session.subscribe(
        filters,
        (delivery) => onMessage({ topic: delivery.topic, payload: delivery.payload, retained: delivery.retained }),
        1,
      ),
    publish: (messages) => session.publish(messages),
    end: () => session.end(),
  };
}
