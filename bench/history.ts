// The dashboard's history store (src/dashboard/history/), measured on a temp folder:
//   1. database size per series per day, at 1 Hz and at one sample every 10 minutes (a day of
//      synthetic data written through the store, rolled up, measured with dbstat, then VACUUMed);
//   2. bytes the process writes (WAL appends and checkpoints, /proc/self/io wchar) per sample, for
//      a commit every 10 s, 60 s and 5 min: what the flush interval costs an SD card;
//   3. the page's queries: 30 series over 30 days, 7 days, 24 h and 1 h at 2000 points, wall
//      and CPU time (30 days of roll-ups and 2 hours of 1 Hz samples, filled directly);
//   4. sustained intake: samples/s as fast as add() takes them (none lost, RSS at marks), and the
//      CPU share of a paced 5,000 samples/s.
// Prints a table and, last, one JSON line. BENCH_HISTORY_QUICK=1: smaller sizes (a smoke run).
// Build and run: node scripts/build.mjs --bench (with this file as an entry point, better-sqlite3
// external), then node --expose-gc build/bench-history.js.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Sample } from '../src/dashboard/history-types.js';
import { DAY, floorTo, HOUR, MINUTE, ROLLUP_WIDTHS } from '../src/dashboard/history/levels.js';
import { type HistoryClock, type HistoryStore, openHistoryStore } from '../src/dashboard/history/store.js';

const QUICK = process.env.BENCH_HISTORY_QUICK === '1';
const START = Date.UTC(2026, 0, 1);
const tmp = mkdtempSync(join(tmpdir(), 'owm2mqtt-bench-history-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const gc = (globalThis as { gc?: () => void }).gc;
const progress = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (n: number, digits = 1) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const MiB = (bytes: number) => bytes / 1_048_576;

/** Simulated time: timers fire in order as the bench moves the clock. */
class SimClock implements HistoryClock {
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private ids = 0;
  constructor(private time: number) {}
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    this.timers.push({ at: this.time + Math.max(ms, 1), callback, id: ++this.ids });
    return this.ids;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }
  advanceTo(end: number): void {
    for (;;) {
      let next: (typeof this.timers)[number] | undefined;
      for (const timer of this.timers) if (timer.at <= end && (next === undefined || timer.at < next.at)) next = timer;
      if (next === undefined) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.time = Math.max(this.time, next.at);
      next.callback();
    }
    this.time = end;
  }
}

/** A value like a room's temperature: a daily cycle, noise, two decimals. */
const reading = (series: number, t: number) =>
  Math.round((19 + series / 10 + 3 * Math.sin((2 * Math.PI * (t - START)) / DAY) + (((t / 1000) * 7919 + series * 31) % 97) / 200) * 100) /
  100;
const topic = (series: number) => `maison/piece${series}/temperature`;

/** Feeds `seriesCount` series, one sample each every `every` ms from `from` to `to`, moving the clock as it goes. */
function feed(store: HistoryStore, clock: SimClock, seriesCount: number, from: number, to: number, every: number): number {
  let count = 0;
  for (let t = from; t < to; t += every) {
    clock.advanceTo(t);
    for (let s = 0; s < seriesCount; s++) store.add({ topic: topic(s), t, value: reading(s, t) });
    count += seriesCount;
  }
  clock.advanceTo(to);
  return count;
}

function tableBytes(path: string): { raw: number; rollups: number; file: number } {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name IN ('points', 'rollups') GROUP BY name").all() as {
    name: string;
    bytes: number;
  }[];
  db.close();
  const of = (name: string) => rows.find((row) => row.name === name)?.bytes ?? 0;
  return { raw: of('points'), rollups: of('rollups'), file: statSync(path).size };
}

function sizeLine(size: ReturnType<typeof sizePerSeriesDay>): string {
  return `  size, ${size.label} (${size.samplesPerSeriesDay} samples/series/day, ${size.seriesCount} series): raw ${fmt(size.vacuumed.raw / 1024)} KiB + roll-ups ${fmt(size.vacuumed.rollups / 1024)} KiB per series per day after VACUUM (as written: ${fmt(size.asWritten.raw / 1024)} + ${fmt(size.asWritten.rollups / 1024)} KiB); ${fmt(size.bytesPerRawSample)} B per raw sample`;
}
function writeLine(write: ReturnType<typeof writesPerSample>): string {
  return `  writes, a commit every ${write.flushIntervalMs / 1000} s: ${fmt(write.bytesPerSample)} B written per sample (${fmt(write.mibPerDayAt30Series1Hz, 0)} MiB/day for 30 series at 1 Hz)`;
}

// 1. Size per series per day.
function sizePerSeriesDay(label: string, seriesCount: number, every: number) {
  const path = join(tmp, `size-${label.replace(/\W+/g, '-')}.db`);
  const clock = new SimClock(START);
  const store = openHistoryStore({ path, retention: { rawDays: 30, historyDays: 30 }, clock });
  const samples = feed(store, clock, seriesCount, START, START + DAY, every);
  clock.advanceTo(START + DAY + HOUR);
  while (store.maintain());
  store.close();
  const written = tableBytes(path);
  const db = new Database(path);
  db.exec('VACUUM');
  db.close();
  const vacuumed = tableBytes(path);
  const per = (bytes: number) => bytes / seriesCount;
  return {
    label,
    seriesCount,
    samplesPerSeriesDay: samples / seriesCount,
    asWritten: { raw: per(written.raw), rollups: per(written.rollups) },
    vacuumed: { raw: per(vacuumed.raw), rollups: per(vacuumed.rollups), file: per(vacuumed.file) },
    bytesPerRawSample: vacuumed.raw / samples,
  };
}
const sizes = [sizePerSeriesDay('1 Hz', QUICK ? 1 : 4, 1_000), sizePerSeriesDay('1/10 min', QUICK ? 20 : 100, 10 * MINUTE)];
for (const size of sizes) progress(sizeLine(size));

// 2. Bytes written per sample by commit interval: 30 series at 1 Hz for an hour of simulated time.
function wchar(): number {
  return Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? Number.NaN);
}
function writesPerSample(flushIntervalMs: number) {
  const path = join(tmp, `writes-${flushIntervalMs}.db`);
  const clock = new SimClock(START);
  const store = openHistoryStore({ path, retention: { rawDays: 2, historyDays: 30 }, clock, flushIntervalMs, maxBatch: 1_000_000 });
  // A first hour fills the tree's first pages; the second is measured.
  feed(store, clock, 30, START, START + HOUR, 1_000);
  const before = wchar();
  const samples = feed(store, clock, 30, START + HOUR, START + (QUICK ? 1.5 : 3) * HOUR, 1_000);
  store.flush();
  const bytes = wchar() - before;
  store.close();
  return { flushIntervalMs, bytesPerSample: bytes / samples, mibPerDayAt30Series1Hz: MiB((bytes / samples) * 30 * 86_400) };
}
const writes = [10_000, 60_000, 300_000].map(writesPerSample);
for (const write of writes) progress(writeLine(write));

// 3. The page's queries over 30 series and 30 days of history. The tables are filled directly
//    (every 1-, 10- and 30-minute bucket of 30 days, and 1 Hz raw samples over the last 2 hours:
//    what 30 days at 1 Hz leave with the defaults), which takes seconds where feeding 78 million
//    samples through the store would take an hour; the reads are the store's own.
const queryPath = join(tmp, 'query.db');
const days = QUICK ? 4 : 30;
const now = START + days * DAY;
const fixedClock: HistoryClock = { now: () => now, setTimeout: () => 0, clearTimeout: () => {} };
openHistoryStore({ path: queryPath, retention: { rawDays: 2, historyDays: 30 }, clock: fixedClock }).close();
const fillStarted = performance.now();
const fill = new Database(queryPath);
let querySamples = 0;
fill.transaction(() => {
  const series = fill.prepare('INSERT INTO series (id, topic, latest, latest_t) VALUES (?, ?, ?, ?)');
  const rollup = fill.prepare('INSERT INTO rollups (series, width, t, min, sum, max, n) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const raw = fill.prepare('INSERT INTO points (series, t, v) VALUES (?, ?, ?)');
  const progress = fill.prepare('INSERT INTO progress (series, width, done) VALUES (?, ?, ?)');
  for (let s = 0; s < 30; s++) {
    series.run(s + 1, topic(s), reading(s, now), now);
    for (const width of ROLLUP_WIDTHS) {
      const done = floorTo(now - MINUTE, width);
      for (let t = START; t < done; t += width) {
        const value = reading(s, t);
        rollup.run(s + 1, width, t, value - 0.5, value * (width / 1000), value + 0.5, width / 1000);
      }
      progress.run(s + 1, width, done);
    }
    for (let t = now - 2 * HOUR; t < now; t += 1000, querySamples++) raw.run(s + 1, t, reading(s, t));
  }
})();
fill.close();
const feedSeconds = (performance.now() - fillStarted) / 1000;
const queryStore = openHistoryStore({ path: queryPath, retention: { rawDays: 2, historyDays: 30 }, clock: fixedClock });
const ranges = [
  ['30 d', 30 * DAY],
  ['7 d', 7 * DAY],
  ['24 h', DAY],
  ['1 h', HOUR],
] as const;
progress(`  queries: tables filled in ${fmt(feedSeconds)} s`);
const queries = ranges.map(([label, span]) => {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let points = 0;
  for (let run = 0; run < 9; run++) {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    points = 0;
    for (let s = 0; s < 30; s++) points += queryStore.range(topic(s), now - span, now, 2000).length;
    const cpu = process.cpuUsage(cpuBefore);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    times.push(performance.now() - started);
  }
  return { label, ms: median(times), cpuMs: median(cpuTimes), points };
});
queryStore.close();
const queryFileMiB = MiB(statSync(queryPath).size);

// 4. Sustained intake, real time: as fast as add() takes samples, then paced at 5,000/s.
const intakePath = join(tmp, 'intake.db');
const intakeStore = openHistoryStore({ path: intakePath, retention: { rawDays: 2, historyDays: 30 } });
const total = QUICK ? 100_000 : 1_000_000;
const rssMarks: number[] = [];
const t0 = Date.now();
const intakeStarted = performance.now();
for (let i = 0; i < total; i++) {
  const series = i % 30;
  const sample: Sample = { topic: topic(series), t: t0 + Math.floor(i / 30) * 10, value: reading(series, i) };
  intakeStore.add(sample);
  if ((i + 1) % (total / 4) === 0) {
    gc?.();
    rssMarks.push(MiB(process.memoryUsage().rss));
  }
}
intakeStore.flush();
const intakeSeconds = (performance.now() - intakeStarted) / 1000;
const stored = new Database(intakePath, { readonly: true }).prepare('SELECT count(*) FROM points').pluck().get() as number;
const pacedSeconds = QUICK ? 2 : 10;
const cpuBefore = process.cpuUsage();
const pacedStarted = performance.now();
let paced = 0;
await new Promise<void>((resolve) => {
  const tick = setInterval(() => {
    const due = Math.min(Math.floor(((performance.now() - pacedStarted) / 1000) * 5_000), pacedSeconds * 5_000);
    for (; paced < due; paced++) intakeStore.add({ topic: topic(paced % 30), t: Date.now() + paced, value: paced % 100 });
    if (paced >= pacedSeconds * 5_000) {
      clearInterval(tick);
      resolve();
    }
  }, 10);
});
const cpu = process.cpuUsage(cpuBefore);
const pacedWall = (performance.now() - pacedStarted) / 1000;
intakeStore.close();

const result = {
  sizes,
  writes,
  queries: { samples: querySamples, feedSeconds, fileMiB: queryFileMiB, ranges: queries },
  intake: {
    samples: total,
    stored,
    perSecond: total / intakeSeconds,
    rssMiB: rssMarks,
    paced: { perSecond: 5_000, seconds: pacedWall, cpuShare: (cpu.user + cpu.system) / 1e6 / pacedWall },
  },
};
console.log('History store (bench/history.ts)');
for (const size of sizes) console.log(sizeLine(size));
for (const write of writes) console.log(writeLine(write));
console.log(
  `  queries, 30 series, ${days} days of roll-ups and 2 h of 1 Hz samples (${fmt(queryFileMiB)} MiB file, filled in ${fmt(feedSeconds)} s):`,
);
for (const query of queries)
  console.log(
    `    ${query.label} at 2000 points: ${fmt(query.ms)} ms wall, ${fmt(query.cpuMs)} ms CPU for 30 series (${query.points} points), median of 9`,
  );
console.log(
  `  intake: ${fmt(result.intake.perSecond, 0)} samples/s (${total.toLocaleString('en')} written, ${stored.toLocaleString('en')} stored; RSS ${rssMarks.map((m) => fmt(m)).join(' / ')} MiB at each quarter); paced 5,000/s: ${fmt(result.intake.paced.cpuShare * 100)} % of a core`,
);
console.log(JSON.stringify(result));
