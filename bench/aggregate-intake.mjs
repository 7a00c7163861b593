// The aggregator's intake benchmark on its own: builds bench/aggregate-intake.ts with esbuild (into
// build/, as scripts/build.mjs --bench builds the daemon's), runs it with --expose-gc in a process
// of its own, prints one JSON line per format. Target: at least 20,000 messages/s with 1,000
// members on the 2-core test machine, and a heap that does not grow.
// Environment: BENCH_AGG_MEMBERS (1000), BENCH_AGG_MESSAGES (2000000), BENCH_AGG_SECONDS (no limit;
// 300 for the five-minute memory check), BENCH_AGG_SAMPLE (heap sample every N messages, 1000000).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = `${ROOT}build/bench-aggregate-intake.mjs`;
const options = {
  members: Number(process.env.BENCH_AGG_MEMBERS ?? 1000),
  messages: Number(process.env.BENCH_AGG_MESSAGES ?? 2_000_000),
  seconds: process.env.BENCH_AGG_SECONDS === undefined ? undefined : Number(process.env.BENCH_AGG_SECONDS),
  sampleEvery: Number(process.env.BENCH_AGG_SAMPLE ?? 1_000_000),
};

await build({
  stdin: {
    contents: `import { measureIntake } from './aggregate-intake.ts';
const options = JSON.parse(process.argv[2]);
for (const format of ['plain', 'json']) console.log(JSON.stringify(measureIntake({ ...options, format })));`,
    resolveDir: fileURLToPath(new URL('.', import.meta.url)),
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  format: 'esm',
  outfile: OUT,
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['--expose-gc', OUT, JSON.stringify(options)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
