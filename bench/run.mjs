// npm run bench: measures owm2mqtt against Mosquittos of its own and a loopback OpenWeatherMap
// stand-in, side by side with bare `node -e 0` in the same run. Prints a table and writes
// bench/RESULTS.md. Not part of npm test.
//
// Two brokers: Mosquitto's default config (`set_tcp_nodelay false`: Nagle's algorithm on its
// sockets), used by every scenario, and the same with `set_tcp_nodelay true`, for a second row of
// cold --once runs (interleaved with the first, so both see the same machine).
//
// Environment: BENCH_RUNS (cold --once runs, default 15), BENCH_DAEMON_RUNS (scenario 2 runs,
// default 3), BENCH_POLLS (scenario 2 polls per run, default 2000), BENCH_SHIPPED_SECONDS (how long
// the shipped daemon runs on its 2-second schedule, default 30).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttp } from 'node:http';
import { connect, createServer as createTcp } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { dashboardBench, dashboardSection } from './dashboard.mjs';

const ROOT = new URL('../', import.meta.url).pathname;
// The command is moving from dist/owm2mqtt.js (ESM) to dist/owm2mqtt.cjs: whichever the build made.
const CLI = ['dist/owm2mqtt.cjs', 'dist/owm2mqtt.js'].map((p) => join(ROOT, p)).find((p) => existsSync(p));
if (!CLI) throw new Error('no dist/owm2mqtt.cjs or dist/owm2mqtt.js: run node scripts/build.mjs --bench first');
const DAEMON = join(ROOT, 'build/bench-daemon.js');
if (!existsSync(DAEMON)) throw new Error('no build/bench-daemon.js: run node scripts/build.mjs --bench first');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const DAEMON_RUNS = Number(process.env.BENCH_DAEMON_RUNS ?? 3);
const POLLS = Number(process.env.BENCH_POLLS ?? 2000);
const FIRST_MARK = 100;
// A mark halfway too: growth that stops before it is warm-up, growth that goes on past it a leak.
const MID_MARK = Math.round(POLLS / 2);
const DAEMON_TIMEOUT_MS = 150_000;
const FIXTURE = readFileSync(join(ROOT, 'fixtures/owm/weather-clouds-all-optional-fields-metric.json'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const benchStarted = process.hrtime.bigint();

// Every child this process starts goes with it, whatever ends it: a finished run, a thrown error
// (Node emits 'exit' for an uncaught exception or rejection), or a signal (turned into an exit).
const children = new Set();
const track = (child) => {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
};
let tmp;
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));

async function freePort() {
  return new Promise((resolve) => {
    const s = createTcp().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitPort(port, child) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited (code ${child.exitCode}) before listening on ${port}`);
    const ok = await new Promise((r) =>
      connect(port, '127.0.0.1')
        .once('connect', function () {
          this.destroy();
          r(true);
        })
        .once('error', () => r(false)),
    );
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
    const child = track(
      spawn('/usr/bin/time', ['-f', '%e %M %U %S', ...args], {
        env: { PATH: process.env.PATH, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      }),
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      const last = stderr.trim().split('\n').at(-1).split(' ').map(Number);
      // Wall from hrtime (GNU time's %e has 10 ms steps); RSS and CPU from GNU time.
      resolve({ code, wall: Number(process.hrtime.bigint() - started) / 1e9, rssKiB: last[1], cpu: last[2] + last[3], stderr });
    });
  });
}

if (!existsSync('/usr/bin/time'))
  throw new Error('npm run bench needs GNU time at /usr/bin/time (Debian: apt-get install time) for peak RSS and CPU');
tmp = mkdtempSync(join(tmpdir(), 'owm2mqtt-bench-'));
const MOSQUITTO = ['mosquitto', '/usr/sbin/mosquitto'].find((b) => spawnSync(b, ['-h']).error === undefined);
if (!MOSQUITTO) throw new Error('Mosquitto not found (mosquitto or /usr/sbin/mosquitto)');
const mosquittoVersion = /mosquitto version (\S+)/.exec(spawnSync(MOSQUITTO, ['-h'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';

/** A Mosquitto of the bench's own: the default config, plus `extra` lines. */
async function startMosquitto(name, extra = '') {
  const port = await freePort();
  writeFileSync(join(tmp, `${name}.conf`), `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\n${extra}`);
  const child = track(spawn(MOSQUITTO, ['-c', join(tmp, `${name}.conf`)], { stdio: 'ignore' }));
  await waitPort(port, child);
  return { port, child };
}
const broker = await startMosquitto('default');
const brokerNoDelay = await startMosquitto('nodelay', 'set_tcp_nodelay true\n');

// The OWM stand-in answers every location with the same recorded body (compact, as OWM sends it),
// dt moving per request so that every poll is a new observation and publishes in full.
const compact = JSON.stringify(JSON.parse(FIXTURE));
const dt0 = JSON.parse(FIXTURE).dt;
const [beforeDt, afterDt] = compact.split(`"dt":${dt0}`);
if (afterDt === undefined) throw new Error('the fixture has no "dt" to move');
let served = 0;
const movingDt = (_req, res) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end(`${beforeDt}"dt":${dt0 + served++}${afterDt}`);
const owm = createHttp(movingDt);
await new Promise((r) => owm.listen(0, '127.0.0.1', r));

// A counting TCP proxy in front of Mosquitto: bytes the bridge sends, measured at the socket.
let sent = 0;
const proxy = createTcp((client) => {
  const upstream = connect(broker.port, '127.0.0.1');
  client.on('data', (d) => {
    sent += d.length;
    upstream.write(d);
  });
  upstream.pipe(client);
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
});
await new Promise((r) => proxy.listen(0, '127.0.0.1', r));

// Every CLI run shares one start-up code cache directory, as runs under the deploy/ units
// (CacheDirectory=) or with a HOME do; the first successful run saves it (docs/performance.md, "Start-up code cache").
const CACHE = join(tmp, 'code-cache');
const env = (more) => ({
  OWM_API_KEY: '0123456789abcdef0123456789abcdef',
  OWM_BASE_URL: `http://127.0.0.1:${owm.address().port}`,
  MQTT_URL: `mqtt://127.0.0.1:${broker.port}`,
  OWM_LOCATIONS: 'Lisbon,PT',
  CACHE_DIRECTORY: CACHE,
  // The stand-in answers the weather by name; with geocoding, a run would first ask the Geocoding
  // API (once per place, then kept in OWM_PLACES_FILE): the figures compare the same work as before it.
  OWM_GEOCODING: 'false',
  ...more,
});

// 1. Cold --once, one location, alternating with node -e 0; each round also runs it against the
//    set_tcp_nodelay broker, so both brokers are measured on the same machine state.
//    Each round also times a first start (an empty cache directory of its own: what the very first
//    run after an install or upgrade costs, and every run where no cache directory can be had).
const warmUp = await timed([process.execPath, CLI, '--once'], env({ TOPIC_PREFIX: 'benchwarmup' }));
if (warmUp.code !== 0 || !existsSync(CACHE))
  throw new Error(`the warm-up --once did not save a code cache (code ${warmUp.code}): ${warmUp.stderr}`);
const once = [];
const onceNoDelay = [];
const onceFirst = [];
const bare = [];
for (let i = 0; i < RUNS; i++) {
  bare.push(await timed([process.execPath, '-e', '0']));
  const f = await timed(
    [process.execPath, CLI, '--once'],
    env({ TOPIC_PREFIX: `benchfirst${i}`, CACHE_DIRECTORY: join(tmp, `first-start-${i}`) }),
  );
  if (f.code !== 0) throw new Error(`--once (first start) failed (code ${f.code}): ${f.stderr}`);
  onceFirst.push(f);
  const r = await timed([process.execPath, CLI, '--once'], env({ TOPIC_PREFIX: `bench${i}` }));
  if (r.code !== 0) throw new Error(`--once failed (code ${r.code}; the broker's Nagle delay is not a failure): ${r.stderr}`);
  once.push(r);
  const n = await timed(
    [process.execPath, CLI, '--once'],
    env({ TOPIC_PREFIX: `bench${i}`, MQTT_URL: `mqtt://127.0.0.1:${brokerNoDelay.port}` }),
  );
  if (n.code !== 0) throw new Error(`--once (set_tcp_nodelay true) failed (code ${n.code}): ${n.stderr}`);
  onceNoDelay.push(n);
}
const wallOnce = median(once.map((r) => r.wall));
const wallNoDelay = median(onceNoDelay.map((r) => r.wall));
const wallBare = median(bare.map((r) => r.wall));
const wallFirst = median(onceFirst.map((r) => r.wall));
const rssFirst = median(onceFirst.map((r) => r.rssKiB)) / 1024;
const rssOnce = median(once.map((r) => r.rssKiB)) / 1024;
const rssBare = median(bare.map((r) => r.rssKiB)) / 1024;

// 3. One poll of 1,000 locations at the configured concurrency (4), QoS 1.
const many = Array.from({ length: 1000 }, (_, i) => `City${i}`).join(';');
const big = await timed([process.execPath, CLI, '--once'], env({ OWM_LOCATIONS: many, TOPIC_PREFIX: 'benchmany' }));
if (big.code !== 0) throw new Error(`1,000 locations failed: ${big.stderr.slice(-500)}`);

// 2. The daemon (bench/daemon.ts: the real Daemon, polled back to back) with 20 locations against
//    the default broker, LOG_LEVEL info (the default) to a file. A subscriber counts what reaches
//    the broker: one `state` message per location per poll, each a new observation.
const TWENTY = [
  'Lisbon,PT',
  'Porto,PT',
  'Madrid,ES',
  'Barcelona,ES',
  'Paris,FR',
  'Lyon,FR',
  'Toulouse,FR',
  'Berlin,DE',
  'Munich,DE',
  'Hamburg,DE',
  'Vienna,AT',
  'Zurich,CH',
  'Rome,IT',
  'Milan,IT',
  'Amsterdam,NL',
  'Brussels,BE',
  'London,GB',
  'Dublin,IE',
  'geo:60.1699,24.9384=helsinki',
  'id:3413829=valletta',
];

async function subscribe(topic) {
  const client = mqtt.connect(`mqtt://127.0.0.1:${broker.port}`, { clientId: `bench-sub-${process.pid}-${topic}`, reconnectPeriod: 0 });
  await new Promise((resolve, reject) => client.once('connect', resolve).once('error', reject));
  const counts = { messages: 0, newObservations: 0 };
  const last = new Map();
  client.on('message', (t, payload, packet) => {
    if (packet.retain) return; // a value kept from before the subscription
    counts.messages++;
    const observed = JSON.parse(payload).observed_at;
    if (last.get(t) !== observed) counts.newObservations++;
    last.set(t, observed);
  });
  await client.subscribeAsync(topic, { qos: 1 });
  return { counts, topics: last, close: () => client.endAsync() };
}

async function daemonRun(i) {
  const prefix = `benchdaemon${i}`;
  const sub = await subscribe(`${prefix}/+/state`);
  const servedBefore = served;
  const logFile = join(tmp, `daemon${i}.log`);
  const logFd = openSync(logFile, 'w');
  const child = track(
    spawn(process.execPath, ['--expose-gc', DAEMON], {
      env: {
        ...env({ OWM_LOCATIONS: TWENTY.join(';'), TOPIC_PREFIX: prefix, MQTT_CLIENT_ID: `owm2mqtt-bench-daemon-${i}`, LOG_LEVEL: 'info' }),
        BENCH_POLLS: String(POLLS),
        BENCH_FIRST_MARK: String(FIRST_MARK),
        BENCH_EVERY: String(MID_MARK),
      },
      stdio: ['ignore', 'pipe', logFd],
    }),
  );
  closeSync(logFd);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), DAEMON_TIMEOUT_MS);
  const code = await new Promise((r) => child.once('exit', (c, signal) => r(c ?? signal)));
  clearTimeout(timer);
  const logTail = () => readFileSync(logFile, 'utf8').slice(-2000);
  if (code !== 0)
    throw new Error(
      `bench daemon run ${i} failed (${code}${code === 'SIGKILL' ? `, killed after ${DAEMON_TIMEOUT_MS / 1000} s` : ''}):\n${logTail()}`,
    );
  // The daemon waited for every PUBACK: what is left is the broker's delivery to the subscriber.
  for (let seen = -1; seen !== sub.counts.messages; ) {
    seen = sub.counts.messages;
    await new Promise((r) => setTimeout(r, 200));
  }
  await sub.close();
  const lines = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const at = (poll) => lines.find((l) => l.poll === poll);
  const done = lines.find((l) => l.done);
  const first = at(FIRST_MARK);
  const mid = at(MID_MARK);
  const last = at(POLLS);
  if (!first || !mid || !last || !done) throw new Error(`bench daemon run ${i}: missing marks in its output:\n${out}`);
  const expected = TWENTY.length * POLLS;
  const check = {
    requests: served - servedBefore,
    brokerStates: sub.counts.messages,
    newObservations: sub.counts.newObservations,
    publishedLocations: done.publishedLocations,
    locations: sub.topics.size,
  };
  // Every poll asks every location once, and every location's new observation reaches the broker.
  if (check.requests !== expected || check.locations !== TWENTY.length || check.newObservations < expected || done.problems > 0) {
    throw new Error(
      `bench daemon run ${i} did not publish every location on every poll: ${JSON.stringify(check)} for ${expected} location-polls; warnings/errors: ${done.problems}\n${logTail()}`,
    );
  }
  return { first, mid, last, check };
}

const daemonRuns = [];
const daemonStarted = process.hrtime.bigint();
for (let i = 0; i < DAEMON_RUNS; i++) daemonRuns.push(await daemonRun(i));
const daemonSeconds = Number(process.hrtime.bigint() - daemonStarted) / 1e9;
// Medians over the runs, each figure on its own (with its range when there are several runs).
const pick = (f) => daemonRuns.map(f);
const stat = (f, d = 1) => {
  const xs = pick(f);
  const range = xs.length > 1 ? ` (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})` : '';
  return { value: median(xs), text: `${median(xs).toFixed(d)}`, range };
};
const d = {
  rss100: stat((r) => r.first.rssMiB),
  rss2000: stat((r) => r.last.rssMiB),
  rssGc100: stat((r) => r.first.rssAfterGcMiB),
  rssGc2000: stat((r) => r.last.rssAfterGcMiB),
  peak: stat((r) => r.last.peakRssMiB),
  anon2000: stat((r) => r.last.rssAnonMiB ?? NaN),
  file2000: stat((r) => r.last.rssFileMiB ?? NaN),
  heap100: stat((r) => r.first.heapMiB),
  heap2000: stat((r) => r.last.heapMiB),
  heapTotal100: stat((r) => r.first.heapTotalMiB),
  heapTotal2000: stat((r) => r.last.heapTotalMiB),
  rssGrowth: stat((r) => r.last.rssMiB - r.first.rssMiB),
  rssGrowthLate: stat((r) => r.last.rssMiB - r.mid.rssMiB),
  heapGrowthLate: stat((r) => r.last.heapMiB - r.mid.heapMiB, 2),
  heapGrowth: stat((r) => r.last.heapMiB - r.first.heapMiB, 2),
  cpu: stat((r) => r.last.cpuMsPerLocationPoll, 2),
  wall: stat((r) => r.last.wallMsPerPoll),
};
const published = daemonRuns.reduce((s, r) => s + r.check.newObservations, 0);

// 2b. The shipped daemon (`node dist/owm2mqtt.cjs`, code cache used) with the same 20 locations on
//     a schedule (every 2 s, 300 times the default pace), its RSS read from /proc every 5 s.
const SHIPPED_SECONDS = Number(process.env.BENCH_SHIPPED_SECONDS ?? 30);
const shippedServedBefore = served;
const shipped = track(
  spawn(process.execPath, [CLI], {
    env: {
      PATH: process.env.PATH,
      ...env({ OWM_LOCATIONS: TWENTY.join(';'), TOPIC_PREFIX: 'benchshipped', SCHEDULE: '*/2 * * * * *', LOG_LEVEL: 'error' }),
    },
    stdio: 'ignore',
  }),
);
const shippedRss = [];
for (let t = 0; t < SHIPPED_SECONDS; t += 5) {
  await new Promise((r) => setTimeout(r, 5000));
  const status = readFileSync(`/proc/${shipped.pid}/status`, 'utf8');
  shippedRss.push(Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]) / 1024);
}
shipped.kill('SIGTERM');
const shippedCode = await new Promise((r) => shipped.once('exit', (c) => r(c)));
const shippedPolls = (served - shippedServedBefore) / TWENTY.length;
if (shippedCode !== 0 || shippedPolls < SHIPPED_SECONDS / 2 - 2)
  throw new Error(`the shipped daemon exited ${shippedCode} after ${shippedPolls} polls`);
const locationPolls = DAEMON_RUNS * TWENTY.length * POLLS;

// 4. Wire cost per location per poll, full publish vs change-only (a second run, same dt).
const wire = async (more) => {
  sent = 0;
  const r = await timed([process.execPath, CLI, '--once'], { ...env(more), MQTT_URL: `mqtt://127.0.0.1:${proxy.address().port}` });
  if (r.code !== 0) throw new Error(r.stderr);
  return sent;
};
const fixedOwm = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(FIXTURE);
owm.removeAllListeners('request');
owm.on('request', fixedOwm);
const full = await wire({ TOPIC_PREFIX: 'benchwire' });
const changeOnly = await wire({ TOPIC_PREFIX: 'benchwire' });

// 5. The dashboard (bench/dashboard.mjs): its page in Chromium, its history store, and the built
//    command's intake through the default broker. Its own section of RESULTS.md.
const dashboard = dashboardSection(await dashboardBench({ cli: CLI, mqttUrl: `mqtt://127.0.0.1:${broker.port}`, track }));

for (const child of children) child.kill();
owm.close();
proxy.close();

const fmt = (n, dd = 0) => n.toFixed(dd);
const pass = (ok) => (ok ? '' : ' **✗**');
const sign = (n, dd = 1) => `${n >= 0 ? '+' : ''}${n.toFixed(dd)}`;
const dn = `${DAEMON_RUNS === 1 ? 'one run' : `median of ${DAEMON_RUNS} runs (range)`}`;
const rows = [
  [
    'Cold `--once`, 1 location: median wall',
    `${fmt(wallOnce * 1000)} ms`,
    `node -e 0: ${fmt(wallBare * 1000)} ms (×${fmt(wallOnce / wallBare, 2)})`,
    `target ≤ 2.5×${pass(wallOnce / wallBare <= 2.5)}`,
  ],
  [
    'Cold `--once`, 1 location, first start (no code cache yet): median wall',
    `${fmt(wallFirst * 1000)} ms`,
    `×${fmt(wallFirst / wallBare, 2)} node -e 0; peak RSS ${fmt(rssFirst, 1)} MiB; it saves the cache`,
    '',
  ],
  [
    'Cold `--once`, 1 location, Mosquitto `set_tcp_nodelay true`: median wall',
    `${fmt(wallNoDelay * 1000)} ms`,
    `node -e 0: ${fmt(wallBare * 1000)} ms (×${fmt(wallNoDelay / wallBare, 2)}); ${sign(Math.round(wallNoDelay * 1000) - Math.round(wallOnce * 1000), 0)} ms vs the default broker`,
    `target ≤ 2.5×${pass(wallNoDelay / wallBare <= 2.5)}`,
  ],
  [
    'Cold `--once`, 1 location: peak RSS',
    `${fmt(rssOnce, 1)} MiB`,
    `node -e 0: ${fmt(rssBare, 1)} MiB (+${fmt(rssOnce - rssBare, 1)} MiB)`,
    `target ≤ +30 MiB${pass(rssOnce - rssBare <= 30)}`,
  ],
  [
    '1,000 locations, one poll, QoS 1: wall',
    `${fmt(big.wall, 2)} s`,
    `${fmt((big.cpu / 1000) * 1000, 2)} ms CPU per location; ${fmt((1000 * 28) / big.wall)} messages/s`,
    `target ≤ 1 s${pass(big.wall <= 1)}`,
  ],
  [
    `Daemon, 20 locations: RSS at poll ${FIRST_MARK}²`,
    `${d.rss100.text} MiB${d.rss100.range}`,
    `after a full GC: ${d.rssGc100.text} MiB`,
    `target ≤ 70 MiB${pass(d.rss100.value <= 70)}`,
  ],
  [
    `Daemon, 20 locations: RSS at poll ${POLLS.toLocaleString('en')}²`,
    `${d.rss2000.text} MiB${d.rss2000.range}`,
    `after a full GC: ${d.rssGc2000.text} MiB; peak ${d.peak.text} MiB; ${d.anon2000.text} MiB anonymous + ${d.file2000.text} MiB file-backed (node's code)`,
    `target ≤ 70 MiB${pass(d.rss2000.value <= 70)}`,
  ],
  [
    `Daemon: RSS growth, poll ${FIRST_MARK} → ${POLLS.toLocaleString('en')}²`,
    `${sign(d.rssGrowth.value)} MiB${d.rssGrowth.range}`,
    `poll ${MID_MARK.toLocaleString('en')} → ${POLLS.toLocaleString('en')}: ${sign(d.rssGrowthLate.value)} MiB${d.rssGrowthLate.range}; V8 heap committed (heapTotal): ${d.heapTotal100.text} → ${d.heapTotal2000.text} MiB`,
    `target ≤ 2 MiB${pass(d.rssGrowth.value <= 2)}`,
  ],
  [
    `Daemon: heap used at poll ${FIRST_MARK} / ${POLLS.toLocaleString('en')}²`,
    `${d.heap100.text} / ${d.heap2000.text} MiB`,
    'live objects after a full GC',
    'no target of its own; see growth',
  ],
  [
    `Daemon: heap growth, poll ${FIRST_MARK} → ${POLLS.toLocaleString('en')}²`,
    `${sign(d.heapGrowth.value, 2)} MiB${d.heapGrowth.range}`,
    `poll ${MID_MARK.toLocaleString('en')} → ${POLLS.toLocaleString('en')}: ${sign(d.heapGrowthLate.value, 2)} MiB`,
    'no target of its own (issue: "shows a leak")',
  ],
  [
    `Daemon: CPU per location per poll, poll ${FIRST_MARK} → ${POLLS.toLocaleString('en')}²`,
    `${d.cpu.text} ms${d.cpu.range}`,
    `${d.wall.text} ms wall per poll of 20 (back to back)`,
    `target ≤ 2 ms${pass(d.cpu.value <= 2)}`,
  ],
  [
    `Shipped daemon (\`dist/owm2mqtt.cjs\`), 20 locations, a poll every 2 s: RSS over ${SHIPPED_SECONDS} s`,
    `${fmt(Math.max(...shippedRss), 1)} MiB at most`,
    `sampled every 5 s: ${shippedRss.map((x) => fmt(x, 1)).join(', ')} MiB; ${fmt(shippedPolls)} polls`,
    `target ≤ 70 MiB${pass(Math.max(...shippedRss) <= 70)}`,
  ],
  [
    'Daemon: location-polls that reached the broker',
    `${published.toLocaleString('en')} / ${locationPolls.toLocaleString('en')}`,
    'a `state` message with a new observation, counted by a subscriber',
    '',
  ],
  ['Wire, per location per poll: full publish', `${full} bytes`, 'counted at the socket (includes CONNECT, status, DISCONNECT)', ''],
  ['Wire, per location per poll: change-only', `${changeOnly} bytes`, `${fmt((100 * changeOnly) / full)} % of full`, ''],
];
const table = ['| Measure | Value | Beside it | Target |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const header = `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}; Mosquitto ${mosquittoVersion} with its default config (\`set_tcp_nodelay false\`) unless said; \`--once\` rows: medians of ${RUNS} runs; daemon rows²: ${dn}.`;
const benchSeconds = Number(process.hrtime.bigint() - benchStarted) / 1e9;
const nagle = wallOnce - wallNoDelay;
const spread = (rs) => `${fmt(Math.min(...rs.map((r) => r.wall * 1000)))}–${fmt(Math.max(...rs.map((r) => r.wall * 1000)))} ms`;
const notes = [
  `The cold \`--once\` rows run the installed command (\`node dist/owm2mqtt.cjs --once\`) with a start-up code cache in \`CACHE_DIRECTORY\`, saved by one warm-up run, as every run after the first does (docs/performance.md, "Start-up code cache"); the first-start row gives each run an empty cache directory of its own.`,
  `² The daemon rows come from \`build/bench-daemon.js\` (bench/daemon.ts): the real \`Daemon\` in a process of its own (\`node --expose-gc\`), 20 locations, QoS 1, \`LOG_LEVEL=info\` (the default) written to a file, polled back to back ${POLLS.toLocaleString('en')} times (marks at polls ${FIRST_MARK}, ${MID_MARK.toLocaleString('en')} and ${POLLS.toLocaleString('en')}) against the default Mosquitto and the OWM stand-in (a new \`dt\` on every request, so every poll publishes all 28 messages of every location). ${dn === 'one run' ? 'Scenario 2 runs once (it is long).' : `Scenario 2 runs ${DAEMON_RUNS} times (it is long): each figure is the median of its runs, its range in brackets.`} RSS is \`process.memoryUsage().rss\` at the mark, as the poll left it (before any GC); "after a full GC" is the same after \`gc()\`; heap is \`heapUsed\` after that GC. CPU is the daemon process's user + system time from the mark at poll ${FIRST_MARK} to the one at poll ${POLLS.toLocaleString('en')}, over ${(POLLS - FIRST_MARK).toLocaleString('en')} polls × 20 locations (the halfway mark's GC included). ${DAEMON_RUNS} run(s) took ${fmt(daemonSeconds)} s in all.`,
  `Mosquitto's \`set_tcp_nodelay\` and the cold \`--once\` wall: ${fmt(wallOnce * 1000)} ms (runs ${spread(once)}) with the default \`false\`, ${fmt(wallNoDelay * 1000)} ms (runs ${spread(onceNoDelay)}) with \`true\`, in the same alternating runs: ${Math.abs(nagle * 1000) < 5 ? `no difference beyond run-to-run noise (${sign(Math.round(wallNoDelay * 1000) - Math.round(wallOnce * 1000), 0)} ms with nodelay)` : `${fmt(Math.abs(nagle) * 1000)} ms ${nagle > 0 ? 'less' : 'more'} with nodelay`}. With Nagle on, the broker holds a small packet while its previous one is unacknowledged, and Linux delays the bridge's ACK up to 40 ms when the bridge has nothing to send; the bridge's PINGREQ nudge while it waits on the broker (src/mqtt/publisher.ts) is meant to carry that ACK at once, so that the default broker costs no such wait${Math.abs(nagle * 1000) < 5 ? ': these figures agree' : ''}. The daemon rows use the default broker.`,
];
console.log(`${header}\n\n${table}\n\n${notes.join('\n\n')}\n\n${dashboard}\nThe bench took ${fmt(benchSeconds)} s (without the build).`);
writeFileSync(
  join(ROOT, 'bench/RESULTS.md'),
  `# Benchmark results\n\nMade by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. ${header}\n\n${table}\n\n${notes.join('\n\n')}\n\n${dashboard}`,
);
