// npm run bench: measures owm2mqtt against a Mosquitto of its own (default config) and a
// loopback OpenWeatherMap stand-in, side by side with bare `node -e 0` in the same run.
// Prints a table and writes bench/RESULTS.md. Not part of npm test.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttp } from 'node:http';
import { connect, createServer as createTcp } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/owm2mqtt.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const FIXTURE = readFileSync(join(ROOT, 'fixtures/owm/weather-clouds-all-optional-fields-metric.json'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function freePort() {
  return new Promise((resolve) => {
    const s = createTcp().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitPort(port) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((r) => connect(port, '127.0.0.1').once('connect', function () { this.destroy(); r(true); }).once('error', () => r(false)));
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`nothing on ${port}`);
}

/**
 * Runs a command under GNU time (asynchronously: the OWM stand-in lives in this process):
 * wall seconds, peak RSS (KiB), user+sys CPU seconds.
 */
function timed(args, env = {}) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%e %M %U %S', ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      const last = stderr.trim().split('\n').at(-1).split(' ').map(Number);
      // Wall from hrtime (GNU time's %e has 10 ms steps); RSS and CPU from GNU time.
      resolve({ code, wall: Number(process.hrtime.bigint() - started) / 1e9, rssKiB: last[1], cpu: last[2] + last[3], stderr });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-bench-'));
const mqttPort = await freePort();
writeFileSync(join(dir, 'm.conf'), `listener ${mqttPort} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\n`);
const mosquitto = spawn(['mosquitto', '/usr/sbin/mosquitto'].find((b) => spawnSync(b, ['-h']).error === undefined), ['-c', join(dir, 'm.conf')], { stdio: 'ignore' });
// Whatever happens (a failed run throws), the broker goes with this process.
process.on('exit', () => mosquitto.kill());
await waitPort(mqttPort);

// The OWM stand-in answers every location with the same recorded body, dt moving per request.
let served = 0;
const owm = createHttp((req, res) => {
  const body = JSON.parse(FIXTURE);
  body.dt += served++;
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
});
await new Promise((r) => owm.listen(0, '127.0.0.1', r));

// A counting TCP proxy in front of Mosquitto: bytes the bridge sends, measured at the socket.
let sent = 0;
const proxy = createTcp((client) => {
  const upstream = connect(mqttPort, '127.0.0.1');
  client.on('data', (d) => { sent += d.length; upstream.write(d); });
  upstream.pipe(client);
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
});
await new Promise((r) => proxy.listen(0, '127.0.0.1', r));

const env = (more) => ({ OWM_API_KEY: '0123456789abcdef0123456789abcdef', OWM_BASE_URL: `http://127.0.0.1:${owm.address().port}`, MQTT_URL: `mqtt://127.0.0.1:${mqttPort}`, OWM_LOCATIONS: 'Lisbon,PT', ...more });

// 1. Cold --once, one location, alternating with node -e 0.
const once = [];
const bare = [];
for (let i = 0; i < RUNS; i++) {
  bare.push(await timed([process.execPath, '-e', '0']));
  const r = await timed([process.execPath, CLI, '--once'], env({ TOPIC_PREFIX: `bench${i}` }));
  if (r.code !== 0) throw new Error(`--once failed (code ${r.code}; the broker's Nagle delay is not a failure): ${r.stderr}`);
  once.push(r);
}
const wallOnce = median(once.map((r) => r.wall));
const wallBare = median(bare.map((r) => r.wall));
const rssOnce = median(once.map((r) => r.rssKiB)) / 1024;
const rssBare = median(bare.map((r) => r.rssKiB)) / 1024;

// 3. One poll of 1,000 locations at the configured concurrency (4), QoS 1.
const many = Array.from({ length: 1000 }, (_, i) => `City${i}`).join(';');
const big = await timed([process.execPath, CLI, '--once'], env({ OWM_LOCATIONS: many, TOPIC_PREFIX: 'benchmany' }));
if (big.code !== 0) throw new Error(`1,000 locations failed: ${big.stderr.slice(-500)}`);

// 4. Wire cost per location per poll, full publish vs change-only (a second run, same dt).
const wire = async (more) => {
  sent = 0;
  const r = await timed([process.execPath, CLI, '--once'], { ...env(more), MQTT_URL: `mqtt://127.0.0.1:${proxy.address().port}` });
  if (r.code !== 0) throw new Error(r.stderr);
  return sent;
};
served = 0;
const fixedOwm = (req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(FIXTURE);
owm.removeAllListeners('request');
owm.on('request', fixedOwm);
const full = await wire({ TOPIC_PREFIX: 'benchwire' });
const changeOnly = await wire({ TOPIC_PREFIX: 'benchwire' });

mosquitto.kill();
owm.close();
proxy.close();

const fmt = (n, d = 0) => n.toFixed(d);
const rows = [
  ['Cold `--once`, 1 location: median wall', `${fmt(wallOnce * 1000)} ms`, `node -e 0: ${fmt(wallBare * 1000)} ms (×${fmt(wallOnce / wallBare, 2)})`, 'target ≤ 2.5×'],
  ['Cold `--once`, 1 location: peak RSS', `${fmt(rssOnce, 1)} MiB`, `node -e 0: ${fmt(rssBare, 1)} MiB (+${fmt(rssOnce - rssBare, 1)} MiB)`, 'target ≤ +30 MiB'],
  ['1,000 locations, one poll, QoS 1: wall', `${fmt(big.wall, 2)} s`, `${fmt((big.cpu / 1000) * 1000, 2)} ms CPU per location; ${fmt((1000 * 28) / big.wall)} messages/s`, 'target ≤ 1 s'],
  ['Wire, per location per poll: full publish', `${full} bytes`, 'counted at the socket (includes CONNECT, status, DISCONNECT)', ''],
  ['Wire, per location per poll: change-only', `${changeOnly} bytes`, `${fmt((100 * changeOnly) / full)} % of full`, ''],
];
const table = ['| Measure | Value | Beside it | Target |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const header = `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}; medians of ${RUNS} runs; Mosquitto 2 with its default config (\`set_tcp_nodelay false\`).`;
console.log(`${header}\n\n${table}`);
writeFileSync(join(ROOT, 'bench/RESULTS.md'), `# Benchmark results\n\nMade by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. ${header}\n\n${table}\n\nNot measured yet: the daemon's RSS and heap after 100 and 2,000 accelerated polls of 20 locations (issue 7, scenario 2).\n`);
