// The dashboard's sustained intake, end to end: the built `owm2mqtt dashboard` (dist/owm2mqtt.cjs)
// subscribed to a Mosquitto, fed by an MQTT publisher at a steady rate (QoS 1, many topics), its
// SQLite history in a temporary folder. Measures what reached the history (counted in the file
// after a clean stop, which writes what waits), the dashboard process's RSS every 5 s
// (/proc/<pid>/status VmRSS) and its CPU time (/proc/<pid>/stat). bench/dashboard.mjs runs it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';

const CLOCK_TICKS = 100;

async function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const rssMiB = (pid) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
/** utime + stime of a process, in seconds (USER_HZ is 100 on Linux). */
const cpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `rate` messages/s for `seconds`, spread over `topics` topics (each topic every topics/rate s: two
 * messages of one topic in the same millisecond would be one sample, as the history keeps one per
 * millisecond). `track` registers the child for the caller's clean-up.
 */
export async function measureDashboardIntake({ cli, mqttUrl, tmp, track, rate = 5000, seconds = 60, topics = 500 }) {
  const db = join(tmp, 'intake-history.db');
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [cli, 'dashboard'], {
      env: {
        PATH: process.env.PATH,
        MQTT_URL: mqttUrl,
        MQTT_CLIENT_ID: `owm2mqtt-bench-dashboard-${process.pid}`,
        DASHBOARD_PORT: String(port),
        DASHBOARD_DB: db,
        DASHBOARD_TOPICS: 'benchdash/#',
        CACHE_DIRECTORY: join(tmp, 'code-cache'),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  let log = '';
  child.stderr.on('data', (chunk) => (log += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  for (let waited = 0; !log.includes('connected to the MQTT broker'); waited += 50) {
    if (child.exitCode !== null || waited > 30_000) throw new Error(`the dashboard did not connect: ${log.slice(-1000)}`);
    await sleep(50);
  }

  const publisher = mqtt.connect(mqttUrl, { clientId: `bench-dashboard-pub-${process.pid}`, reconnectPeriod: 0 });
  await new Promise((resolve, reject) => publisher.once('connect', resolve).once('error', reject));
  const total = rate * seconds;
  const topicOf = (i) => `benchdash/room${String(i % topics).padStart(4, '0')}/temperature`;
  const acked = [];
  const rss = [];
  const cpuBefore = cpuSeconds(child.pid);
  const started = performance.now();
  let sent = 0;
  let nextRss = 5000;
  while (sent < total) {
    const elapsed = performance.now() - started;
    const due = Math.min(total, Math.floor((elapsed / 1000) * rate));
    for (; sent < due; sent++) acked.push(publisher.publishAsync(topicOf(sent), String(sent), { qos: 1 }));
    if (elapsed >= nextRss) {
      rss.push(rssMiB(child.pid));
      nextRss += 5000;
    }
    await sleep(10);
  }
  const publishSeconds = (performance.now() - started) / 1000;
  await Promise.all(acked);
  // The last message of each topic carries the highest index: the dashboard has all once /api/series shows each.
  const last = new Map();
  for (let i = total - topics; i < total; i++) last.set(topicOf(i), i);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const body = await (await fetch(`http://127.0.0.1:${port}/api/series`)).json();
    const seen = body.series.filter((value) => last.get(value.topic) === value.value).length;
    if (seen === topics) break;
    if (Date.now() > deadline) throw new Error(`the dashboard showed the last value of ${seen} of ${topics} topics after 2 minutes`);
    await sleep(200);
  }
  const drainSeconds = (performance.now() - started) / 1000 - publishSeconds;
  rss.push(rssMiB(child.pid));
  const cpu = cpuSeconds(child.pid) - cpuBefore;
  await publisher.endAsync();
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`the dashboard exited ${code}: ${log.slice(-1000)}`);
  const file = new Database(db, { readonly: true });
  const stored = file.prepare('SELECT count(*) FROM points').pluck().get();
  const series = file.prepare('SELECT count(*) FROM series').pluck().get();
  // Each payload is its index: the missing ones, in runs of consecutive indices (a run is the broker dropping a burst).
  const have = new Set(file.prepare('SELECT v FROM points').pluck().all());
  file.close();
  const missingRuns = [];
  for (let i = 0; i < total; i++) {
    if (have.has(i)) continue;
    const run = missingRuns.at(-1);
    if (run !== undefined && run.last === i - 1) run.last = i;
    else missingRuns.push({ first: i, last: i });
  }
  return {
    rate,
    seconds,
    topics,
    sent: total,
    stored,
    series,
    missingRuns: missingRuns.slice(0, 20),
    publishSeconds,
    drainSeconds,
    cpuShare: cpu / (publishSeconds + drainSeconds),
    rssMiB: rss,
  };
}
