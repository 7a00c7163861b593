import type { IClientPublishOptions } from 'mqtt';
import { generate } from 'mqtt-packet';
import type { Message } from '../core/message.js';

/** Bytes a PUBLISH takes besides its topic and payload, at most (headers, packet id, our MQTT 5 properties). */
const OVERHEAD_BOUND = 128;

/** The size of the MQTT 5 PUBLISH for `message` when it is over `max` bytes (the broker's Maximum Packet Size); undefined when it fits. Encoded only when near the limit. */
export function oversizePacket(message: Message, options: IClientPublishOptions, max: number): number | undefined {
  if (Buffer.byteLength(message.topic) + Buffer.byteLength(message.payload) + OVERHEAD_BOUND <= max) return undefined;
  const packet = generate(
    {
      cmd: 'publish',
      topic: message.topic,
      payload: message.payload,
      qos: options.qos ?? 0,
      retain: options.retain ?? false,
      dup: false,
      messageId: options.qos ? 1 : undefined,
      properties: options.properties,
    },
    { protocolVersion: 5 },
  );
  return packet.length > max ? packet.length : undefined;
}
