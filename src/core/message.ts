/** MQTT's three delivery guarantees. */
export type Qos = 0 | 1 | 2;

/** One MQTT publish. An empty payload with `retain` clears the topic's retained value. */
export interface Message {
  readonly topic: string;
  readonly payload: string;
  readonly retain: boolean;
  readonly qos: Qos;
  /** The payload is JSON (the `state` object); otherwise plain UTF-8 text. */
  readonly json?: boolean;
  /** Never given an MQTT 5 message expiry (Home Assistant discovery configs). */
  readonly persistent?: boolean;
}
