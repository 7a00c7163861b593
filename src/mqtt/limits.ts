import type { IConnackPacket } from 'mqtt';
import { Window } from './window.js';

/**
 * The most publishes waiting for their acknowledgement at once, whatever the broker allows: a
 * batch of 270,000 discovery configs goes out 1,000 at a time instead of holding 270,000 packets
 * and promises in memory. Far above what a poll sends, so a poll is never held back by it.
 */
export const MAX_IN_FLIGHT = 1000;

/** What the broker lets one connection have in flight, and how large a packet it takes. */
export interface BrokerLimits {
  /** Windows for QoS 1 and QoS 2 publishes: one shared window under MQTT 5 (Receive Maximum counts both). */
  readonly qos1: Window;
  readonly qos2: Window;
  /** MQTT 5 CONNACK: Receive Maximum, when the broker sent one. */
  readonly receiveMaximum: number | undefined;
  /** MQTT 5 CONNACK: Maximum Packet Size; a larger packet gets this client disconnected. */
  readonly maximumPacketSize: number | undefined;
}

/**
 * MQTT 5: the broker's Receive Maximum (Mosquitto sends its `max_inflight_messages`), for QoS 1
 * and 2 together; beyond it Mosquitto refuses QoS 2 publishes (reason 151).
 * MQTT 3.1.1 says no limit, and Mosquitto acknowledges the QoS 2 publishes beyond its
 * `max_inflight_messages` (1 is a documented setting) but delivers none of them (measured:
 * 30 pipelined, 30 acknowledged, 1 delivered): QoS 2 goes one message at a time, the only window
 * that cannot lose. QoS 1 publishes are not held by Mosquitto, so they are not limited below ours.
 */
export function brokerLimits(protocolVersion: 4 | 5, connack: IConnackPacket | undefined): BrokerLimits {
  if (protocolVersion === 5) {
    const receiveMaximum = connack?.properties?.receiveMaximum;
    const shared = new Window(Math.min(receiveMaximum ?? MAX_IN_FLIGHT, MAX_IN_FLIGHT));
    return { qos1: shared, qos2: shared, receiveMaximum, maximumPacketSize: connack?.properties?.maximumPacketSize };
  }
  return { qos1: new Window(MAX_IN_FLIGHT), qos2: new Window(1), receiveMaximum: undefined, maximumPacketSize: undefined };
}
