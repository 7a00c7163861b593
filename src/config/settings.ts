import { LEVEL_NAMES } from '../core/log.js';
import { UNITS } from '../core/units.js';
import { boolean, integer, numberOf, oneOf, url } from './fields.js';
import { cronExpression, hoursList, languageCode, minutesOrHours, topicPrefix } from './formats.js';
import { maskUrlCredentials } from './mask.js';
import { fileReader, readApiKey, readBrokerPassword, readBrokerUsername, readClientId, readLocations, readPlacesFile } from './readers.js';
import { type ConfigOf, companion, readSetting, setting } from './row.js';
import { type KeptPlace, placeKey, readKeptPlaces } from '../owm/places.js';
import * as z from 'zod/mini';
import {
  DEFAULT_DASHBOARD_TOPICS,
  readDashboardDb,
  readDashboardHost,
  readDashboardPassword,
  readDashboardPort,
  readHistoryDays,
  readRawDays,
  topicFilters,
} from './dashboard-readers.js';
import { DEFAULT_DASHBOARD_HOST, DEFAULT_DASHBOARD_PORT } from './dashboard-settings.js';
import { HISTORY_DEFAULTS } from './history-settings.js';

/** The house's settings, handed over as written (trimmed); their command checks them. */
const companionText = z.string();
const readText = (text: string | undefined) => ({ ok: true as const, value: text });

/**
 * Every setting, one row each, section by section. From this table come the `Config` type, the
 * defaults, the checks, `--print-config`, `<command> --help`, and what test/docs.test.ts holds
 * docs/configuration.md and .env.example to. A command reads the sections it declares
 * (src/commands/table.ts), and nothing else. The order is that of `--help`, `--print-config`
 * and the docs.
 */
export const SETTINGS = [
  // OpenWeatherMap
  readSetting({
    name: 'OWM_API_KEY',
    section: 'owm',
    at: 'owm.apiKey',
    kind: 'secret',
    unset: 'required',
    unread: '',
    read: readApiKey,
    doc: 'your OpenWeatherMap API key (or OWM_API_KEY_FILE)',
  }),
  companion({
    name: 'OWM_API_KEY_FILE',
    section: 'owm',
    owner: 'OWM_API_KEY',
    unset: 'not set',
    text: { trimmed: false },
    doc: 'a file holding the key (systemd credentials, Docker secrets)',
  }),
  setting({
    name: 'OWM_UNITS',
    section: 'owm',
    at: 'owm.units',
    default: 'metric',
    schema: oneOf(UNITS),
    doc: 'metric, imperial or standard',
  }),
  setting({
    name: 'OWM_LANG',
    section: 'owm',
    at: 'owm.lang',
    default: 'en',
    schema: languageCode,
    doc: 'language of description, like en, fr, pt_br',
  }),
  setting({
    name: 'OWM_BASE_URL',
    section: 'owm',
    at: 'owm.baseUrl',
    default: 'https://api.openweathermap.org',
    schema: z.pipe(
      url(['http', 'https'], 'https://api.openweathermap.org', {
        refuseCredentials:
          'has a user name or password in it ("…@"), which owm2mqtt would not send: OpenWeatherMap takes its key from OWM_API_KEY; remove the part up to "@" (like https://api.openweathermap.org)',
      }),
      z.transform((base: URL) => base.href.replace(/\/+$/, '')),
    ),
    mask: maskUrlCredentials,
    doc: 'the API root',
  }),
  setting({
    name: 'OWM_TIMEOUT_MS',
    section: 'owm',
    at: 'owm.timeoutMs',
    default: '10000',
    schema: integer(100, 300_000),
    doc: 'limit for one HTTP request',
  }),
  setting({
    name: 'OWM_CONCURRENCY',
    section: 'owm',
    at: 'owm.concurrency',
    default: '4',
    schema: integer(1, 64),
    doc: 'locations fetched at the same time',
  }),
  setting({
    name: 'OWM_RETRIES',
    section: 'owm',
    at: 'owm.retries',
    default: '2',
    schema: integer(0, 10),
    doc: 'retries after a transient failure',
  }),
  setting({
    name: 'OWM_RETRY_DELAY_MS',
    section: 'owm',
    at: 'owm.retryDelayMs',
    default: '1000',
    schema: integer(0, 60_000),
    doc: 'first backoff ceiling',
  }),
  setting({
    name: 'OWM_AIR_QUALITY',
    section: 'owm',
    at: 'owm.airQuality',
    default: 'false',
    schema: boolean,
    doc: 'also publish air quality (one more call per location)',
  }),
  setting({
    name: 'OWM_GEOCODING',
    section: 'owm',
    at: 'owm.geocoding',
    default: 'true',
    schema: boolean,
    doc: "resolve City,CC and zip: entries once through OWM's Geocoding API, then ask by coordinates",
  }),
  readSetting({
    name: 'OWM_PLACES_FILE',
    section: 'owm',
    at: 'owm.placesFile',
    kind: 'value',
    unset: '$STATE_DIRECTORY/places.json, else ~/.local/state/owm2mqtt/places.json',
    read: readPlacesFile,
    doc: 'where the geocoded places are kept between runs',
  }),
  setting({
    name: 'OWM_FORECAST',
    section: 'owm',
    at: 'owm.forecast',
    default: 'false',
    schema: boolean,
    doc: 'also publish the 5-day / 3-hour forecast (one more call per location every OWM_FORECAST_INTERVAL)',
  }),
  setting({
    name: 'OWM_FORECAST_INTERVAL',
    section: 'owm',
    at: 'owm.forecastIntervalMs',
    default: '1h',
    schema: minutesOrHours(10, 24 * 60),
    doc: 'how often the forecast is fetched again, 10m to 24h (horizons move at every weather poll without a call)',
  }),
  setting({
    name: 'OWM_FORECAST_HOURS',
    section: 'owm',
    at: 'owm.forecastHours',
    default: '3,6,12,24',
    schema: hoursList(117),
    doc: 'the horizons published under P/L/forecast/<N>h/, in hours from now',
  }),

  // Where
  readSetting({
    name: 'OWM_LOCATIONS',
    section: 'locations',
    at: 'owm.locations',
    kind: 'value',
    unset: 'required',
    text: { trimmed: true, separators: ';,=:' },
    unread: [],
    read: readLocations,
    print: (locations, { topicPrefix, owm }) => {
      // Where each q and zip entry is asked, from the kept places: --print-config contacts nothing.
      const kept = owm.geocoding && owm.placesFile !== undefined ? readKeptPlaces(owm.placesFile).places : new Map<string, KeptPlace>();
      return locations.map((l) => {
        const key = placeKey(l);
        const place = key === undefined || !owm.geocoding ? undefined : (kept.get(key) ?? '(not resolved yet: at the first poll)');
        return { entry: l.entry, topic: `${topicPrefix}/${l.level}`, query: l.selector, ...(place === undefined ? {} : { place }) };
      });
    },
    doc: 'the places, separated by ";", like Paris,FR;geo:43.6,1.44=toulouse',
  }),

  // The broker
  setting({
    name: 'MQTT_URL',
    section: 'mqtt',
    at: 'mqtt.url',
    default: 'mqtt://localhost:1883',
    // The user and password are taken out: MQTT_USERNAME and MQTT_PASSWORD read them.
    schema: z.pipe(
      url(['mqtt', 'mqtts', 'ws', 'wss'], 'mqtt://localhost:1883'),
      z.transform((broker: URL) => {
        broker.username = '';
        broker.password = '';
        return broker.href;
      }),
    ),
    doc: 'the broker: mqtt://, mqtts://, ws:// or wss://',
  }),
  readSetting({
    name: 'MQTT_USERNAME',
    section: 'mqtt',
    at: 'mqtt.username',
    kind: 'value',
    unset: 'not set',
    text: { trimmed: false },
    read: readBrokerUsername,
    doc: 'broker login name',
  }),
  readSetting({
    name: 'MQTT_PASSWORD',
    section: 'mqtt',
    at: 'mqtt.password',
    kind: 'secret',
    unset: 'not set',
    text: { trimmed: false },
    read: readBrokerPassword,
    doc: 'broker password',
  }),
  companion({
    name: 'MQTT_PASSWORD_FILE',
    section: 'mqtt',
    owner: 'MQTT_PASSWORD',
    unset: 'not set',
    text: { trimmed: false },
    doc: 'a file holding the broker password',
  }),
  readSetting({
    name: 'MQTT_CLIENT_ID',
    section: 'mqtt',
    at: 'mqtt.clientId',
    kind: 'value',
    unset: 'owm2mqtt-<host name>...',
    read: readClientId,
    doc: 'MQTT client id',
  }),
  setting({
    name: 'MQTT_QOS',
    section: 'mqtt',
    at: 'mqtt.qos',
    default: '1',
    schema: numberOf(['0', '1', '2'], 'must be 0, 1 or 2'),
    doc: 'QoS of every publish',
  }),
  setting({
    name: 'MQTT_RETAIN',
    section: 'mqtt',
    at: 'mqtt.retain',
    default: 'true',
    schema: boolean,
    doc: 'retain flag of the weather messages',
  }),
  setting({
    name: 'MQTT_TIMEOUT_MS',
    section: 'mqtt',
    at: 'mqtt.timeoutMs',
    default: '10000',
    schema: integer(100, 300_000),
    doc: 'limit for the broker to accept and to acknowledge',
  }),
  setting({
    name: 'MQTT_RECONNECT_MIN_MS',
    section: 'mqtt',
    at: 'mqtt.reconnectMinMs',
    default: '1000',
    schema: integer(100, 3_600_000),
    doc: 'first wait before reconnecting (daemon)',
  }),
  setting({
    name: 'MQTT_RECONNECT_MAX_MS',
    section: 'mqtt',
    at: 'mqtt.reconnectMaxMs',
    default: '60000',
    schema: integer(100, 3_600_000),
    doc: 'longest wait before reconnecting (daemon)',
  }),
  setting({
    name: 'MQTT_PROTOCOL_VERSION',
    section: 'mqtt',
    at: 'mqtt.protocolVersion',
    default: '4',
    schema: numberOf(['4', '5'], 'must be 4 (MQTT 3.1.1) or 5 (MQTT 5)'),
    doc: '4 (MQTT 3.1.1) or 5 (MQTT 5)',
  }),
  setting({
    name: 'MQTT_MESSAGE_EXPIRY_S',
    section: 'mqtt',
    at: 'mqtt.messageExpirySeconds',
    default: '0',
    schema: integer(0, 4_294_967_295),
    doc: 'MQTT 5: weather messages expire after this; 0 never',
  }),
  readSetting({
    name: 'MQTT_CA_FILE',
    section: 'mqtt',
    at: 'mqtt.tls.ca',
    kind: 'file',
    unset: 'the system CAs',
    read: fileReader('MQTT_CA_FILE'),
    doc: "the CA of the broker's certificate (TLS)",
  }),
  readSetting({
    name: 'MQTT_CERT_FILE',
    section: 'mqtt',
    at: 'mqtt.tls.cert',
    kind: 'file',
    unset: 'not set',
    read: fileReader('MQTT_CERT_FILE'),
    doc: 'a client certificate (with MQTT_KEY_FILE)',
  }),
  readSetting({
    name: 'MQTT_KEY_FILE',
    section: 'mqtt',
    at: 'mqtt.tls.key',
    kind: 'file',
    unset: 'not set',
    read: fileReader('MQTT_KEY_FILE'),
    doc: "the client certificate's private key",
  }),
  setting({
    name: 'MQTT_INSECURE',
    section: 'mqtt',
    at: 'mqtt.tls.insecure',
    default: 'false',
    schema: boolean,
    doc: 'accept any broker certificate (testing only)',
  }),

  // Topics
  setting({
    name: 'TOPIC_PREFIX',
    section: 'topics',
    at: 'topicPrefix',
    default: 'exterieur',
    schema: topicPrefix('use levels like exterieur or home/weather'),
    doc: 'the first level(s) of every topic',
  }),

  // Home Assistant
  setting({
    name: 'HA_DISCOVERY',
    section: 'home-assistant',
    at: 'homeAssistant.enabled',
    default: 'false',
    schema: boolean,
    doc: 'announce every quantity to Home Assistant',
  }),
  setting({
    name: 'HA_DISCOVERY_PREFIX',
    section: 'home-assistant',
    at: 'homeAssistant.prefix',
    default: 'homeassistant',
    schema: topicPrefix("Home Assistant's default is homeassistant"),
    doc: "Home Assistant's discovery prefix",
  }),

  // The bridge: run and once
  setting({
    name: 'PUBLISH_UNCHANGED',
    section: 'bridge',
    at: 'publishUnchanged',
    default: 'false',
    schema: boolean,
    doc: 'publish every quantity even when the observation has not changed',
  }),
  setting({
    name: 'SCHEDULE',
    section: 'bridge',
    at: 'schedule',
    default: '*/10 * * * *',
    schema: cronExpression,
    doc: 'when the daemon polls, a cron expression in the local time zone',
  }),
  setting({
    name: 'ONCE_DEADLINE_MS',
    section: 'bridge',
    at: 'onceDeadlineMs',
    default: '60000',
    schema: integer(1_000, 3_600_000),
    doc: 'how long a one-shot run may take',
  }),

  // Logging
  setting({
    name: 'LOG_LEVEL',
    section: 'logging',
    at: 'logLevel',
    default: 'info',
    schema: oneOf(LEVEL_NAMES),
    doc: 'error, warn, info or debug',
  }),

  // The house: simulate and aggregate. Their values are handed over as text; each command checks
  // them all at once with its own parser (src/simulate/settings.ts, src/aggregate/settings.ts),
  // whose checks cross settings (faults name rooms, alerts name sources).
  setting({
    name: 'HOME_PREFIX',
    section: 'home',
    at: 'home.HOME_PREFIX',
    default: 'maison',
    schema: companionText,
    doc: 'first topic level(s) of the rooms, like maison or home/sensors',
  }),
  setting({
    name: 'SIM_ROOMS',
    section: 'simulate',
    at: 'simulate.SIM_ROOMS',
    default: 'salon;cuisine;chambre',
    schema: companionText,
    doc: 'room names separated by ";", or a number of rooms (1-1000)',
  }),
  setting({
    name: 'SIM_INTERVAL_MS',
    section: 'simulate',
    at: 'simulate.SIM_INTERVAL_MS',
    default: '1000',
    schema: companionText,
    doc: 'milliseconds between two readings, 100-3600000',
  }),
  setting({
    name: 'SIM_QOS',
    section: 'simulate',
    at: 'simulate.SIM_QOS',
    default: '1',
    schema: companionText,
    doc: 'QoS of every message, status included: 0, 1 or 2',
  }),
  setting({
    name: 'SIM_RETAIN',
    section: 'simulate',
    at: 'simulate.SIM_RETAIN',
    default: 'true',
    schema: companionText,
    doc: 'retain the readings (the status always is)',
  }),
  setting({
    name: 'SIM_FORMAT',
    section: 'simulate',
    at: 'simulate.SIM_FORMAT',
    default: 'plain',
    schema: companionText,
    doc: 'plain (a topic per quantity) or json (one object per room)',
  }),
  readSetting({
    name: 'SIM_SEED',
    section: 'simulate',
    at: 'simulate.SIM_SEED',
    kind: 'value',
    unset: 'a new one each run',
    read: readText,
    doc: 'any text: the same seed repeats a run',
  }),
  setting({
    name: 'SIM_SPEED',
    section: 'simulate',
    at: 'simulate.SIM_SPEED',
    default: '1',
    schema: companionText,
    doc: 'how many times faster than real time simulated time runs',
  }),
  readSetting({
    name: 'SIM_START',
    section: 'simulate',
    at: 'simulate.SIM_START',
    kind: 'value',
    unset: 'the start time',
    read: readText,
    doc: 'simulated time of the first reading (ISO 8601)',
  }),
  readSetting({
    name: 'SIM_OUTDOOR_TOPIC',
    section: 'simulate',
    at: 'simulate.SIM_OUTDOOR_TOPIC',
    kind: 'value',
    unset: 'none: a daily cycle',
    read: readText,
    doc: 'a topic holding the outdoor temperature in °C',
  }),
  readSetting({
    name: 'SIM_FAULTS',
    section: 'simulate',
    at: 'simulate.SIM_FAULTS',
    kind: 'value',
    unset: 'none',
    read: readText,
    doc: 'faults on request: silent, stuck, garbage, disconnect',
  }),
  setting({
    name: 'SIM_LATITUDE',
    section: 'simulate',
    at: 'simulate.SIM_LATITUDE',
    default: '43.6',
    schema: companionText,
    doc: 'degrees north, for the sun',
  }),
  setting({
    name: 'SIM_LONGITUDE',
    section: 'simulate',
    at: 'simulate.SIM_LONGITUDE',
    default: '1.44',
    schema: companionText,
    doc: 'degrees east, for local solar time',
  }),
  setting({
    name: 'SIM_SETPOINT_DAY',
    section: 'simulate',
    at: 'simulate.SIM_SETPOINT_DAY',
    default: '20',
    schema: companionText,
    doc: 'heating set-point in °C from 06:30 to 22:00',
  }),
  setting({
    name: 'SIM_SETPOINT_NIGHT',
    section: 'simulate',
    at: 'simulate.SIM_SETPOINT_NIGHT',
    default: '17',
    schema: companionText,
    doc: 'heating set-point in °C from 22:00 to 06:30',
  }),
  setting({
    name: 'SIM_CLIENT_ID_PREFIX',
    section: 'simulate',
    at: 'simulate.SIM_CLIENT_ID_PREFIX',
    default: 'owm2mqtt-sim-',
    schema: companionText,
    doc: "each room's client id is this and the room's name",
  }),
  setting({
    name: 'AGG_SOURCES',
    section: 'aggregate',
    at: 'aggregate.AGG_SOURCES',
    default: 'maison/+/temperature;maison/+/humidity;exterieur/+/temperature',
    schema: companionText,
    doc: 'topic filters to average, ";"-separated; the "+" level names the member',
  }),
  setting({
    name: 'AGG_PERIOD_S',
    section: 'aggregate',
    at: 'aggregate.AGG_PERIOD_S',
    default: '60',
    schema: companionText,
    doc: 'seconds between publishes, aligned to the clock, 1-86400',
  }),
  setting({
    name: 'AGG_PREFIX',
    section: 'aggregate',
    at: 'aggregate.AGG_PREFIX',
    default: 'stats',
    schema: companionText,
    doc: 'first level(s) of every topic the aggregator publishes',
  }),
  setting({
    name: 'AGG_QOS',
    section: 'aggregate',
    at: 'aggregate.AGG_QOS',
    default: '1',
    schema: companionText,
    doc: 'QoS of every publish: 0, 1 or 2',
  }),
  setting({
    name: 'AGG_RETAIN',
    section: 'aggregate',
    at: 'aggregate.AGG_RETAIN',
    default: 'true',
    schema: companionText,
    doc: 'retain the means and summaries (alerts and status always are)',
  }),
  setting({
    name: 'AGG_MAX_MEMBERS',
    section: 'aggregate',
    at: 'aggregate.AGG_MAX_MEMBERS',
    default: '1000',
    schema: companionText,
    doc: 'most members followed at once, all sources together',
  }),
  setting({
    name: 'AGG_STALE_S',
    section: 'aggregate',
    at: 'aggregate.AGG_STALE_S',
    default: 'auto',
    schema: companionText,
    doc: 'seconds without a message before a member leaves the mean, or auto',
  }),
  readSetting({
    name: 'ALERTS',
    section: 'aggregate',
    at: 'aggregate.ALERTS',
    kind: 'value',
    unset: 'none',
    read: readText,
    doc: 'alert rules, ";"-separated, like maison/+/temperature>25',
  }),

  // The dashboard: `owm2mqtt dashboard` (docs/dashboard.md)
  setting({
    name: 'DASHBOARD_TOPICS',
    section: 'dashboard',
    at: 'dashboard.topics',
    default: DEFAULT_DASHBOARD_TOPICS,
    schema: topicFilters,
    doc: 'the MQTT topic filters it records and shows, separated by ";"',
  }),
  {
    ...readSetting({
      name: 'DASHBOARD_HOST',
      section: 'dashboard',
      at: 'dashboard.host',
      kind: 'value',
      unset: DEFAULT_DASHBOARD_HOST,
      read: readDashboardHost,
      doc: 'the address the page listens on; beyond loopback it needs DASHBOARD_PASSWORD',
    }),
    default: DEFAULT_DASHBOARD_HOST,
  },
  {
    ...readSetting({
      name: 'DASHBOARD_PORT',
      section: 'dashboard',
      at: 'dashboard.port',
      kind: 'value',
      unset: String(DEFAULT_DASHBOARD_PORT),
      read: readDashboardPort,
      doc: "the page's port",
    }),
    default: String(DEFAULT_DASHBOARD_PORT),
  },
  readSetting({
    name: 'DASHBOARD_PASSWORD',
    section: 'dashboard',
    at: 'dashboard.password',
    kind: 'secret',
    unset: 'none',
    read: readDashboardPassword,
    doc: 'the login password, at least 8 characters (or DASHBOARD_PASSWORD_FILE)',
  }),
  companion({
    name: 'DASHBOARD_PASSWORD_FILE',
    section: 'dashboard',
    owner: 'DASHBOARD_PASSWORD',
    unset: 'not set',
    text: { trimmed: false },
    doc: 'a file holding the password (systemd credentials, Docker secrets)',
  }),
  readSetting({
    name: 'DASHBOARD_DB',
    section: 'dashboard',
    at: 'dashboard.databasePath',
    kind: 'value',
    unset: '$STATE_DIRECTORY/history.db...',
    unread: '',
    read: readDashboardDb,
    doc: 'the SQLite file of the history',
  }),
  {
    ...readSetting({
      name: 'HISTORY_RAW_DAYS',
      section: 'dashboard',
      at: 'dashboard.rawDays',
      kind: 'value',
      unset: HISTORY_DEFAULTS.HISTORY_RAW_DAYS,
      read: readRawDays,
      doc: 'days every sample is kept as it came',
    }),
    default: HISTORY_DEFAULTS.HISTORY_RAW_DAYS,
  },
  {
    ...readSetting({
      name: 'HISTORY_DAYS',
      section: 'dashboard',
      at: 'dashboard.historyDays',
      kind: 'value',
      unset: HISTORY_DEFAULTS.HISTORY_DAYS,
      read: readHistoryDays,
      doc: 'days the min/mean/max roll-ups are kept',
    }),
    default: HISTORY_DEFAULTS.HISTORY_DAYS,
  },
  setting({
    name: 'DASHBOARD_UNITS',
    section: 'dashboard',
    at: 'dashboard.units',
    default: 'metric',
    schema: oneOf(UNITS),
    doc: "the bridge's OWM_UNITS, for the units the page shows",
  }),
];

export type SettingName = (typeof SETTINGS)[number]['name'];

/** The configuration: each row's value at its `at` (`config.owm.units`), and where the secrets and files came from. */
export type Config = ConfigOf<(typeof SETTINGS)[number]>;
