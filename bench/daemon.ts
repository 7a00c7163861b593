// Scenario 2 of `npm run bench`: the real Daemon, alone in its own process, polled back to back
// (an "accelerated" schedule) against the bench's broker and OWM stand-in. Prints one JSON line
// per mark on stdout, then one `{"done":…}` line. At each mark, in this order:
//   - CPU and wall since the first mark (or since start, at and before the first mark), read first
//     so the mark's own GC is not counted;
//   - rssMiB: process.memoryUsage().rss as the poll left it, before any GC: what the process holds;
//   - a full GC (--expose-gc), then heapMiB (heapUsed: live objects) and rssAfterGcMiB;
//   - peakRssMiB: the highest RSS so far (getrusage maxrss).
// BENCH_IDLE_MS > 0 adds, after the last mark, the RSS after that long with no poll (V8's memory
// reducer works on an idle process: what a daemon polling every 10 minutes sits at between polls).
import '../src/boot/v8-flags.js';
import { readFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { loadConfig } from '../src/config/index.js';
import { Daemon } from '../src/bridge/daemon.js';
import { preferMemoryOverSpeed } from '../src/boot/memory-flags.js';
import { createLogger, type Logger } from '../src/core/log.js';

const POLLS = Number(process.env.BENCH_POLLS ?? 2000);
const FIRST_MARK = Number(process.env.BENCH_FIRST_MARK ?? 100);
const EVERY = Number(process.env.BENCH_EVERY ?? 0);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 0);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const result = loadConfig(process.env, 'daemon');
if (!result.ok) throw new Error(result.problems.join('; '));
const { config } = result;
// As the real daemon logs: every line formatted (secrets masked) and written to stderr.
const real = createLogger({ level: config.logLevel });
real.addSecrets(config.secrets);
// Counts the locations the daemon says it handed to the broker ("published N messages", logged at
// info whatever LOG_LEVEL is, and filtered inside the logger), and any warning or error.
let publishedLocations = 0;
let publishedMessages = 0;
let problems = 0;
const log: Logger = {
  ...real,
  info: (m) => {
    const sent = /: published (\d+) messages/.exec(m);
    if (sent) {
      publishedLocations++;
      publishedMessages += Number(sent[1]);
    }
    real.info(m);
  },
  warn: (m) => {
    problems++;
    real.warn(m);
  },
  error: (m) => {
    problems++;
    real.error(m);
  },
};
// The real schedule (node-cron) runs too, as in production; this loop only adds polls between its ticks.
// As the command's daemon does once it has first published (its onFirstSuccess, src/bin.ts).
const daemon = new Daemon({ config, log, userAgent: 'owm2mqtt-bench', onFirstSuccess: preferMemoryOverSpeed });
const locations = config.owm.locations.length;
const MiB = (bytes: number) => bytes / 1048576;
/** Linux: resident anonymous memory (heaps, malloc) vs file-backed pages (mostly node's own code, shared). */
const residentKinds = (): { anonMiB: number; fileMiB: number } | undefined => {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { anonMiB: kib('RssAnon') / 1024, fileMiB: kib('RssFile') / 1024 };
  } catch {
    return undefined;
  }
};

const started = { cpu: process.cpuUsage(), wall: process.hrtime.bigint() };
let since = started;
daemon.start();
for (let poll = 1; poll <= POLLS; poll++) {
  await daemon.runPoll();
  if (poll !== FIRST_MARK && poll !== POLLS && !(EVERY > 0 && poll % EVERY === 0)) continue;
  const cpu = process.cpuUsage(since.cpu);
  const wallMs = Number(process.hrtime.bigint() - since.wall) / 1e6;
  const polls = poll > FIRST_MARK ? poll - FIRST_MARK : poll;
  const rss = process.memoryUsage().rss;
  const kinds = residentKinds();
  gc();
  const after = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({
      poll,
      rssMiB: MiB(rss),
      rssAnonMiB: kinds?.anonMiB,
      rssFileMiB: kinds?.fileMiB,
      rssAfterGcMiB: MiB(after.rss),
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      heapMiB: MiB(after.heapUsed),
      heapTotalMiB: MiB(after.heapTotal),
      externalMiB: MiB(after.external),
      arrayBuffersMiB: MiB(after.arrayBuffers),
      cpuMsPerLocationPoll: (cpu.user + cpu.system) / 1000 / (polls * locations),
      wallMsPerPoll: wallMs / polls,
      sinceFirstMark: poll > FIRST_MARK,
      publishedLocations,
      publishedMessages,
      problems,
      ...daemon.stats(),
      spaces: process.env.BENCH_SPACES
        ? Object.fromEntries(
            getHeapSpaceStatistics().map((s) => [
              s.space_name,
              { sizeKiB: Math.round(s.space_size / 1024), usedKiB: Math.round(s.space_used_size / 1024) },
            ]),
          )
        : undefined,
    })}\n`,
  );
  if (poll === FIRST_MARK) since = { cpu: process.cpuUsage(), wall: process.hrtime.bigint() };
}
let idle: { idleMs: number; rssMiB: number; heapTotalMiB: number } | undefined;
if (IDLE_MS > 0) {
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const m = process.memoryUsage();
  idle = { idleMs: IDLE_MS, rssMiB: MiB(m.rss), heapTotalMiB: MiB(m.heapTotal) };
}
await daemon.stop();
process.stdout.write(`${JSON.stringify({ done: true, polls: POLLS, locations, publishedLocations, publishedMessages, problems, idle })}\n`);
