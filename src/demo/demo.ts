/**
 * `npm run demo`: the real bridge, no API key, no network. An in-process MQTT
 * broker (Aedes) and a loopback OpenWeatherMap stand-in that serves the
 * recorded responses in fixtures/owm, changing between polls; the daemon polls
 * every 2 seconds; `watch` shows what arrives on the broker. Exits by itself.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Aedes } from 'aedes';
import { loadConfig } from '../config/index.js';
import { cronSchedule, Daemon } from '../bridge/daemon.js';
import { createLogger } from '../core/log.js';
import { runWatch } from '../watch/watch.js';
import { messageOf } from '../core/errors.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/owm/', import.meta.url));
/** The latest recording's dt among those below (2026-08-01T08:55:32Z): in the past, as a current observation is. */
const FIRST_DT = 1_785_574_532;
const KEY = 'demo-key-not-a-real-one-000000000';
/** Each location walks through recorded observations, one per poll. */
const SCRIPT: Record<string, string[]> = {
  'Lisbon,PT': ['weather-clouds-all-optional-fields-metric.json', 'weather-rain-1h-all-optional-fields-name-with-space-metric.json'],
  'Berlin,DE': ['weather-no-gust-with-sea-grnd-metric.json', 'doc-weather-units-metric.json'],
  'Curacautín,CL': [
    'weather-snow-1h-negative-accented-name-no-visibility-no-sys-type-metric.json',
    'weather-shower-rain-no-rain-object-lang-fr-metric.json',
  ],
};
const RUN_MS = Number(process.env.DEMO_SECONDS ?? '9') * 1000;

async function listen(server: {
  listen(port: number, host: string, done: () => void): unknown;
  address(): AddressInfo | string | null;
}): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function main(): Promise<number> {
  const aedes = await Aedes.createBroker();
  const broker = createTcpServer(aedes.handle);
  const mqttPort = await listen(broker);

  const served = new Map<string, number>();
  const owm = createHttpServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams.get('q') ?? '';
    const files = SCRIPT[q];
    if (!files) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"cod":"404","message":"city not found"}');
      return;
    }
    const n = served.get(q) ?? 0;
    served.set(q, n + 1);
    const body = JSON.parse(readFileSync(`${FIXTURES}${files[n % files.length]}`, 'utf8')) as { dt: number };
    // A new observation every poll, each later than the last (an older one is not published), whatever the recording's own dt.
    body.dt = FIRST_DT + n * 600;
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  });
  const owmPort = await listen(owm);

  const result = loadConfig(
    {
      OWM_API_KEY: KEY,
      OWM_LOCATIONS: Object.keys(SCRIPT).join(';'),
      OWM_BASE_URL: `http://127.0.0.1:${owmPort}`,
      MQTT_URL: `mqtt://127.0.0.1:${mqttPort}`,
      SCHEDULE: '*/2 * * * * *',
      TOPIC_PREFIX: 'exterieur',
      // The stand-in answers the weather by query, as OWM's built-in geocoding does.
      OWM_GEOCODING: 'false',
    },
    'daemon',
  );
  if (!result.ok) throw new Error(result.problems.join('; '));
  const log = createLogger({ level: 'error' });
  const daemon = new Daemon({ config: result.config, log, userAgent: 'owm2mqtt-demo', schedule: cronSchedule(result.config.schedule) });
  process.stdout.write(
    `owm2mqtt demo: a broker on 127.0.0.1:${mqttPort}, OpenWeatherMap played from recorded responses, a poll every 2 s.\n`,
  );
  daemon.start();
  const code = await runWatch({ config: result.config, log, out: process.stdout, forMs: RUN_MS });
  await daemon.stop();
  await new Promise<void>((resolve) => aedes.close(() => resolve()));
  broker.close();
  owm.close();
  process.stdout.write(
    [
      '',
      'That was the real bridge against stand-ins. To run it for real:',
      '  1. get a free key at https://home.openweathermap.org/api_keys',
      '  2. OWM_API_KEY=<your key> OWM_LOCATIONS="Paris,FR" MQTT_URL=mqtt://<your broker>:1883 npm start',
      '  3. watch it: owm2mqtt watch (same settings), or mosquitto_sub -t "exterieur/#" -v',
      '',
    ].join('\n'),
  );
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${messageOf(error)}\n`);
    process.exit(1);
  },
);
