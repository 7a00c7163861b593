// node bench/dashboard-page.mjs: the dashboard page's weight (every asset, gzipped) and the time
// from navigation to the first chart drawn, with 30 series x 7 days of history, in Debian's
// Chromium (headless). Builds the page and the server from the sources itself; not part of
// npm test. npm run bench runs it through bench/dashboard.mjs, which reads its last line (JSON).
//
// The history is in memory (one point a minute per series, downsampled per request as the real
// store does): the figure is the page's and the server's, not SQLite's, which the history
// store's own bench measures.
//
// Environment: BENCH_PAGE_RUNS (page loads per viewport, default 7), CHROMIUM_PATH (default
// /usr/bin/chromium). Diagnostics: BENCH_DEBUG=1 prints each load's marks and Chromium's
// counters, BENCH_PROFILE=1 the page's hottest functions, BENCH_TRACE=1 the main thread's CPU
// time by trace event.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { buildDashboardPage, writeDashboardPage } from '../scripts/dashboard-page.mjs';

const ROOT = new URL('../', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 7);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SERIES = 30;
const DAYS = 7;
const MINUTE = 60_000;
const TARGET_MS = 500;
const BUDGET_BYTES = 150 * 1024;

const tmp = mkdtempSync(join(tmpdir(), 'owm2mqtt-bench-page-'));
const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));

// 1. The page, as the build makes it.
const files = await buildDashboardPage();
const weights = Object.fromEntries(
  Object.entries(files).map(([name, contents]) => [name, { raw: contents.length, gzip: gzipSync(contents, { level: 9 }).length }]),
);
const totalGzip = Object.values(weights).reduce((sum, w) => sum + w.gzip, 0);
writeDashboardPage(files, join(tmp, 'page'));

// 2. The server, bundled from the sources.
const serverModule = join(tmp, 'server.mjs');
await build({
  stdin: {
    contents:
      "export { startDashboardServer } from './src/dashboard/server/server.ts'; export { LiveState } from './src/dashboard/server/live-state.ts';",
    resolveDir: ROOT,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: serverModule,
  logLevel: 'warning',
});
const { startDashboardServer, LiveState } = await import(serverModule);

// 3. 30 series: 10 rooms x temperature, humidity, pressure; one point a minute for 7 days.
const now = Date.now();
const count = DAYS * 24 * 60;
const start = now - (count - 1) * MINUTE;
const series = new Map();
const QUANTITIES = [
  ['temperature', (i, r) => 19 + r * 0.3 + 2 * Math.sin((i / 1440) * 2 * Math.PI) + Math.sin(i * 7.3) * 0.2],
  ['humidity', (i, r) => 45 + r + 8 * Math.cos((i / 1440) * 2 * Math.PI) + Math.sin(i * 3.1)],
  ['pressure', (i, r) => 1013 + r * 0.1 + 5 * Math.sin(i / 3000)],
];
for (let r = 0; r < SERIES / QUANTITIES.length; r++) {
  for (const [quantity, value] of QUANTITIES) {
    const values = new Float64Array(count);
    for (let i = 0; i < count; i++) values[i] = value(i, r);
    series.set(`maison/room${String(r).padStart(2, '0')}/${quantity}`, values);
  }
}
let serverMs = 0;
const history = {
  series: () =>
    [...series.keys()]
      .sort()
      .map((topic) => ({ topic, first: start, last: start + (count - 1) * MINUTE, latest: series.get(topic)[count - 1] })),
  range(topic, from, to, maxPoints) {
    const started = process.cpuUsage();
    try {
      return downsample(topic, from, to, maxPoints);
    } finally {
      const used = process.cpuUsage(started);
      serverMs += (used.user + used.system) / 1000;
    }
  },
};

function downsample(topic, from, to, maxPoints) {
  const values = series.get(topic);
  if (values === undefined) return [];
  const width = Math.max(MINUTE, (to - from) / maxPoints);
  const points = [];
  let bucket = -1;
  let min = 0;
  let max = 0;
  let sum = 0;
  let n = 0;
  const flush = () => n > 0 && points.push([from + bucket * width, min, sum / n, max]);
  for (let i = Math.max(0, Math.ceil((from - start) / MINUTE)); i < count; i++) {
    const t = start + i * MINUTE;
    if (t > to) break;
    const b = Math.floor((t - from) / width);
    if (b !== bucket) {
      flush();
      bucket = b;
      min = max = sum = values[i];
      n = 1;
    } else {
      min = Math.min(min, values[i]);
      max = Math.max(max, values[i]);
      sum += values[i];
      n++;
    }
  }
  flush();
  return points;
}
const live = new LiveState();
for (const info of history.series()) live.receive(info.topic, info.latest.toFixed(2), info.last);
const server = await startDashboardServer({
  host: '127.0.0.1',
  port: 0,
  password: undefined,
  history,
  live,
  assetsDirectory: join(tmp, 'page'),
});

// 4. Chromium, as the browser tests start it.
const profile = join(tmp, 'profile');
const child = spawn(
  CHROMIUM,
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-quic',
    '--disable-sync',
    '--remote-debugging-port=0',
    `--user-data-dir=${profile}`,
    'about:blank',
  ],
  { stdio: ['ignore', 'ignore', 'pipe'] },
);
children.add(child);
child.once('exit', () => children.delete(child));
const endpoint = await new Promise((resolve, reject) => {
  let seen = '';
  child.stderr.on('data', (chunk) => {
    seen += chunk;
    const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
    if (match) resolve(match[1]);
  });
  child.once('exit', (code) => reject(new Error(`chromium exited (${code}): ${seen.slice(-300)}`)));
});
const browser = await chromium.connectOverCDP(endpoint);

async function load(viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const before = metrics((await cdp.send('Performance.getMetrics')).metrics);
  if (process.env.BENCH_PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  serverMs = 0;
  if (process.env.BENCH_TRACE)
    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink', 'cc'],
    });
  await page.goto(`${server.url}#7d`);
  // Waits in the page for the mark, without polling (polling would be CPU time counted against the page).
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        if (performance.getEntriesByName('owm2mqtt:first-chart').length > 0) return resolve();
        new PerformanceObserver((list, observer) => {
          if (list.getEntriesByName('owm2mqtt:first-chart').length === 0) return;
          observer.disconnect();
          resolve();
        }).observe({ type: 'mark' });
      }),
  );
  const after = metrics((await cdp.send('Performance.getMetrics')).metrics);
  if (process.env.BENCH_TRACE) printTrace(JSON.parse((await browser.stopTracing()).toString()));
  if (process.env.BENCH_PROFILE) printProfile((await cdp.send('Profiler.stop')).profile);
  const historyMs = serverMs;
  await page.waitForFunction(() => [...document.querySelectorAll('.chart')].every((chart) => chart.dataset.points !== undefined), null, {
    timeout: 30_000,
  });
  const timing = await page.evaluate(() => ({
    firstChart: performance.getEntriesByName('owm2mqtt:first-chart')[0].startTime,
    marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name.replace('owm2mqtt:', ''), Math.round(m.startTime)])),
    charts: document.querySelectorAll('.chart').length,
    points: [...document.querySelectorAll('.chart')].reduce((sum, chart) => sum + Number(chart.dataset.points), 0),
    series: document.querySelectorAll('.legend li').length,
  }));
  timing.threadMs = (after.ThreadTime - before.ThreadTime) * 1000;
  if (process.env.BENCH_DEBUG) {
    for (const name of [
      'LayoutCount',
      'RecalcStyleCount',
      'LayoutDuration',
      'RecalcStyleDuration',
      'ScriptDuration',
      'V8CompileDuration',
      'TaskDuration',
    ]) {
      console.log(`  ${name} ${(after[name] - before[name]).toFixed(3)}`);
    }
  }
  timing.processMs = (after.ProcessTime - before.ProcessTime) * 1000;
  timing.historyMs = historyMs;
  if (process.env.BENCH_DEBUG) console.log(timing);
  await context.close();
  return timing;
}

/** CDP's Performance.getMetrics as { name: value }: ThreadTime is the page's main thread's CPU seconds, ProcessTime its renderer's. */
function metrics(list) {
  return Object.fromEntries(list.map(({ name, value }) => [name, value]));
}

/** BENCH_PROFILE=1: the functions the page spent most time in (self time, from CDP's sampling profiler). */
function printProfile(profile) {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const { callFrame } = byNode.get(profile.samples[i]);
    const name = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.split('/').pop()}:${callFrame.lineNumber}:${callFrame.columnNumber}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  for (const [name, ms] of top) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${name}`);
}

/** BENCH_TRACE=1: the main thread's CPU time (trace events' tdur) by top-level event, and by the events most nested in them. */
function printTrace(trace) {
  const events = trace.traceEvents ?? trace;
  // The page's renderer (navigation may have left about:blank's): the busiest CrRendererMain.
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const busy = (thread) => events.filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X').length;
  const main = mains.sort((a, b) => busy(b) - busy(a))[0];
  const onMain = events.filter((e) => e.ph === 'X' && main && e.pid === main.pid && e.tid === main.tid && typeof e.tdur === 'number');
  const byName = new Map();
  for (const e of onMain) byName.set(e.name, (byName.get(e.name) ?? 0) + e.tdur / 1000);
  for (const [name, ms] of [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${name}`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (const viewport of [
  { width: 1280, height: 900 },
  { width: 412, height: 915 },
]) {
  await load(viewport); // warm-up: Chromium's own first-run work, not the page's
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await load(viewport));
  const times = runs.map((r) => r.firstChart);
  results.push({
    viewport: `${viewport.width} px`,
    median: median(times),
    min: Math.min(...times),
    max: Math.max(...times),
    thread: median(runs.map((r) => r.threadMs)),
    process: median(runs.map((r) => r.processMs)),
    history: median(runs.map((r) => r.historyMs)),
    ...runs[0],
  });
}

const session = await browser.newBrowserCDPSession();
await session.send('Browser.close').catch(() => undefined);
await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
await server.close();

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log('Dashboard page weight (every asset served, gzip -9):');
for (const [name, w] of Object.entries(weights))
  console.log(`  ${name.padEnd(11)} ${kb(w.raw).padStart(9)} raw  ${kb(w.gzip).padStart(9)} gzip`);
console.log(
  `  ${'total'.padEnd(11)} ${''.padStart(9)}      ${kb(totalGzip).padStart(9)} gzip  (budget ${kb(BUDGET_BYTES)}: ${totalGzip <= BUDGET_BYTES ? 'met' : 'EXCEEDED'})`,
);
console.log(
  `\nNavigation to the first chart drawn, ${SERIES} series x ${DAYS} days (1 point/min), range 7 d, ${RUNS} runs (target ${TARGET_MS} ms):`,
);
for (const r of results) {
  console.log(
    `  ${r.viewport.padEnd(8)} median ${r.median.toFixed(0).padStart(5)} ms  min ${r.min.toFixed(0).padStart(5)} ms  max ${r.max.toFixed(0).padStart(5)} ms  (${r.charts} charts, ${r.series} series, ${r.points} points drawn)  ${r.median <= TARGET_MS ? 'met' : 'MISSED'}`,
  );
}
console.log('\nCPU time until the first chart (what the wall time comes down to on an idle machine; medians):');
for (const r of results) {
  console.log(
    `  ${r.viewport.padEnd(8)} page main thread ${r.thread.toFixed(0).padStart(4)} ms, whole renderer ${r.process.toFixed(0).padStart(4)} ms, server history queries ${r.history.toFixed(0).padStart(3)} ms`,
  );
}
const load1 = loadavg();
console.log(`\nLoad average while measuring: ${load1.map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs.`);
console.log(
  JSON.stringify({
    weights,
    totalGzip,
    budgetBytes: BUDGET_BYTES,
    series: SERIES,
    days: DAYS,
    runs: RUNS,
    targetMs: TARGET_MS,
    loadAverage: load1,
    results: results.map(({ viewport, median, min, max, thread, process, history, charts, series, points }) => ({
      viewport,
      median,
      min,
      max,
      thread,
      process,
      history,
      charts,
      series,
      points,
    })),
  }),
);
