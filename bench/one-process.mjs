// One process or three on a Pi (issue 14): the RSS of `owm2mqtt all` against the sum of
// `owm2mqtt run`, `owm2mqtt aggregate` and `owm2mqtt dashboard` run separately, each with the
// same work: a Mosquitto of its own, a loopback OpenWeatherMap stand-in (one location), three
// simulated rooms at 1 Hz (`owm2mqtt simulate`, not counted) that both setups aggregate and
// record. Both setups run side by side for BENCH_ONE_SECONDS (default 120), then each process's
// VmRSS is read from /proc/<pid>/status. Needs node scripts/build.mjs first. Not part of npm run
// bench (it takes two minutes); docs/deployment.md, "One process on a Pi", has its figures.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttp } from 'node:http';
import { connect, createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'dist/owm2mqtt.cjs');
const SECONDS = Number(process.env.BENCH_ONE_SECONDS ?? 120);
const tmp = mkdtempSync(join(tmpdir(), 'owm2mqtt-bench-one-'));
const children = new Set();
const track = (child) => {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
};
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
const rssMiB = (pid) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

// The broker.
const mqttPort = await freePort();
writeFileSync(join(tmp, 'mosquitto.conf'), `listener ${mqttPort} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\n`);
const mosquitto = ['mosquitto', '/usr/sbin/mosquitto'].find((binary) => spawnSync(binary, ['-h']).error === undefined);
track(spawn(mosquitto, ['-c', join(tmp, 'mosquitto.conf')], { stdio: 'ignore' }));
for (let up = false; !up; await sleep(20))
  up = await new Promise((resolve) =>
    connect(mqttPort, '127.0.0.1')
      .once('connect', function () {
        this.destroy();
        resolve(true);
      })
      .once('error', () => resolve(false)),
  );

// The OpenWeatherMap stand-in: the recorded Lisbon body for every weather call.
const weather = readFileSync(join(ROOT, 'fixtures/owm/weather-clouds-all-optional-fields-metric.json'));
const owm = createHttp((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(weather));
await new Promise((resolve) => owm.listen(0, '127.0.0.1', resolve));

const common = {
  PATH: process.env.PATH,
  MQTT_URL: `mqtt://127.0.0.1:${mqttPort}`,
  OWM_API_KEY: '0123456789abcdef0123456789abcdef',
  OWM_BASE_URL: `http://127.0.0.1:${owm.address().port}`,
  OWM_LOCATIONS: 'Lisbon,PT',
  OWM_GEOCODING: 'false',
  AGG_SOURCES: 'maison/+/temperature;maison/+/humidity',
  LOG_LEVEL: 'warn',
};
function start(args, env, name) {
  const child = track(spawn(process.execPath, [CLI, ...args], { env: { ...common, ...env }, stdio: ['ignore', 'ignore', 'pipe'] }));
  let log = '';
  child.stderr.on('data', (chunk) => (log += chunk));
  child.once('exit', (code) => {
    if (code !== 0 && code !== null) console.error(`${name} exited ${code}: ${log.slice(-1000)}`);
  });
  return { name, child, log: () => log };
}

// Three rooms at 1 Hz, for both setups.
start(['simulate'], { CACHE_DIRECTORY: join(tmp, 'cache-simulate') }, 'simulate');
// The three processes, each with the settings its own unit would have.
const separate = [
  start(['run'], { TOPIC_PREFIX: 'three', CACHE_DIRECTORY: join(tmp, 'cache-run'), STATE_DIRECTORY: join(tmp, 'state-run') }, 'run'),
  start(['aggregate'], { AGG_PREFIX: 'stats-three', CACHE_DIRECTORY: join(tmp, 'cache-aggregate') }, 'aggregate'),
  start(
    ['dashboard'],
    {
      DASHBOARD_PORT: String(await freePort()),
      DASHBOARD_DB: join(tmp, 'three.db'),
      DASHBOARD_TOPICS: 'three/#;maison/#;stats-three/#',
      MQTT_CLIENT_ID: 'owm2mqtt-bench-three-dashboard',
      CACHE_DIRECTORY: join(tmp, 'cache-dashboard'),
    },
    'dashboard',
  ),
];
const one = start(
  ['all'],
  {
    TOPIC_PREFIX: 'one',
    AGG_PREFIX: 'stats-one',
    MQTT_CLIENT_ID: 'owm2mqtt-bench-one',
    DASHBOARD_PORT: String(await freePort()),
    DASHBOARD_DB: join(tmp, 'one.db'),
    DASHBOARD_TOPICS: 'one/#;maison/#;stats-one/#',
    CACHE_DIRECTORY: join(tmp, 'cache-all'),
    STATE_DIRECTORY: join(tmp, 'state-all'),
  },
  'all',
);

const samples = [];
for (let t = 0; t < SECONDS; t += 10) {
  await sleep(10_000);
  for (const part of [...separate, one]) if (part.child.exitCode !== null) throw new Error(`${part.name} ended early: ${part.log()}`);
  samples.push({ t: t + 10, one: rssMiB(one.child.pid), separate: separate.map((part) => rssMiB(part.child.pid)) });
}
const last = samples.at(-1);
const sum = last.separate.reduce((total, value) => total + value, 0);
const result = {
  seconds: SECONDS,
  all: last.one,
  run: last.separate[0],
  aggregate: last.separate[1],
  dashboard: last.separate[2],
  sum,
  saved: sum - last.one,
  samples,
  loadAverage: loadavg(),
  cpus: cpus().length,
};
const fmt = (n) => n.toFixed(1);
console.log(
  `After ${SECONDS} s: all ${fmt(result.all)} MiB; run ${fmt(result.run)} + aggregate ${fmt(result.aggregate)} + dashboard ${fmt(result.dashboard)} = ${fmt(sum)} MiB; one process saves ${fmt(result.saved)} MiB (${fmt((100 * result.saved) / sum)} %)`,
);
console.log(JSON.stringify(result));
for (const part of [...separate, one]) part.child.kill('SIGTERM');
await sleep(2000);
owm.close();
process.exit(0);
