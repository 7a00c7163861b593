import type { MqttClient } from 'mqtt';
import { type BrokerLimits, brokerLimits } from './limits.js';

/** The publisher's connection as its parts share it: the mqtt.js client, and what this connection has seen. */
export class Link {
  client: MqttClient | undefined;
  /** Counts connections: a publish waiting in a window of a connection that is gone is dropped (the reconnect replays it). */
  generation = 0;
  /** This connection's in-flight windows and packet size limit, from its CONNACK. */
  limits: BrokerLimits = brokerLimits(4, undefined);
  /** When the broker last sent us any packet. */
  lastPacketAt = 0;
  /** When the broker last acknowledged one of our publishes. */
  lastAckAt = 0;
  /** Sends and read-backs waiting on the broker's answer. */
  waiting = 0;
  /** We closed this connection ourselves (a silent broker): no publish of ours is what the broker closed it on. */
  abandoned = false;
}
