// mqtt-packet's own table of the reason codes a PUBACK or PUBREC may carry: its parser looks it up on every one.
import constants from 'mqtt-packet/constants.js';

/** MQTT 5 reason codes a broker may answer a PUBLISH with, by name. */
export const PUBLISH_REASONS: Record<number, string> = {
  128: 'unspecified error',
  131: 'implementation specific error',
  135: 'not authorised',
  144: 'topic name invalid',
  145: 'packet identifier in use',
  149: 'packet too large',
  151: 'quota exceeded',
  153: 'payload format invalid',
};

/**
 * mqtt-packet rejects a PUBACK or PUBREC whose reason code the MQTT 5 spec does not list for it,
 * and then drops the rest of what it had read. Mosquitto answers a publish over its
 * `message_size_limit` with 149 (packet too large), which is not on that list: the publish would
 * never settle and the acknowledgements read with it would be lost. Every error code is accepted,
 * so mqtt.js fails that one publish with the broker's code.
 */
export function acceptEveryPublishReasonCode(): void {
  const table = constants.MQTT5_PUBACK_PUBREC_CODES;
  for (let code = 0x80; code <= 0xa2; code++) table[code] ??= PUBLISH_REASONS[code] ?? `reason ${code}`;
}
