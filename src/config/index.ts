import { hostname as osHostname } from 'node:os';
import cron from 'node-cron';
import * as z from 'zod/mini';
import { parseLocations, type Location } from '../owm/locations.js';
import { LEVEL_NAMES, type LogLevel } from '../core/log.js';
import { topicPrefixProblem } from '../topics/levels.js';
import { UNITS, type Units } from '../core/units.js';
import { boolean, integer, oneOf, reject, url } from './fields.js';
import { controlCharacterProblem } from './control-characters.js';
import { readSettingFile } from './files.js';
import { isRead, type Section } from './sections.js';
import { nonEmpty, readSecret, type SecretResult } from './secrets.js';

export type Mode = 'once' | 'daemon';
import type { Qos } from '../core/message.js';
export type { Qos };

export interface Config {
  readonly owm: {
    readonly apiKey: string;
    readonly locations: readonly Location[];
    readonly units: Units;
    readonly lang: string;
    readonly baseUrl: string;
    readonly timeoutMs: number;
    readonly concurrency: number;
    readonly retries: number;
    readonly retryDelayMs: number;
    /** One air pollution call per location per poll, too. */
    readonly airQuality: boolean;
  };
  readonly mqtt: {
    readonly url: string;
    readonly username: string | undefined;
    readonly password: string | undefined;
    readonly clientId: string;
    readonly qos: Qos;
    readonly retain: boolean;
    readonly timeoutMs: number;
    readonly reconnectMinMs: number;
    readonly reconnectMaxMs: number;
    readonly protocolVersion: 4 | 5;
    /** MQTT 5 message expiry for weather messages, in seconds; 0 = never expire. */
    readonly messageExpirySeconds: number;
    readonly tls: {
      readonly ca: Buffer | undefined;
      readonly cert: Buffer | undefined;
      readonly key: Buffer | undefined;
      /** Accept any certificate (MQTT_INSECURE=true): only when asked, with a warning. */
      readonly insecure: boolean;
      /** Where each file came from, for `--print-config`. */
      readonly files: Readonly<Record<string, string>>;
    };
  };
  readonly topicPrefix: string;
  /** Publish every quantity even when OWM's observation (`dt`) has not changed since the last publish. */
  readonly publishUnchanged: boolean;
  /** Home Assistant MQTT discovery: on when `haPrefix` is set. */
  readonly homeAssistant: { readonly enabled: boolean; readonly prefix: string };
  readonly schedule: string;
  readonly logLevel: LogLevel;
  readonly onceDeadlineMs: number;
  /** Every secret value, so the logger can mask it wherever it might appear. */
  readonly secrets: readonly string[];
  /** Where each secret came from, for `--print-config`. */
  readonly secretSources: Readonly<Record<string, string | undefined>>;
}

export type ConfigResult = { ok: true; config: Config; warnings: string[] } | { ok: false; problems: string[] };

export const DEFAULTS = {
  OWM_UNITS: 'metric',
  OWM_LANG: 'en',
  OWM_BASE_URL: 'https://api.openweathermap.org',
  OWM_TIMEOUT_MS: '10000',
  OWM_CONCURRENCY: '4',
  OWM_RETRIES: '2',
  OWM_RETRY_DELAY_MS: '1000',
  OWM_AIR_QUALITY: 'false',
  MQTT_URL: 'mqtt://localhost:1883',
  MQTT_QOS: '1',
  MQTT_RETAIN: 'true',
  MQTT_TIMEOUT_MS: '10000',
  MQTT_RECONNECT_MIN_MS: '1000',
  MQTT_RECONNECT_MAX_MS: '60000',
  MQTT_PROTOCOL_VERSION: '4',
  MQTT_MESSAGE_EXPIRY_S: '0',
  MQTT_INSECURE: 'false',
  TOPIC_PREFIX: 'exterieur',
  PUBLISH_UNCHANGED: 'false',
  HA_DISCOVERY: 'false',
  HA_DISCOVERY_PREFIX: 'homeassistant',
  SCHEDULE: '*/10 * * * *',
  LOG_LEVEL: 'info',
  ONCE_DEADLINE_MS: '60000',
} as const;

const cronExpression = z.pipe(
  z.string(),
  z.transform((value: string, ctx) => {
    const result = cron.validateDetailed(value.trim());
    if (!result.valid) {
      const why = result.errors.map((e) => e.message).join('; ');
      return reject(
        ctx,
        `is not a valid cron expression (${why}); expected 5 fields "minute hour day month weekday" (or 6 with seconds first), like */10 * * * *`,
      );
    }
    return value.trim();
  }),
);

const lang = z.pipe(
  z.string().check(z.regex(/^[a-z]{2}(_[a-z]{2})?$/i, 'must be an OWM language code like en, fr, de, pt_br, zh_cn')),
  z.transform((v: string) => v.toLowerCase()),
);

/** NFC-normalised, like the aliases, so two spellings of one prefix are one topic. */
function topicPrefix(hint: string) {
  return z.pipe(
    z.string().check(
      z.superRefine((value, ctx) => {
        const problem = topicPrefixProblem(value.normalize('NFC'));
        if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; ${hint}` });
      }),
    ),
    z.transform((value: string) => value.normalize('NFC')),
  );
}

/**
 * Every setting read as text, and how it is trimmed before use (see
 * controlCharacterProblem); the user name and password are used as written.
 */
const TEXT_SETTINGS: Record<string, { trimmed: boolean; separators?: string }> = {
  OWM_API_KEY: { trimmed: true },
  OWM_API_KEY_FILE: { trimmed: false },
  OWM_LOCATIONS: { trimmed: true, separators: ';,=:' },
  MQTT_USERNAME: { trimmed: false },
  MQTT_PASSWORD: { trimmed: false },
  MQTT_PASSWORD_FILE: { trimmed: false },
  MQTT_CLIENT_ID: { trimmed: true },
  MQTT_CA_FILE: { trimmed: true },
  MQTT_CERT_FILE: { trimmed: true },
  MQTT_KEY_FILE: { trimmed: true },
  ...Object.fromEntries(Object.keys(DEFAULTS).map((name) => [name, { trimmed: true }])),
};

const SCHEMAS = {
  OWM_UNITS: oneOf(UNITS),
  OWM_LANG: lang,
  OWM_BASE_URL: url(['http', 'https'], 'https://api.openweathermap.org', {
    refuseCredentials:
      'has a user name or password in it ("…@"), which owm2mqtt would not send: OpenWeatherMap takes its key from OWM_API_KEY; remove the part up to "@" (like https://api.openweathermap.org)',
  }),
  OWM_TIMEOUT_MS: integer(100, 300_000),
  OWM_CONCURRENCY: integer(1, 64),
  OWM_RETRIES: integer(0, 10),
  OWM_RETRY_DELAY_MS: integer(0, 60_000),
  OWM_AIR_QUALITY: boolean,
  MQTT_URL: url(['mqtt', 'mqtts', 'ws', 'wss'], 'mqtt://localhost:1883'),
  MQTT_QOS: z.pipe(
    z.enum(['0', '1', '2'], { error: 'must be 0, 1 or 2' }),
    z.transform((v) => Number(v) as Qos),
  ),
  MQTT_RETAIN: boolean,
  MQTT_TIMEOUT_MS: integer(100, 300_000),
  MQTT_RECONNECT_MIN_MS: integer(100, 3_600_000),
  MQTT_RECONNECT_MAX_MS: integer(100, 3_600_000),
  MQTT_PROTOCOL_VERSION: z.pipe(
    z.enum(['4', '5'], { error: 'must be 4 (MQTT 3.1.1) or 5 (MQTT 5)' }),
    z.transform((v) => Number(v) as 4 | 5),
  ),
  MQTT_MESSAGE_EXPIRY_S: integer(0, 4_294_967_295),
  MQTT_INSECURE: boolean,
  TOPIC_PREFIX: topicPrefix('use levels like exterieur or home/weather'),
  PUBLISH_UNCHANGED: boolean,
  HA_DISCOVERY: boolean,
  HA_DISCOVERY_PREFIX: topicPrefix("Home Assistant's default is homeassistant"),
  SCHEDULE: cronExpression,
  LOG_LEVEL: oneOf(LEVEL_NAMES),
  ONCE_DEADLINE_MS: integer(1_000, 3_600_000),
} as const;

type Parsed = { [K in keyof typeof SCHEMAS]: z.output<(typeof SCHEMAS)[K]> };

export function defaultClientId(mode: Mode, host: string = osHostname()): string {
  const base = `owm2mqtt-${host.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return mode === 'once' ? `${base}-once` : base;
}

/**
 * Validates every variable at once; on failure returns every problem, each naming its variable.
 * With `sections`, only their variables are read: the others take their defaults (the API key
 * empty, no locations), so a command is never refused for a setting it does not use.
 */
export function loadConfig(env: Record<string, string | undefined>, mode: Mode, sections?: ReadonlySet<Section>): ConfigResult {
  const read = (name: string) => isRead(name, sections);
  env = Object.fromEntries(Object.entries(env).filter(([name]) => read(name)));
  const problems: string[] = [];
  const withControls = new Set<string>();
  for (const [variable, options] of Object.entries(TEXT_SETTINGS)) {
    const value = env[variable];
    const problem = value === undefined ? undefined : controlCharacterProblem(variable, value, options);
    if (problem) {
      problems.push(problem);
      withControls.add(variable);
    }
  }
  const parsed: Partial<Record<keyof typeof SCHEMAS, unknown>> = {};
  for (const name of Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[]) {
    if (withControls.has(name)) continue;
    const raw = nonEmpty(env[name])?.trim() ?? DEFAULTS[name];
    const result = SCHEMAS[name].safeParse(raw);
    if (result.success) parsed[name] = result.data;
    else
      problems.push(
        `${name}="${name === 'OWM_BASE_URL' ? maskUrlCredentials(raw) : maskUrlPassword(raw)}" ${result.error.issues[0]?.message ?? 'is invalid'}`,
      );
  }

  // A secret whose variable was refused above is not read (nor its file opened).
  const apiKeyRefused = withControls.has('OWM_API_KEY') || withControls.has('OWM_API_KEY_FILE');
  const apiKey: SecretResult = !read('OWM_API_KEY')
    ? { ok: true, value: '', source: undefined }
    : apiKeyRefused
      ? { ok: true, value: undefined, source: undefined }
      : readSecret(env, 'OWM_API_KEY', 'owm-api-key');
  const apiKeyControl =
    apiKey.ok && apiKey.value !== undefined ? controlCharacterProblem(apiKey.source!, apiKey.value, { trimmed: true }) : undefined;
  if (!apiKey.ok) problems.push(apiKey.problem);
  else if (apiKeyRefused) {
    // already said
  } else if (apiKeyControl) problems.push(apiKeyControl);
  else if (apiKey.value === undefined)
    problems.push(
      'OWM_API_KEY is not set: put your OpenWeatherMap API key in OWM_API_KEY, or its path in OWM_API_KEY_FILE (keys: https://home.openweathermap.org/api_keys)',
    );
  else if (/\s/.test(apiKey.value.trim()))
    problems.push(`${apiKey.source} contains spaces: an OWM API key is one word (32 letters and digits)`);

  const passwordRefused = withControls.has('MQTT_PASSWORD') || withControls.has('MQTT_PASSWORD_FILE');
  const password: SecretResult = passwordRefused
    ? { ok: true, value: undefined, source: undefined }
    : readSecret(env, 'MQTT_PASSWORD', 'mqtt-password');
  if (!password.ok) problems.push(password.problem);
  else if (password.value !== undefined) {
    const problem = controlCharacterProblem(password.source!, password.value, { trimmed: false });
    if (problem) problems.push(problem);
  }

  const tlsFiles: Partial<Record<'MQTT_CA_FILE' | 'MQTT_CERT_FILE' | 'MQTT_KEY_FILE', Buffer>> = {};
  const tlsPaths: Record<string, string> = {};
  for (const variable of ['MQTT_CA_FILE', 'MQTT_CERT_FILE', 'MQTT_KEY_FILE'] as const) {
    const path = nonEmpty(env[variable])?.trim();
    if (path === undefined || withControls.has(variable)) continue;
    const read = readSettingFile(variable, path);
    if (read.ok) {
      tlsFiles[variable] = read.data;
      tlsPaths[variable] = path;
    } else problems.push(read.problem);
  }
  if ((env.MQTT_CERT_FILE ?? '').trim() !== '' && (env.MQTT_KEY_FILE ?? '').trim() === '')
    problems.push('MQTT_CERT_FILE is set without MQTT_KEY_FILE: a client certificate needs its private key');
  if ((env.MQTT_KEY_FILE ?? '').trim() !== '' && (env.MQTT_CERT_FILE ?? '').trim() === '')
    problems.push('MQTT_KEY_FILE is set without MQTT_CERT_FILE: a private key needs its client certificate');

  let locations: Location[] = [];
  const locationsRaw = nonEmpty(env.OWM_LOCATIONS);
  if (withControls.has('OWM_LOCATIONS') || !read('OWM_LOCATIONS')) {
    // already said, or not read by this command
  } else if (locationsRaw === undefined) {
    problems.push(
      'OWM_LOCATIONS is not set: list the places to poll, separated by ";", like OWM_LOCATIONS="Paris,FR;geo:43.6047,1.4442=toulouse"',
    );
  } else {
    const result = parseLocations(locationsRaw);
    if (result.ok) locations = result.locations;
    else problems.push(...result.problems.map((p) => `OWM_LOCATIONS ${p}`));
  }

  const clientId = nonEmpty(env.MQTT_CLIENT_ID)?.trim() ?? defaultClientId(mode);
  if (Buffer.byteLength(clientId) > 65_535) problems.push('MQTT_CLIENT_ID is too long');

  if (problems.length > 0 || !apiKey.ok || !password.ok || apiKeyControl !== undefined) return { ok: false, problems };
  const p = parsed as Parsed;

  const brokerUrl = new URL(p.MQTT_URL);
  const urlUser = brokerUrl.username === '' ? undefined : safeDecode(brokerUrl.username);
  const urlPassword = brokerUrl.password === '' ? undefined : safeDecode(brokerUrl.password);
  brokerUrl.username = '';
  brokerUrl.password = '';
  const mqttPassword = password.value ?? urlPassword;
  const key = apiKey.value!.trim();

  const warnings: string[] = [];
  const secure = brokerUrl.protocol === 'mqtts:' || brokerUrl.protocol === 'wss:';
  if (p.MQTT_INSECURE && secure)
    warnings.push(
      `MQTT_INSECURE=true: the broker's certificate is not checked, so anyone on the path can pose as ${brokerUrl.host}; use MQTT_CA_FILE instead`,
    );
  const tlsSet = Object.keys(tlsFiles);
  if (!secure && (tlsSet.length > 0 || p.MQTT_INSECURE))
    warnings.push(
      `${[...tlsSet, ...(p.MQTT_INSECURE ? ['MQTT_INSECURE'] : [])].join(', ')} ignored: MQTT_URL ${brokerUrl.protocol}// does not use TLS (use mqtts:// or wss://)`,
    );
  if (p.MQTT_MESSAGE_EXPIRY_S > 0 && p.MQTT_PROTOCOL_VERSION !== 5)
    warnings.push('MQTT_MESSAGE_EXPIRY_S is ignored: message expiry needs MQTT_PROTOCOL_VERSION=5');
  const base = p.OWM_BASE_URL;
  if (base.protocol === 'http:' && !isLoopback(base.hostname)) {
    warnings.push(`OWM_BASE_URL uses http:// to ${base.hostname}: your API key travels in clear text; use https://`);
  }

  const config: Config = {
    owm: {
      apiKey: key,
      locations,
      units: p.OWM_UNITS,
      lang: p.OWM_LANG,
      baseUrl: base.href.replace(/\/+$/, ''),
      timeoutMs: p.OWM_TIMEOUT_MS,
      concurrency: p.OWM_CONCURRENCY,
      retries: p.OWM_RETRIES,
      retryDelayMs: p.OWM_RETRY_DELAY_MS,
      airQuality: p.OWM_AIR_QUALITY,
    },
    mqtt: {
      url: brokerUrl.href,
      username: nonEmpty(env.MQTT_USERNAME) ?? urlUser,
      password: mqttPassword,
      clientId,
      qos: p.MQTT_QOS,
      retain: p.MQTT_RETAIN,
      timeoutMs: p.MQTT_TIMEOUT_MS,
      reconnectMinMs: p.MQTT_RECONNECT_MIN_MS,
      reconnectMaxMs: Math.max(p.MQTT_RECONNECT_MIN_MS, p.MQTT_RECONNECT_MAX_MS),
      protocolVersion: p.MQTT_PROTOCOL_VERSION,
      messageExpirySeconds: p.MQTT_PROTOCOL_VERSION === 5 ? p.MQTT_MESSAGE_EXPIRY_S : 0,
      tls: {
        ca: tlsFiles.MQTT_CA_FILE,
        cert: tlsFiles.MQTT_CERT_FILE,
        key: tlsFiles.MQTT_KEY_FILE,
        insecure: p.MQTT_INSECURE,
        files: tlsPaths,
      },
    },
    topicPrefix: p.TOPIC_PREFIX,
    publishUnchanged: p.PUBLISH_UNCHANGED,
    homeAssistant: { enabled: p.HA_DISCOVERY, prefix: p.HA_DISCOVERY_PREFIX },
    schedule: p.SCHEDULE,
    logLevel: p.LOG_LEVEL,
    onceDeadlineMs: p.ONCE_DEADLINE_MS,
    secrets: [key, password.value, urlPassword].filter((s): s is string => s !== undefined && s.length > 0),
    secretSources: {
      OWM_API_KEY: apiKey.source,
      MQTT_PASSWORD: password.value !== undefined ? password.source : urlPassword !== undefined ? 'MQTT_URL' : undefined,
    },
  };
  return { ok: true, config, warnings };
}

/**
 * `mqtt://user:secret@host` → `mqtt://user:***@host`, for messages about a URL
 * that may carry a password. The password runs to the last `@` and may hold
 * `/` or `@`, so this does not rely on the value being a valid URL.
 */
export function maskUrlPassword(text: string): string {
  const at = text.lastIndexOf('@');
  if (at === -1) return text;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? '';
  const userinfo = text.slice(scheme.length, at);
  const colon = userinfo.indexOf(':');
  if (colon === -1) return text;
  return `${scheme}${userinfo.slice(0, colon)}:***@${text.slice(at + 1)}`;
}

/** `https://user:secret@host/` → `https://***@host/`: for a URL whose credentials are refused, none of them is shown. */
export function maskUrlCredentials(text: string): string {
  const at = text.lastIndexOf('@');
  if (at === -1) return text;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? '';
  return `${scheme}***@${text.slice(at + 1)}`;
}

/** Percent-decoding that keeps a bare `%` (`100%sure`) instead of throwing. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** What `--print-config` shows: every effective setting, secrets replaced by where they came from. */
export function redactedConfig(config: Config): Record<string, unknown> {
  const hidden = (name: string) => (config.secretSources[name] ? `(hidden, from ${config.secretSources[name]})` : '(not set)');
  return {
    OWM_API_KEY: hidden('OWM_API_KEY'),
    OWM_LOCATIONS: config.owm.locations.map((l) => ({ entry: l.entry, topic: `${config.topicPrefix}/${l.level}`, query: l.selector })),
    OWM_UNITS: config.owm.units,
    OWM_LANG: config.owm.lang,
    OWM_BASE_URL: config.owm.baseUrl,
    OWM_TIMEOUT_MS: config.owm.timeoutMs,
    OWM_CONCURRENCY: config.owm.concurrency,
    OWM_RETRIES: config.owm.retries,
    OWM_RETRY_DELAY_MS: config.owm.retryDelayMs,
    OWM_AIR_QUALITY: config.owm.airQuality,
    MQTT_URL: config.mqtt.url,
    MQTT_USERNAME: config.mqtt.username ?? '(not set)',
    MQTT_PASSWORD: hidden('MQTT_PASSWORD'),
    MQTT_CLIENT_ID: config.mqtt.clientId,
    MQTT_QOS: config.mqtt.qos,
    MQTT_RETAIN: config.mqtt.retain,
    MQTT_TIMEOUT_MS: config.mqtt.timeoutMs,
    MQTT_RECONNECT_MIN_MS: config.mqtt.reconnectMinMs,
    MQTT_RECONNECT_MAX_MS: config.mqtt.reconnectMaxMs,
    MQTT_PROTOCOL_VERSION: config.mqtt.protocolVersion,
    MQTT_MESSAGE_EXPIRY_S: config.mqtt.messageExpirySeconds,
    MQTT_CA_FILE: config.mqtt.tls.files.MQTT_CA_FILE ?? '(not set: the system CAs)',
    MQTT_CERT_FILE: config.mqtt.tls.files.MQTT_CERT_FILE ?? '(not set)',
    MQTT_KEY_FILE: config.mqtt.tls.files.MQTT_KEY_FILE ?? '(not set)',
    MQTT_INSECURE: config.mqtt.tls.insecure,
    TOPIC_PREFIX: config.topicPrefix,
    PUBLISH_UNCHANGED: config.publishUnchanged,
    HA_DISCOVERY: config.homeAssistant.enabled,
    HA_DISCOVERY_PREFIX: config.homeAssistant.prefix,
    SCHEDULE: config.schedule,
    LOG_LEVEL: config.logLevel,
    ONCE_DEADLINE_MS: config.onceDeadlineMs,
  };
}
