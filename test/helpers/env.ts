/** A recognisable fake key: tests assert it never appears in any output. */
export const FAKE_KEY = 'f4k3k3y0f0wm2mqtt5ecret0123456789';

let counter = 0;
/** A topic prefix of the test's own, so tests sharing a broker never see each other's retained messages. */
export function uniquePrefix(name: string): string {
  counter++;
  return `t${process.pid}-${counter}-${name}`;
}

export function baseEnv(owmUrl: string, brokerUrl: string, prefix: string, more: Record<string, string> = {}): Record<string, string> {
  return {
    OWM_API_KEY: FAKE_KEY,
    OWM_BASE_URL: owmUrl,
    MQTT_URL: brokerUrl,
    TOPIC_PREFIX: prefix,
    OWM_RETRY_DELAY_MS: '50',
    MQTT_TIMEOUT_MS: '3000',
    // The recorded weather bodies are scripted by the entry's own query (`q=Lisbon,PT`); the
    // Geocoding API's part is tested on its own (test/e2e/geocoding.test.ts).
    OWM_GEOCODING: 'false',
    ...more,
  };
}
