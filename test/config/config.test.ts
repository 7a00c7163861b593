import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Config, defaultClientId, loadConfig, maskUrlPassword, type Mode, redactedConfig } from '../../src/config/index.js';
import { maskSecrets } from '../../src/core/log.js';

const KEY = 'f4k3k3y0f0wm2mqtt5ecret0123456789';
const PW = 'Hunter2-mqtt-pa55word';
const URL_PW = 'UrlSecret-9q8w7e';
const MODES: Mode[] = ['daemon', 'once', 'aggregate'];
const BASE = { OWM_API_KEY: KEY, OWM_LOCATIONS: 'Paris,FR' };

type Env = Record<string, string | undefined>;
function ok(env: Env, mode: Mode = 'daemon'): { config: Config; warnings: string[] } {
  const result = loadConfig({ ...BASE, ...env }, mode);
  if (!result.ok) throw new Error(`expected a valid config, got: ${result.problems.join(' | ')}`);
  return result;
}
function problems(env: Env, mode: Mode = 'daemon'): string[] {
  const result = loadConfig({ ...BASE, ...env }, mode);
  if (result.ok) throw new Error('expected problems, got a valid config');
  return result.problems;
}

describe('defaults', () => {
  it.each(MODES)('fills every default in %s mode', (mode) => {
    const { config, warnings } = ok({}, mode);
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      owm: {
        apiKey: KEY,
        locations: [{ entry: 'Paris,FR', level: 'paris', selector: { kind: 'q', q: 'Paris,FR' } }],
        units: 'metric',
        lang: 'en',
        baseUrl: 'https://api.openweathermap.org',
        timeoutMs: 10000,
        concurrency: 4,
        retries: 2,
        retryDelayMs: 1000,
        airQuality: false,
        geocoding: true,
        placesFile: undefined,
        forecast: false,
        forecastIntervalMs: 3_600_000,
        forecastHours: [3, 6, 12, 24],
      },
      mqtt: {
        url: 'mqtt://localhost:1883',
        username: undefined,
        password: undefined,
        clientId: defaultClientId(mode),
        qos: 1,
        retain: true,
        timeoutMs: 10000,
        reconnectMinMs: 1000,
        reconnectMaxMs: 60000,
        protocolVersion: 4,
        messageExpirySeconds: 0,
        tls: { ca: undefined, cert: undefined, key: undefined, insecure: false, files: {} },
      },
      topicPrefix: 'exterieur',
      publishUnchanged: false,
      homeAssistant: { enabled: false, prefix: 'homeassistant' },
      schedule: '*/10 * * * *',
      logLevel: 'info',
      onceDeadlineMs: 60000,
      dashboard: {
        topics: ['exterieur/#', 'maison/#', 'stats/#'],
        host: '127.0.0.1',
        port: 8377,
        password: undefined,
        // No HOME nor state directory in this environment: only the dashboard needs one, and says so.
        databasePath: '',
        rawDays: 2,
        historyDays: 30,
        units: 'metric',
      },
      secrets: [KEY],
      secretSources: { OWM_API_KEY: 'OWM_API_KEY', MQTT_PASSWORD: undefined, DASHBOARD_PASSWORD: undefined },
      home: { HOME_PREFIX: 'maison' },
      simulate: {
        SIM_ROOMS: 'salon;cuisine;chambre',
        SIM_INTERVAL_MS: '1000',
        SIM_QOS: '1',
        SIM_RETAIN: 'true',
        SIM_FORMAT: 'plain',
        SIM_SEED: undefined,
        SIM_SPEED: '1',
        SIM_START: undefined,
        SIM_OUTDOOR_TOPIC: undefined,
        SIM_FAULTS: undefined,
        SIM_LATITUDE: '43.6',
        SIM_LONGITUDE: '1.44',
        SIM_SETPOINT_DAY: '20',
        SIM_SETPOINT_NIGHT: '17',
        SIM_CLIENT_ID_PREFIX: 'owm2mqtt-sim-',
      },
      aggregate: {
        AGG_SOURCES: 'maison/+/temperature;maison/+/humidity;exterieur/+/temperature',
        AGG_PERIOD_S: '60',
        AGG_PREFIX: 'stats',
        AGG_QOS: '1',
        AGG_RETAIN: 'true',
        AGG_MAX_MEMBERS: '1000',
        AGG_STALE_S: 'auto',
        ALERTS: undefined,
      },
    });
  });

  const VARS = [
    'OWM_UNITS',
    'OWM_LANG',
    'OWM_BASE_URL',
    'OWM_TIMEOUT_MS',
    'OWM_CONCURRENCY',
    'OWM_RETRIES',
    'OWM_RETRY_DELAY_MS',
    'MQTT_URL',
    'MQTT_USERNAME',
    'MQTT_PASSWORD',
    'MQTT_PASSWORD_FILE',
    'MQTT_CLIENT_ID',
    'MQTT_QOS',
    'MQTT_RETAIN',
    'MQTT_TIMEOUT_MS',
    'MQTT_RECONNECT_MIN_MS',
    'MQTT_RECONNECT_MAX_MS',
    'TOPIC_PREFIX',
    'SCHEDULE',
    'LOG_LEVEL',
    'ONCE_DEADLINE_MS',
  ];
  it.each(['', '   '])('treats %j as unset for every optional variable', (blank) => {
    const env = Object.fromEntries(VARS.map((name) => [name, blank]));
    expect(ok(env).config).toEqual(ok({}).config);
  });

  it.each([
    ['daemon', 'pi', 'owm2mqtt-pi'],
    ['once', 'pi', 'owm2mqtt-pi-once'],
    ['daemon', 'pi.local', 'owm2mqtt-pi-local'],
    ['once', 'my host!', 'owm2mqtt-my-host--once'],
    ['aggregate', 'pi', 'owm2mqtt-pi-aggregate'],
  ] as const)('defaultClientId(%s, %j) is %s', (mode, host, expected) => {
    expect(defaultClientId(mode, host)).toBe(expected);
  });

  it('defaults MQTT_CLIENT_ID from the host name, with -once in once mode only', () => {
    const host = hostname().replace(/[^A-Za-z0-9_-]/g, '-');
    expect(ok({}, 'daemon').config.mqtt.clientId).toBe(`owm2mqtt-${host}`);
    expect(ok({}, 'once').config.mqtt.clientId).toBe(`owm2mqtt-${host}-once`);
    expect(ok({ MQTT_CLIENT_ID: ' kitchen-bridge ' }, 'once').config.mqtt.clientId).toBe('kitchen-bridge');
  });
});

describe('valid values', () => {
  it.each([
    ['OWM_UNITS', 'imperial', (c: Config) => c.owm.units, 'imperial'],
    ['OWM_UNITS', 'standard', (c: Config) => c.owm.units, 'standard'],
    ['OWM_LANG', 'FR', (c: Config) => c.owm.lang, 'fr'],
    ['OWM_LANG', 'pt_BR', (c: Config) => c.owm.lang, 'pt_br'],
    ['OWM_BASE_URL', 'https://proxy.example/owm/', (c: Config) => c.owm.baseUrl, 'https://proxy.example/owm'],
    ['OWM_TIMEOUT_MS', '2500', (c: Config) => c.owm.timeoutMs, 2500],
    ['OWM_CONCURRENCY', '1', (c: Config) => c.owm.concurrency, 1],
    ['OWM_RETRIES', '0', (c: Config) => c.owm.retries, 0],
    ['OWM_RETRY_DELAY_MS', '250', (c: Config) => c.owm.retryDelayMs, 250],
    ['MQTT_URL', 'wss://broker.example:8884/mqtt', (c: Config) => c.mqtt.url, 'wss://broker.example:8884/mqtt'],
    ['MQTT_URL', 'mqtts://broker.example:8883', (c: Config) => c.mqtt.url, 'mqtts://broker.example:8883'],
    ['MQTT_USERNAME', 'alice', (c: Config) => c.mqtt.username, 'alice'],
    ['MQTT_QOS', '0', (c: Config) => c.mqtt.qos, 0],
    ['MQTT_QOS', '2', (c: Config) => c.mqtt.qos, 2],
    ['MQTT_TIMEOUT_MS', '3000', (c: Config) => c.mqtt.timeoutMs, 3000],
    ['TOPIC_PREFIX', 'home/weather', (c: Config) => c.topicPrefix, 'home/weather'],
    ['SCHEDULE', ' */5 * * * * ', (c: Config) => c.schedule, '*/5 * * * *'],
    ['SCHEDULE', '0 */15 * * * *', (c: Config) => c.schedule, '0 */15 * * * *'],
    ['LOG_LEVEL', 'debug', (c: Config) => c.logLevel, 'debug'],
    ['ONCE_DEADLINE_MS', '5000', (c: Config) => c.onceDeadlineMs, 5000],
  ])('%s=%j is parsed', (name, value, get, expected) => {
    for (const mode of MODES) expect(get(ok({ [name]: value }, mode).config)).toEqual(expected);
  });

  it.each([
    ...['true', 'TRUE', 'yes', 'Yes', 'on', '1', ' true '].map((v) => [v, true] as const),
    ...['false', 'False', 'no', 'off', 'OFF', '0'].map((v) => [v, false] as const),
  ])('MQTT_RETAIN=%j is %s', (value, expected) => {
    expect(ok({ MQTT_RETAIN: value }).config.mqtt.retain).toBe(expected);
  });
});

describe('invalid values: one problem naming the variable, its value and what is accepted', () => {
  it.each([
    ['OWM_UNITS', 'kelvin', 'must be one of metric, imperial, standard'],
    ['OWM_LANG', 'english', 'like en, fr'],
    ['OWM_BASE_URL', 'ftp://example.com', 'must start with http://, https://'],
    ['OWM_BASE_URL', 'api.openweathermap.org', 'is not a URL'],
    ['OWM_TIMEOUT_MS', '10s', 'must be a whole number'],
    ['OWM_TIMEOUT_MS', '0', 'must be a whole number'],
    ['OWM_CONCURRENCY', '0', 'must be a whole number'],
    ['OWM_CONCURRENCY', 'four', 'must be a whole number'],
    ['OWM_RETRIES', '-1', 'must be a whole number'],
    ['OWM_RETRY_DELAY_MS', '1.5', 'must be a whole number'],
    ['MQTT_URL', 'http://broker:1883', 'must start with mqtt://, mqtts://, ws://, wss://'],
    ['MQTT_URL', 'tcp://broker:1883', 'must start with mqtt://, mqtts://, ws://, wss://'],
    ['MQTT_URL', 'broker:1883', 'mqtt://localhost:1883'],
    ['MQTT_QOS', '3', 'must be 0, 1 or 2'],
    ['MQTT_QOS', 'at-least-once', 'must be 0, 1 or 2'],
    ['MQTT_RETAIN', 'maybe', 'must be true or false (also accepted: yes/no, on/off, 1/0)'],
    ['MQTT_RETAIN', '2', 'must be true or false'],
    ['MQTT_TIMEOUT_MS', 'soon', 'must be a whole number'],
    ['TOPIC_PREFIX', 'home/#', 'like exterieur or home/weather'],
    ['TOPIC_PREFIX', 'home/+/x', 'like exterieur or home/weather'],
    ['TOPIC_PREFIX', 'home//weather', 'empty level'],
    ['TOPIC_PREFIX', '/home', 'empty level'],
    ['TOPIC_PREFIX', 'home/', 'empty level'],
    ['TOPIC_PREFIX', '$SYS/weather', 'starts with "$"'],
    ['SCHEDULE', 'every 10 minutes', 'like */10 * * * *'],
    ['SCHEDULE', '*/10 * * *', 'cron expression'],
    ['SCHEDULE', '61 * * * *', 'cron expression'],
    ['LOG_LEVEL', 'verbose', 'must be one of error, warn, info, debug'],
    ['ONCE_DEADLINE_MS', 'forever', 'must be a whole number'],
  ])('%s=%j', (name, value, accepted) => {
    for (const mode of MODES) {
      const found = problems({ [name]: value }, mode);
      expect(found).toHaveLength(1);
      expect(found[0]!.startsWith(`${name}="${value}" `)).toBe(true);
      expect(found[0]).toContain(accepted);
    }
  });

  it('requires OWM_LOCATIONS, with an example', () => {
    expect(problems({ OWM_LOCATIONS: undefined })).toEqual([
      'OWM_LOCATIONS is not set: list the places to poll, separated by ";", like OWM_LOCATIONS="Paris,FR;geo:43.6047,1.4442=toulouse"',
    ]);
  });

  it('prefixes every location problem with OWM_LOCATIONS', () => {
    expect(problems({ OWM_LOCATIONS: 'Paris;;id:abc' })).toEqual([
      'OWM_LOCATIONS entry 2 is empty (entries are separated by a single ";")',
      'OWM_LOCATIONS entry 3 "id:abc": "id:" needs a positive whole OWM city id, like id:2988507 (got "abc")',
    ]);
  });

  it('refuses an MQTT_CLIENT_ID longer than MQTT allows', () => {
    expect(problems({ MQTT_CLIENT_ID: 'x'.repeat(65_536) })).toEqual(['MQTT_CLIENT_ID is too long']);
  });
});

describe('every problem is reported at once', () => {
  const BAD: Env = {
    OWM_API_KEY: undefined,
    OWM_UNITS: 'kelvin',
    OWM_LANG: 'klingon',
    OWM_BASE_URL: 'gopher://x',
    OWM_TIMEOUT_MS: 'x',
    OWM_CONCURRENCY: '0',
    OWM_RETRIES: '99',
    OWM_RETRY_DELAY_MS: '-5',
    MQTT_URL: 'http://b',
    MQTT_QOS: '9',
    MQTT_RETAIN: 'maybe',
    MQTT_TIMEOUT_MS: '1',
    MQTT_RECONNECT_MIN_MS: '5',
    MQTT_RECONNECT_MAX_MS: 'x',
    TOPIC_PREFIX: 'a/#',
    SCHEDULE: 'nope',
    LOG_LEVEL: 'loud',
    ONCE_DEADLINE_MS: '1',
    MQTT_PASSWORD: PW,
    MQTT_PASSWORD_FILE: '/run/secrets/mqtt',
    OWM_LOCATIONS: 'Paris;geo:91,0',
  };
  it.each(MODES)('in %s mode: 20 problems, one per variable', (mode) => {
    const found = problems(BAD, mode);
    expect(found.map((p) => /^[A-Z_]+/.exec(p)?.[0]).sort()).toEqual(
      [
        'OWM_UNITS',
        'OWM_LANG',
        'OWM_BASE_URL',
        'OWM_TIMEOUT_MS',
        'OWM_CONCURRENCY',
        'OWM_RETRIES',
        'OWM_RETRY_DELAY_MS',
        'MQTT_URL',
        'MQTT_QOS',
        'MQTT_RETAIN',
        'MQTT_TIMEOUT_MS',
        'MQTT_RECONNECT_MIN_MS',
        'MQTT_RECONNECT_MAX_MS',
        'TOPIC_PREFIX',
        'SCHEDULE',
        'LOG_LEVEL',
        'ONCE_DEADLINE_MS',
        'OWM_API_KEY',
        'MQTT_PASSWORD',
        'OWM_LOCATIONS',
      ].sort(),
    );
    expect(found).toContain('OWM_LOCATIONS entry 2 "geo:91,0": latitude 91 is outside -90..90');
    expect(JSON.stringify(found)).not.toContain(PW);
  });

  it('refuses a bad SCHEDULE in once mode too', () => {
    expect(problems({ SCHEDULE: '*/10 * * *' }, 'once')[0]).toMatch(/^SCHEDULE="\*\/10 \* \* \*" is not a valid cron expression/);
  });
});

describe('MQTT_URL credentials', () => {
  it('moves user and password out of the URL', () => {
    const { config } = ok({ MQTT_URL: `mqtt://bob:${URL_PW}@broker.lan:1883` });
    expect(config.mqtt).toMatchObject({ url: 'mqtt://broker.lan:1883', username: 'bob', password: URL_PW });
    expect(config.secrets).toEqual([KEY, URL_PW]);
    expect(config.secretSources.MQTT_PASSWORD).toBe('MQTT_URL');
  });

  it('decodes percent-encoded credentials', () => {
    const { config } = ok({ MQTT_URL: 'mqtts://b%40b:p%40ss%2Fw@broker.lan' });
    expect(config.mqtt).toMatchObject({ url: 'mqtts://broker.lan', username: 'b@b', password: 'p@ss/w' });
  });

  it('lets MQTT_USERNAME and MQTT_PASSWORD win over the URL', () => {
    const { config } = ok({ MQTT_URL: `mqtt://bob:${URL_PW}@broker.lan`, MQTT_USERNAME: 'alice', MQTT_PASSWORD: PW });
    expect(config.mqtt).toMatchObject({ url: 'mqtt://broker.lan', username: 'alice', password: PW });
    expect(config.secretSources.MQTT_PASSWORD).toBe('MQTT_PASSWORD');
  });

  it('does not crash on a password holding a bare "%": it is kept as written', () => {
    const result = loadConfig({ ...BASE, MQTT_URL: 'mqtt://bob:100%sure@broker.lan' }, 'daemon');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.mqtt).toMatchObject({ url: 'mqtt://broker.lan', username: 'bob', password: '100%sure' });
    expect(result.config.secretSources.MQTT_PASSWORD).toBe('MQTT_URL');
  });
});

describe('OWM_BASE_URL over http', () => {
  it.each(['http://example.com', 'http://10.0.0.5:8080/owm'])('%s warns that the key travels in clear', (url) => {
    const { warnings } = ok({ OWM_BASE_URL: url });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^OWM_BASE_URL uses http:\/\/ to .*clear text; use https:\/\//);
    expect(warnings[0]).not.toContain(KEY);
  });
  it.each(['http://localhost:8080', 'http://127.0.0.1:9000', 'http://127.1.2.3', 'http://[::1]:8080', 'https://example.com'])(
    '%s gives no warning',
    (url) => {
      expect(ok({ OWM_BASE_URL: url }).warnings).toEqual([]);
    },
  );
});

describe('secrets are never shown', () => {
  it('not in redactedConfig nor warnings; absent credentials show "(not set)"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-config-'));
    try {
      const keyFile = join(dir, 'key');
      writeFileSync(keyFile, `${KEY}\n`);
      const { config, warnings } = ok({
        OWM_API_KEY: undefined,
        OWM_API_KEY_FILE: keyFile,
        OWM_BASE_URL: 'http://owm.example',
        MQTT_URL: `mqtt://bob:${URL_PW}@broker.lan:1883`,
      });
      const shown = redactedConfig(config);
      expect(shown).toMatchObject({
        OWM_API_KEY: `(hidden, from OWM_API_KEY_FILE (${keyFile}))`,
        MQTT_URL: 'mqtt://broker.lan:1883',
        MQTT_USERNAME: 'bob',
        MQTT_PASSWORD: '(hidden, from MQTT_URL)',
      });
      expect(shown.OWM_LOCATIONS).toEqual([
        {
          entry: 'Paris,FR',
          topic: 'exterieur/paris',
          query: { kind: 'q', q: 'Paris,FR' },
          place: '(not resolved yet: at the first poll)',
        },
      ]);
      for (const secret of [KEY, URL_PW]) expect(JSON.stringify([shown, warnings])).not.toContain(secret);
      expect(maskSecrets(`key=${KEY} url=mqtt://bob:${encodeURIComponent('p@ss')}@x`, ['p@ss', KEY])).toBe('key=*** url=mqtt://bob:***@x');
      expect(redactedConfig(ok({}).config)).toMatchObject({
        MQTT_USERNAME: '(not set)',
        MQTT_PASSWORD: '(not set)',
        OWM_API_KEY: '(hidden, from OWM_API_KEY)',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('not in problems', () => {
    const found = problems({
      OWM_API_KEY_FILE: '/run/secrets/key',
      MQTT_PASSWORD: PW,
      MQTT_PASSWORD_FILE: '/x',
      MQTT_URL: `mqtt://bob:${URL_PW}@broker:notaport`,
      OWM_UNITS: 'x',
    });
    expect(found).toHaveLength(4);
    expect(found).toContain('MQTT_URL="mqtt://bob:***@broker:notaport" is not a URL (expected something like mqtt://localhost:1883)');
    for (const secret of [KEY, PW, URL_PW]) expect(JSON.stringify(found)).not.toContain(secret);
  });

  it.each([
    ['a password with "@", bad scheme', 'tcp://bob:hunt@er2secret@broker'],
    ['a password with "@", bad port', 'mqtt://bob:hunt@er2secret@broker:port'],
    ['a password with "/"', 'mqtt://bob:hunt/er2secret@broker'],
  ])('not in an MQTT_URL problem for %s', (_, url) => {
    const found = problems({ MQTT_URL: url });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^MQTT_URL=/);
    expect(found[0]).not.toContain('er2secret');
  });

  it.each([
    ['mqtt://bob:s3cret@host:1883', 'mqtt://bob:***@host:1883'],
    ['mqtt://:s3cret@host', 'mqtt://:***@host'],
    ['mqtts://bob:hunt/er2@host:8883', 'mqtts://bob:***@host:8883'],
    ['mqtt://bob@host:1883', 'mqtt://bob@host:1883'],
    ['mqtt://host:1883/path', 'mqtt://host:1883/path'],
    ['tcp://bob:pa@ss@host', 'tcp://bob:***@host'],
  ])('maskUrlPassword(%j) is %j', (input, expected) => {
    expect(maskUrlPassword(input)).toBe(expected);
  });
});
