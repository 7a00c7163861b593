// Scenario 2 of `npm run bench`: the real Daemon, alone in its own process, polled back to back
// (an "accelerated" schedule) against the bench's broker and OWM stand-in. Prints one JSON line
// per mark on stdout: RSS, heap after a full GC, and CPU per location per poll since the first mark.
import '../src/v8-flags.js';
import { getHeapSpaceStatistics } from 'node:v8';
import { loadConfig } from '../src/config/index.js';
import { Daemon } from '../src/daemon.js';
import { createLogger } from '../src/log.js';

const POLLS = Number(process.env.BENCH_POLLS ?? 2000);
const FIRST_MARK = Number(process.env.BENCH_FIRST_MARK ?? 100);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const result = loadConfig(process.env, 'daemon');
if (!result.ok) throw new Error(result.problems.join('; '));
const { config } = result;
// As the real daemon logs: every line formatted and written to stderr (the bench discards it).
const log = createLogger({ level: config.logLevel });
// The real schedule (node-cron) runs too, as in production; this loop only adds polls between its ticks.
const daemon = new Daemon({ config, log, userAgent: 'owm2mqtt-bench' });
const locations = config.owm.locations.length;

daemon.start();
let cpuAtFirstMark = process.cpuUsage();
let wallAtFirstMark = process.hrtime.bigint();
for (let poll = 1; poll <= POLLS; poll++) {
  await daemon.runPoll();
  if (poll === FIRST_MARK || poll === POLLS || (process.env.BENCH_EVERY && poll % Number(process.env.BENCH_EVERY) === 0)) {
    const rssMiB = process.memoryUsage().rss / 1048576;
    gc();
    const after = process.memoryUsage();
    const heapMiB = after.heapUsed / 1048576;
    const cpu = process.cpuUsage(poll === FIRST_MARK ? undefined : cpuAtFirstMark);
    const polls = poll === FIRST_MARK ? poll : poll - FIRST_MARK;
    const wallMs = Number(process.hrtime.bigint() - wallAtFirstMark) / 1e6;
    process.stdout.write(`${JSON.stringify({ poll, rssMiB, heapMiB, cpuMsPerLocationPoll: (cpu.user + cpu.system) / 1000 / (polls * locations), wallMsPerPoll: poll === FIRST_MARK ? undefined : wallMs / polls, keptTopics: daemon.stats().keptTopics, heapTotalMiB: after.heapTotal / 1048576, externalMiB: after.external / 1048576, arrayBuffersMiB: after.arrayBuffers / 1048576, spaces: process.env.BENCH_SPACES ? Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, Math.round(s.space_size / 1024)])) : undefined })}\n`);
    if (poll === FIRST_MARK) {
      cpuAtFirstMark = process.cpuUsage();
      wallAtFirstMark = process.hrtime.bigint();
    }
  }
}
await daemon.stop();
