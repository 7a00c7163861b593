/**
 * The simulator's `BrokerPort` on the real MQTT layer: one `LiveSession` per room (its own client id,
 * its Last Will), and one more, read-only, for `SIM_OUTDOOR_TOPIC`. Each reconnects with the capped
 * backoff of MQTT_RECONNECT_MIN_MS / MQTT_RECONNECT_MAX_MS, so a broker that is away or restarts never
 * stops the simulation.
 */
import { codeOf, messageOf } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { ConnectionSettings } from '../mqtt/connection.js';
import { LiveSession } from '../mqtt/live-session.js';
import type { BrokerPort, Session, SessionOptions, Subscription } from './ports.js';

export interface SimBrokerSettings extends ConnectionSettings {
  readonly url: string;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
}

/** Says a failure once per kind and client: a broker that went away must not write a line per room and reading. */
function onceEach(log: Logger) {
  const said = new Set<string>();
  return (clientId: string, error: unknown) => {
    const key = `${clientId}\0${codeOf(error)}`;
    const line = `simulate: ${clientId}: ${messageOf(error)}`;
    // A reading lost with the connection: the session says the loss itself, once for every room.
    if (said.has(key) || codeOf(error) === 'MQTT_NOT_CONNECTED') log.debug(line);
    else log.warn(line);
    said.add(key);
  };
}

/**
 * The rooms' sessions share one log in which a line said by several rooms within a few seconds (the
 * broker went away: every room says so) is written once; the repeats go to debug.
 */
function collapsed(log: Logger, windowMs = 10_000): Logger {
  const lastSaid = new Map<string, number>();
  const once = (write: (line: string) => void) => (line: string) => {
    const now = Date.now();
    const last = lastSaid.get(line);
    lastSaid.set(line, now);
    if (last !== undefined && now - last < windowMs) log.debug(line);
    else write(line);
  };
  return { ...log, warn: once((line) => log.warn(line)), info: once((line) => log.info(line)) };
}

/** `followerClientId`: the client id of the session that reads SIM_OUTDOOR_TOPIC. */
export function liveBrokerPort(settings: SimBrokerSettings, log: Logger, followerClientId: string): BrokerPort {
  const failed = onceEach(log);
  const shared = collapsed(log);
  const session = (clientId: string, extra: Partial<ConstructorParameters<typeof LiveSession>[0]> = {}) =>
    new LiveSession({ ...settings, clientId, reconnect: true, log: shared, ...extra });

  return {
    open(options: SessionOptions): Session {
      const live = session(options.clientId, { will: options.will, onConnect: options.onConnect, onClose: options.onClose });
      let dropped = false;
      // A drop while the socket is still being opened: the session must not come up afterwards.
      live.connect().then(
        () => dropped && live.drop(),
        (error: unknown) => failed(options.clientId, error),
      );
      return {
        publish: (message) => void live.publish([message]).catch((error: unknown) => failed(options.clientId, error)),
        end: () => live.end(),
        drop: () => {
          dropped = true;
          live.drop();
        },
      };
    },
    follow(topic: string, onMessage: (payload: string) => void): Subscription {
      const live = session(followerClientId);
      live.connect().catch((error: unknown) => failed(followerClientId, error));
      live
        .subscribe([topic], (delivery) => onMessage(delivery.payload.toString('utf8')))
        .catch((error: unknown) => failed(followerClientId, error));
      return { close: () => live.end() };
    },
  };
}
