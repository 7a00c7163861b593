// The companions as shipped (dist/owm2mqtt.cjs), against a Mosquitto of their own. Part of `npm run bench`.
//
// 1. `owm2mqtt aggregate`, wired: 1,000 members (`bench/<m>/temperature`) flooded through the broker by
//    one mqtt.js publisher for BENCH_AGG_WIRE_SECONDS (default 300: the five-minute memory check);
//    the messages it took in are counted from its own summaries (each member's `samples`), its RSS
//    read from /proc every 5 s. Target: at least 20,000 messages/s, RSS flat.
//    (bench/aggregate-intake.mjs measures the same intake in process, without the broker.)
// 2. `owm2mqtt simulate`, 100 rooms at 1 Hz (300 messages/s) for BENCH_SIM_SECONDS (default 120): its
//    CPU (user + system, from /proc, after a 10 s warm-up) and RSS.
//
// Prints one JSON line per measure and writes bench/RESULTS-companions.md.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';

const ROOT = new URL('../', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/owm2mqtt.cjs');
if (!existsSync(CLI)) throw new Error('no dist/owm2mqtt.cjs: run node scripts/build.mjs first');
const AGG_SECONDS = Number(process.env.BENCH_AGG_WIRE_SECONDS ?? 300);
const SIM_SECONDS = Number(process.env.BENCH_SIM_SECONDS ?? 120);
const MEMBERS = 1000;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

const children = new Set();
const track = (child) => {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
};
const tmp = mkdtempSync(join(tmpdir(), 'owm2mqtt-bench-companions-'));
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** RSS (MiB) and CPU seconds (user + system) of a running process, from /proc. */
function usage(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { rssMiB: rssKiB / 1024, cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
}

async function startMosquitto() {
  const port = await freePort();
  const conf = join(tmp, `mosquitto-${port}.conf`);
  // No queue limit for the aggregator's subscription: every message sent reaches it, or the count says otherwise.
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 0\nlog_dest none\n`);
  const bin = existsSync('/usr/sbin/mosquitto') ? '/usr/sbin/mosquitto' : 'mosquitto';
  const child = track(spawn(bin, ['-c', conf], { stdio: 'ignore' }));
  for (let i = 0; i < 200; i++) {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0 }).catch(() => undefined);
    if (client) {
      await client.endAsync();
      return { url: `mqtt://127.0.0.1:${port}`, child };
    }
    await sleep(20);
  }
  throw new Error('mosquitto did not start');
}

function startCommand(command, env) {
  const child = track(
    spawn(process.execPath, [CLI, command], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return { child, stderr: () => stderr };
}

async function aggregateIntake(broker) {
  const run = startCommand('aggregate', {
    MQTT_URL: broker.url,
    AGG_SOURCES: 'bench/+/temperature',
    AGG_PREFIX: 'benchstats',
    AGG_PERIOD_S: '1',
    AGG_MAX_MEMBERS: String(MEMBERS),
    LOG_LEVEL: 'info',
  });
  const watcher = await mqtt.connectAsync(broker.url);
  let taken = 0;
  watcher.on('message', (_topic, payload) => {
    const summary = JSON.parse(payload.toString());
    for (const member of Object.values(summary.members ?? {})) taken += member.samples;
  });
  await watcher.subscribeAsync('benchstats/bench/temperature/summary');
  while (!run.stderr().includes('aggregating ')) await sleep(20);

  const publisher = await mqtt.connectAsync(broker.url);
  const topics = Array.from({ length: MEMBERS }, (_, m) => `bench/m${m}/temperature`);
  const started = performance.now();
  const end = started + AGG_SECONDS * 1000;
  const rss = [];
  let nextSample = started;
  let sent = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) publisher.publish(topics[sent++ % MEMBERS], (20 + (sent % 50) / 10).toFixed(1), { qos: 0 });
    // Back-pressure: wait for the socket to drain, so what is measured is the broker and the aggregator.
    if (publisher.stream.writableNeedDrain) await new Promise((resolve) => publisher.stream.once('drain', resolve));
    if (performance.now() >= nextSample) {
      rss.push(Math.round(usage(run.child.pid).rssMiB * 10) / 10);
      nextSample += 5000;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  const sentSeconds = (performance.now() - started) / 1000;
  // What was sent is taken in within a few periods, or never.
  for (let i = 0; i < 50 && taken < sent; i++) await sleep(100);
  await sleep(2200);
  const result = {
    measure: 'aggregate intake, wired, through Mosquitto',
    members: MEMBERS,
    sent,
    taken,
    seconds: Math.round(sentSeconds * 10) / 10,
    messagesPerSecond: Math.round(taken / sentSeconds),
    rssMiB: rss,
    target: '>= 20000 messages/s, RSS flat',
  };
  await publisher.endAsync();
  await watcher.endAsync();
  run.child.kill('SIGTERM');
  await new Promise((resolve) => run.child.once('exit', resolve));
  return result;
}

async function simulatorCost(broker) {
  const run = startCommand('simulate', { MQTT_URL: broker.url, SIM_ROOMS: '100', SIM_INTERVAL_MS: '1000', SIM_SEED: 'bench' });
  await sleep(10_000);
  const first = usage(run.child.pid);
  const rss = [];
  for (let t = 0; t < SIM_SECONDS; t += 5) {
    await sleep(5000);
    rss.push(Math.round(usage(run.child.pid).rssMiB * 10) / 10);
  }
  const last = usage(run.child.pid);
  run.child.kill('SIGTERM');
  await new Promise((resolve) => run.child.once('exit', resolve));
  const cpu = last.cpuSeconds - first.cpuSeconds;
  return {
    measure: 'simulate, 100 rooms at 1 Hz (300 messages/s), each room its own client',
    seconds: SIM_SECONDS,
    cpuSeconds: Math.round(cpu * 100) / 100,
    cpuPercentOfOneCore: Math.round((1000 * cpu) / SIM_SECONDS) / 10,
    rssMiB: rss,
  };
}

const broker = await startMosquitto();
const results = [await aggregateIntake(broker), await simulatorCost(broker)];
for (const result of results) console.log(JSON.stringify(result));
const rows = results.map((r) =>
  r.members
    ? `| ${r.measure} | ${r.messagesPerSecond.toLocaleString('en')} messages/s (${r.taken.toLocaleString('en')} of ${r.sent.toLocaleString('en')} over ${r.seconds} s) | RSS ${r.rssMiB.join(', ')} MiB | ${r.target} |`
    : `| ${r.measure} | ${r.cpuPercentOfOneCore} % of one core (${r.cpuSeconds} s CPU over ${r.seconds} s) | RSS ${r.rssMiB.join(', ')} MiB | |`,
);
writeFileSync(
  join(ROOT, 'bench/RESULTS-companions.md'),
  `# Companions: benchmark results\n\nMade by \`node bench/companions.mjs\` (\`npm run bench\`) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}.\n\n| Measure | Value | Beside it | Target |\n|---|---|---|---|\n${rows.join('\n')}\n`,
);
