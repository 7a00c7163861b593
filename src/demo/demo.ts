/**
 * `npm run demo`: the course's whole system on this machine, with no API key and no network:
 * a Mosquitto of its own, a loopback OpenWeatherMap stand-in (fixtures/owm), the bridge, three
 * simulated rooms that feel the outdoor temperature, the aggregator with an alert rule, and the
 * dashboard, each the built `owm2mqtt` with its command. Prints the page's address and runs
 * until Ctrl-C (or DEMO_SECONDS).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageOf } from '../core/errors.js';
import { startDemoBroker } from './broker.js';
import { type DemoChild, startChild } from './children.js';
import { CYCLING, DEMO_KEY, SCRIPT, startOwmStandIn } from './owm-stand-in.js';
import { listenOn } from './ports.js';

/** Simulated time runs this many times faster than real time: a day in 3 minutes. */
const SPEED = 480;
/** The simulated day starts at 05:00 UTC: night set-points first, then the heating comes on at 06:30 and the alert fires. */
const START_HOUR = 5;
const DASHBOARD_PORT = 8377;
const ALERT = 'maison/+/temperature>19';

function whole(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name}="${raw}" must be a whole number`);
  return Number(raw);
}

/** The default port when it is free, else any free one. */
async function dashboardPort(): Promise<number> {
  const given = whole('DEMO_DASHBOARD_PORT', 0);
  if (given !== 0) return given;
  try {
    return await listenOn(createServer(), DASHBOARD_PORT, true);
  } catch {
    return listenOn(createServer(), 0, true);
  }
}

async function main(): Promise<number> {
  const seconds = whole('DEMO_SECONDS', 0);
  const folder = mkdtempSync(join(tmpdir(), 'owm2mqtt-demo-'));
  const startedAt = Date.now();
  const simulatedStart = new Date(startedAt);
  simulatedStart.setUTCHours(START_HOUR, 0, 0, 0);
  const hourOfDay = () => (START_HOUR + ((Date.now() - startedAt) * SPEED) / 3_600_000) % 24;

  const broker = await startDemoBroker(whole('DEMO_MQTT_PORT', 0), folder);
  const owm = await startOwmStandIn(hourOfDay);
  const port = await dashboardPort();
  const common = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: folder,
    MQTT_URL: broker.url,
    LOG_LEVEL: 'warn',
    MQTT_RECONNECT_MIN_MS: '200',
  };
  const outdoor = `exterieur/${CYCLING.split(',')[0]!.toLowerCase()}/temperature`;
  const children: DemoChild[] = [
    startChild(
      'bridge',
      'run',
      {
        ...common,
        OWM_API_KEY: DEMO_KEY,
        OWM_LOCATIONS: Object.keys(SCRIPT).join(';'),
        OWM_BASE_URL: owm.url,
        SCHEDULE: '*/5 * * * * *',
        TOPIC_PREFIX: 'exterieur',
        // The stand-in answers the weather by name, as OWM's built-in geocoding does.
        OWM_GEOCODING: 'false',
        // Not its quota warnings: a poll every 5 s is the demo's choice.
        LOG_LEVEL: 'error',
      },
      folder,
    ),
    startChild(
      'simulate',
      'simulate',
      {
        ...common,
        SIM_SPEED: String(SPEED),
        SIM_START: simulatedStart.toISOString().replace(/\.\d+Z$/, 'Z'),
        SIM_OUTDOOR_TOPIC: outdoor,
        SIM_SEED: 'demo',
      },
      folder,
    ),
    startChild('aggregate', 'aggregate', { ...common, AGG_PERIOD_S: '5', ALERTS: ALERT }, folder),
    startChild(
      'dashboard',
      'dashboard',
      {
        ...common,
        DASHBOARD_PORT: String(port),
        DASHBOARD_DB: join(folder, 'history.db'),
        // The bridge publishes some twenty quantities per place: the page shows the two the rooms also have.
        DASHBOARD_TOPICS: 'exterieur/+/temperature;exterieur/+/humidity;exterieur/bridge/status;maison/#;stats/#',
      },
      folder,
    ),
  ];

  process.stdout.write(
    [
      `owm2mqtt demo: the whole system on this machine, no API key, no network. Simulated time runs ${SPEED} times faster: a day every ${(24 * 3600) / SPEED / 60} minutes.`,
      `  broker        ${broker.url}, ${broker.kind}`,
      `  OpenWeatherMap stand-in ${owm.url} (recorded answers; ${outdoor} follows the simulated day)`,
      `  bridge        owm2mqtt run: ${Object.keys(SCRIPT).join(', ')} every 5 s`,
      '  rooms         owm2mqtt simulate: salon, cuisine, chambre, feeling the outdoor temperature',
      `  aggregator    owm2mqtt aggregate: house means every 5 s, alert ${ALERT}`,
      `  dashboard     http://127.0.0.1:${port}/`,
      '',
      `Open http://127.0.0.1:${port}/ in a browser. Ctrl-C stops everything.`,
      '',
    ].join('\n'),
  );

  // A command this build lacks says so at once; the demo goes on without it.
  void Promise.all(
    children.map(async (child) => {
      await child.exited;
      if (child.missing()) process.stderr.write(`demo: this build has no \`owm2mqtt ${child.name}\` yet: going on without it\n`);
    }),
  );

  await new Promise<void>((resolve) => {
    if (seconds > 0) setTimeout(resolve, seconds * 1000).unref();
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  process.stdout.write('demo: stopping\n');
  // The dashboard first (its history written), the bridge last, then the broker.
  const codes = new Map<string, number | null>();
  for (const child of [...children].reverse()) codes.set(child.name, await child.stop());
  await broker.stop();
  owm.server.close();
  rmSync(folder, { recursive: true, force: true });
  const failed = [...codes].filter(([name, code]) => code !== 0 && !children.find((child) => child.name === name)!.missing());
  for (const [name, code] of failed) process.stderr.write(`demo: ${name} exited with code ${code}\n`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${messageOf(error)}\n`);
    process.exit(1);
  },
);
