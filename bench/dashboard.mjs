// The dashboard's rows of npm run bench (issue 14): the page's weight and its time to the first
// chart (bench/dashboard-page.mjs, in Chromium), the history store's size per series per day and
// its queries (bench/history.ts, built here with esbuild), and the built command's sustained intake
// through Mosquitto (bench/dashboard-intake.mjs). bench/run.mjs calls dashboardBench() and writes
// its section into bench/RESULTS.md; `node bench/dashboard.mjs` (after node scripts/build.mjs) runs
// only these, against a Mosquitto of its own, and replaces only that section.
//
// Environment: BENCH_DASHBOARD_RATE (messages/s, default 5000), BENCH_DASHBOARD_SECONDS (60),
// BENCH_PAGE_RUNS (page loads per viewport, 7).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { measureDashboardIntake } from './dashboard-intake.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const HISTORY_BENCH = join(ROOT, 'build/bench-history.js');
export const SECTION = '## The dashboard';

/** Runs a node script to its end; its last stdout line is JSON. */
function lastJsonLine(args, label) {
  const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: process.env });
  if (run.status !== 0) throw new Error(`${label} failed (${run.status ?? run.signal}): ${run.stderr.slice(-2000)}`);
  process.stderr.write(`${run.stdout.split('\n').slice(0, -2).join('\n')}\n`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
}

async function buildHistoryBench() {
  await build({
    entryPoints: [join(ROOT, 'bench/history.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20.19',
    format: 'esm',
    external: ['better-sqlite3'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    outfile: HISTORY_BENCH,
    logLevel: 'warning',
  });
}

const fmt = (n, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const kib = (bytes) => `${fmt(bytes / 1024, 1)} KiB`;
const pass = (ok) => (ok ? '' : ' **✗**');

/** The rows ([measure, value, beside it, target]) and the notes, as bench/RESULTS.md shows them. */
export async function dashboardBench({ cli, mqttUrl, track }) {
  const tmp = mkdtempSync(join(tmpdir(), 'owm2mqtt-bench-dashboard-'));
  try {
    const loadBefore = loadavg()[0];
    const page = lastJsonLine([join(ROOT, 'bench/dashboard-page.mjs')], 'bench/dashboard-page.mjs');
    await buildHistoryBench();
    const history = lastJsonLine(['--expose-gc', HISTORY_BENCH], 'bench/history.ts');
    const intake = await measureDashboardIntake({
      cli,
      mqttUrl,
      tmp,
      track,
      rate: Number(process.env.BENCH_DASHBOARD_RATE ?? 5000),
      seconds: Number(process.env.BENCH_DASHBOARD_SECONDS ?? 60),
    });
    const loadAfter = loadavg()[0];
    return { rows: rows(page, history, intake), notes: notes(page, history, intake, [loadBefore, page.loadAverage[0], loadAfter]) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function rows(page, history, intake) {
  const [wide, narrow] = page.results;
  const month = history.queries.ranges.find((range) => range.label === '30 d');
  const hz = history.sizes.find((size) => size.label === '1 Hz');
  const sparse = history.sizes.find((size) => size.label === '1/10 min');
  const perDay = (size) => size.vacuumed.raw + size.vacuumed.rollups;
  const rss = intake.rssMiB;
  const settled = rss.slice(1);
  const growth = settled.length > 1 ? settled.at(-1) - settled[0] : 0;
  const lost = intake.sent - intake.stored;
  return [
    [
      'Dashboard page weight, every asset, gzip -9',
      kib(page.totalGzip),
      Object.entries(page.weights)
        .map(([name, weight]) => `${name} ${kib(weight.gzip)}`)
        .join(', '),
      `target ≤ 150 KiB${pass(page.totalGzip <= page.budgetBytes)}`,
    ],
    [
      `Dashboard: navigation to the first chart, ${page.series} series × ${page.days} days, 1280 px³`,
      `${fmt(wide.median)} ms`,
      `runs ${fmt(wide.min)}–${fmt(wide.max)} ms; CPU: page main thread ${fmt(wide.thread)} ms, renderer ${fmt(wide.process)} ms, server ${fmt(wide.history)} ms; ${wide.charts} charts, ${wide.points} points`,
      `target ≤ 500 ms${pass(wide.median <= page.targetMs)}`,
    ],
    [
      `Dashboard: navigation to the first chart, ${page.series} series × ${page.days} days, 412 px³`,
      `${fmt(narrow.median)} ms`,
      `runs ${fmt(narrow.min)}–${fmt(narrow.max)} ms; CPU: page main thread ${fmt(narrow.thread)} ms, renderer ${fmt(narrow.process)} ms`,
      `target ≤ 500 ms${pass(narrow.median <= page.targetMs)}`,
    ],
    [
      'History query, 30 series × 30 days at 2000 points⁴',
      `${fmt(month.ms)} ms wall`,
      `${fmt(month.cpuMs)} ms CPU; ${fmt(month.points)} points; ${history.queries.ranges
        .filter((range) => range !== month)
        .map((range) => `${range.label} ${fmt(range.ms)} ms (${fmt(range.cpuMs)} CPU)`)
        .join(', ')}`,
      `target ≤ 100 ms${pass(month.ms <= 100)}`,
    ],
    [
      `Dashboard intake through Mosquitto (built command, QoS 1, ${fmt(intake.topics)} topics)⁵`,
      `${fmt(intake.rate)} msg/s for ${fmt(intake.seconds)} s`,
      `${fmt(intake.stored)} of ${fmt(intake.sent)} in the history${lost === 0 ? ', none lost' : ` (${fmt(lost)} missing, in ${intake.missingRuns.length}${intake.missingRuns.length === 20 ? '+' : ''} runs of consecutive messages, the longest ${fmt(Math.max(...intake.missingRuns.map((run) => run.last - run.first + 1)))})`}; ${fmt(intake.cpuShare * 100, 1)} % of a core; the last value shown ${fmt(intake.drainSeconds, 1)} s after the last sent`,
      `target ≥ 5,000 msg/s, none lost${pass(intake.rate >= 5000 && lost === 0)}`,
    ],
    [
      'Dashboard intake: RSS every 5 s⁵',
      `${fmt(Math.max(...rss), 1)} MiB at most`,
      `${rss.map((value) => fmt(value, 1)).join(', ')} MiB; ${growth >= 0 ? '+' : ''}${fmt(growth, 1)} MiB from the second sample to the last`,
      `memory flat${pass(growth <= 5)}`,
    ],
    [
      'History store intake, add() as fast as it takes them⁴',
      `${fmt(history.intake.perSecond)} samples/s`,
      `${fmt(history.intake.stored)} of ${fmt(history.intake.samples)} stored; RSS ${history.intake.rssMiB.map((value) => fmt(value)).join(' / ')} MiB at each quarter; a steady 5,000/s: ${fmt(history.intake.paced.cpuShare * 100, 1)} % of a core`,
      '',
    ],
    [
      'History size per series per day, 1 Hz⁴',
      kib(perDay(hz)),
      `raw ${kib(hz.vacuumed.raw)} (${fmt(hz.bytesPerRawSample, 1)} bytes a sample) + roll-ups ${kib(hz.vacuumed.rollups)}; with the defaults (2 raw days, 30 of roll-ups): ${fmt((2 * hz.vacuumed.raw + 30 * hz.vacuumed.rollups) / 1_048_576, 1)} MiB`,
      '',
    ],
    [
      'History size per series per day, one sample every 10 minutes⁴',
      kib(perDay(sparse)),
      `raw ${kib(sparse.vacuumed.raw)} + roll-ups ${kib(sparse.vacuumed.rollups)}; with the defaults: ${fmt((2 * sparse.vacuumed.raw + 30 * sparse.vacuumed.rollups) / 1024)} KiB`,
      '',
    ],
    ...history.writes.map((write) => [
      `History writes, a commit every ${write.flushIntervalMs / 1000} s⁴`,
      `${fmt(write.bytesPerSample)} bytes per sample`,
      `${fmt(write.mibPerDayAt30Series1Hz)} MiB a day for 30 series at 1 Hz (/proc/self/io wchar)`,
      write.flushIntervalMs === 60_000 ? 'the default' : '',
    ]),
  ];
}

function notes(page, history, intake, loads) {
  return [
    `³ bench/dashboard-page.mjs: the page as the build makes it, served by the dashboard's server from an in-memory history (one point a minute per series, downsampled per request), loaded ${page.runs} times per viewport after a warm-up in Debian's headless Chromium (no GPU), range 7 d; the time is \`performance.mark('owm2mqtt:first-chart')\` from navigation, median (range). CPU times are CDP's ThreadTime and ProcessTime over the load, and the server's history reads.`,
    `⁴ bench/history.ts (built into build/bench-history.js, \`node --expose-gc\`): the history store (SQLite, better-sqlite3) in a temporary folder. Sizes: a day of synthetic readings (daily cycle, noise, two decimals) for 4 series at 1 Hz and 100 at one every 10 minutes, written through the store, rolled up, measured with \`dbstat\` after VACUUM. Queries: the store's \`range()\` for 30 series on a file with 30 days of 1-, 10- and 30-minute roll-ups and 2 h of 1 Hz samples, median of 9 (${fmt(history.queries.fileMiB, 1)} MiB file).`,
    `⁵ bench/dashboard-intake.mjs: the built \`owm2mqtt dashboard\` with its history in a temporary file, subscribed to this bench's default Mosquitto; a publisher sends ${fmt(intake.rate)} messages/s (QoS 1, paced every 10 ms) over ${fmt(intake.topics)} topics for ${fmt(intake.seconds)} s; counted in the file after a clean stop (SIGTERM writes what waits). RSS is the process's VmRSS every 5 s; CPU its utime + stime over the run.`,
    `The dashboard's rows were measured while the machine ran other work: load average ${loads.map((load) => fmt(load, 1)).join(', ')} (before, during the page loads, after) on ${cpus().length} CPUs. Wall times on a loaded machine are mostly waiting for a core; the CPU times beside them are what the work costs.`,
  ];
}

/** The section as bench/RESULTS.md holds it. */
export function dashboardSection({ rows: table, notes: text }, date = new Date()) {
  return [
    SECTION,
    '',
    `Measured on ${date.toISOString().slice(0, 10)}, Node ${process.version}.`,
    '',
    '| Measure | Value | Beside it | Target |',
    '|---|---|---|---|',
    ...table.map((row) => `| ${row.join(' | ')} |`),
    '',
    ...text.flatMap((note) => [note, '']),
  ].join('\n');
}

/** RESULTS.md with its dashboard section replaced (or added at the end). */
export function withDashboardSection(results, section) {
  const at = results.indexOf(`\n${SECTION}\n`);
  return `${(at < 0 ? results : results.slice(0, at)).trimEnd()}\n\n${section.trimEnd()}\n`;
}

// Alone: a Mosquitto of its own, then only this section of RESULTS.md.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const cli = join(ROOT, 'dist/owm2mqtt.cjs');
  if (!existsSync(cli)) throw new Error('no dist/owm2mqtt.cjs: run node scripts/build.mjs first');
  const children = new Set();
  const track = (child) => {
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };
  const tmp = mkdtempSync(join(tmpdir(), 'owm2mqtt-bench-mosquitto-'));
  process.on('exit', () => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
  const port = await new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => resolve(free));
    });
  });
  writeFileSync(join(tmp, 'mosquitto.conf'), `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\n`);
  const mosquitto = ['mosquitto', '/usr/sbin/mosquitto'].find((binary) => spawnSync(binary, ['-h']).error === undefined);
  if (!mosquitto) throw new Error('Mosquitto not found (mosquitto or /usr/sbin/mosquitto)');
  track(spawn(mosquitto, ['-c', join(tmp, 'mosquitto.conf')], { stdio: 'ignore' }));
  for (let tries = 0; ; tries++) {
    const up = await new Promise((resolve) =>
      connect(port, '127.0.0.1')
        .once('connect', function () {
          this.destroy();
          resolve(true);
        })
        .once('error', () => resolve(false)),
    );
    if (up) break;
    if (tries > 200) throw new Error(`Mosquitto is not listening on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const result = await dashboardBench({ cli, mqttUrl: `mqtt://127.0.0.1:${port}`, track });
  const section = dashboardSection(result);
  console.log(section);
  const path = join(ROOT, 'bench/RESULTS.md');
  writeFileSync(path, withDashboardSection(readFileSync(path, 'utf8'), section));
  // Mosquitto would keep this process alive.
  for (const child of children) child.kill();
}
