/**
 * Every setting, the section it belongs to and one line saying what it is. A command declares
 * the sections it reads (src/commands/table.ts): only those are read, checked and required, and
 * `owm2mqtt <command> --help` lists them. The full reference is docs/configuration.md.
 */
export const SECTIONS = ['owm', 'locations', 'mqtt', 'topics', 'home-assistant', 'bridge', 'logging'] as const;
export type Section = (typeof SECTIONS)[number];

export interface SettingHelp {
  readonly name: string;
  readonly section: Section;
  /** Shown when the setting has no default value. */
  readonly unset?: string;
  readonly doc: string;
}

export const SETTINGS: readonly SettingHelp[] = [
  { name: 'OWM_API_KEY', section: 'owm', unset: 'required', doc: 'your OpenWeatherMap API key (or OWM_API_KEY_FILE)' },
  { name: 'OWM_API_KEY_FILE', section: 'owm', unset: 'not set', doc: 'a file holding the key (systemd credentials, Docker secrets)' },
  { name: 'OWM_UNITS', section: 'owm', doc: 'metric, imperial or standard' },
  { name: 'OWM_LANG', section: 'owm', doc: 'language of description, like en, fr, pt_br' },
  { name: 'OWM_BASE_URL', section: 'owm', doc: 'the API root' },
  { name: 'OWM_TIMEOUT_MS', section: 'owm', doc: 'limit for one HTTP request' },
  { name: 'OWM_CONCURRENCY', section: 'owm', doc: 'locations fetched at the same time' },
  { name: 'OWM_RETRIES', section: 'owm', doc: 'retries after a transient failure' },
  { name: 'OWM_RETRY_DELAY_MS', section: 'owm', doc: 'first backoff ceiling' },
  { name: 'OWM_AIR_QUALITY', section: 'owm', doc: 'also publish air quality (one more call per location)' },
  {
    name: 'OWM_LOCATIONS',
    section: 'locations',
    unset: 'required',
    doc: 'the places, separated by ";", like Paris,FR;geo:43.6,1.44=toulouse',
  },
  { name: 'MQTT_URL', section: 'mqtt', doc: 'the broker: mqtt://, mqtts://, ws:// or wss://' },
  { name: 'MQTT_USERNAME', section: 'mqtt', unset: 'not set', doc: 'broker login name' },
  { name: 'MQTT_PASSWORD', section: 'mqtt', unset: 'not set', doc: 'broker password' },
  { name: 'MQTT_PASSWORD_FILE', section: 'mqtt', unset: 'not set', doc: 'a file holding the broker password' },
  { name: 'MQTT_CLIENT_ID', section: 'mqtt', unset: 'owm2mqtt-<host name>...', doc: 'MQTT client id' },
  { name: 'MQTT_QOS', section: 'mqtt', doc: 'QoS of every publish' },
  { name: 'MQTT_RETAIN', section: 'mqtt', doc: 'retain flag of the weather messages' },
  { name: 'MQTT_TIMEOUT_MS', section: 'mqtt', doc: 'limit for the broker to accept and to acknowledge' },
  { name: 'MQTT_RECONNECT_MIN_MS', section: 'mqtt', doc: 'first wait before reconnecting (daemon)' },
  { name: 'MQTT_RECONNECT_MAX_MS', section: 'mqtt', doc: 'longest wait before reconnecting (daemon)' },
  { name: 'MQTT_PROTOCOL_VERSION', section: 'mqtt', doc: '4 (MQTT 3.1.1) or 5 (MQTT 5)' },
  { name: 'MQTT_MESSAGE_EXPIRY_S', section: 'mqtt', doc: 'MQTT 5: weather messages expire after this; 0 never' },
  { name: 'MQTT_CA_FILE', section: 'mqtt', unset: 'the system CAs', doc: "the CA of the broker's certificate (TLS)" },
  { name: 'MQTT_CERT_FILE', section: 'mqtt', unset: 'not set', doc: 'a client certificate (with MQTT_KEY_FILE)' },
  { name: 'MQTT_KEY_FILE', section: 'mqtt', unset: 'not set', doc: "the client certificate's private key" },
  { name: 'MQTT_INSECURE', section: 'mqtt', doc: 'accept any broker certificate (testing only)' },
  { name: 'TOPIC_PREFIX', section: 'topics', doc: 'the first level(s) of every topic' },
  { name: 'HA_DISCOVERY', section: 'home-assistant', doc: 'announce every quantity to Home Assistant' },
  { name: 'HA_DISCOVERY_PREFIX', section: 'home-assistant', doc: "Home Assistant's discovery prefix" },
  { name: 'PUBLISH_UNCHANGED', section: 'bridge', doc: 'publish every quantity even when the observation has not changed' },
  { name: 'SCHEDULE', section: 'bridge', doc: 'when the daemon polls, a cron expression in the local time zone' },
  { name: 'ONCE_DEADLINE_MS', section: 'bridge', doc: 'how long a one-shot run may take' },
  { name: 'LOG_LEVEL', section: 'logging', doc: 'error, warn, info or debug' },
];

const BY_NAME = new Map(SETTINGS.map((setting) => [setting.name, setting.section]));

/** Whether `name` is read by a command that reads `sections` (every section when undefined). */
export function isRead(name: string, sections: ReadonlySet<Section> | undefined): boolean {
  const section = BY_NAME.get(name);
  return sections === undefined || section === undefined || sections.has(section);
}
