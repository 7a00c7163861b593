import type { Env } from './row.js';
import { nonEmpty } from './secrets.js';
import type { Config } from './settings.js';

/** What holds between settings, as opposed to what each row checks of its own value. */

/** Refusals: settings that only make sense together. */
export function pairProblems(env: Env): string[] {
  const set = (name: string) => nonEmpty(env[name]) !== undefined;
  const problems: string[] = [];
  if (set('MQTT_CERT_FILE') && !set('MQTT_KEY_FILE'))
    problems.push('MQTT_CERT_FILE is set without MQTT_KEY_FILE: a client certificate needs its private key');
  if (set('MQTT_KEY_FILE') && !set('MQTT_CERT_FILE'))
    problems.push('MQTT_KEY_FILE is set without MQTT_CERT_FILE: a private key needs its client certificate');
  return problems;
}

/** Settings another one makes moot or unsafe, said at start (before `settle`). */
export function warningsOf(config: Config): string[] {
  const warnings: string[] = [];
  const broker = new URL(config.mqtt.url);
  const secure = broker.protocol === 'mqtts:' || broker.protocol === 'wss:';
  const { insecure, files } = config.mqtt.tls;
  if (insecure && secure)
    warnings.push(
      `MQTT_INSECURE=true: the broker's certificate is not checked, so anyone on the path can pose as ${broker.host}; use MQTT_CA_FILE instead`,
    );
  const unused = [...Object.keys(files), ...(insecure ? ['MQTT_INSECURE'] : [])];
  if (!secure && unused.length > 0)
    warnings.push(`${unused.join(', ')} ignored: MQTT_URL ${broker.protocol}// does not use TLS (use mqtts:// or wss://)`);
  if (config.mqtt.messageExpirySeconds > 0 && config.mqtt.protocolVersion !== 5)
    warnings.push('MQTT_MESSAGE_EXPIRY_S is ignored: message expiry needs MQTT_PROTOCOL_VERSION=5');
  const base = new URL(config.owm.baseUrl);
  if (base.protocol === 'http:' && !isLoopback(base.hostname))
    warnings.push(`OWM_BASE_URL uses http:// to ${base.hostname}: your API key travels in clear text; use https://`);
  return warnings;
}

/** The values some settings take from others: a reconnect maximum is at least the minimum; no expiry without MQTT 5. */
export function settle(config: Config): Config {
  const { mqtt } = config;
  return {
    ...config,
    mqtt: {
      ...mqtt,
      reconnectMaxMs: Math.max(mqtt.reconnectMinMs, mqtt.reconnectMaxMs),
      messageExpirySeconds: mqtt.protocolVersion === 5 ? mqtt.messageExpirySeconds : 0,
    },
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
