/**
 * A daemon whose stderr reader went away (a dead parent, a closed pipe) goes on polling, and does
 * not spin on its failed writes: its CPU time (utime + stime from /proc/<pid>/stat) over a few
 * polls stays a small part of the time they took. A generous bound, not a benchmark.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { startFakeOwm } from '../helpers/fake-owm.js';
import { until } from '../helpers/world.js';
import { startScriptedBroker } from '../mqtt/scripted-broker.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU time the process has used so far, in ms (user + system). */
function cpuMs(pid: number): number {
  // Fields after the command name in parentheses: state is the 3rd field, utime the 14th, stime the 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

it.runIf(process.platform === 'linux')('a daemon whose stderr is closed keeps polling without spinning', async () => {
  const owm = await startFakeOwm({
    apiKey: FAKE_KEY,
    scripts: { 'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }] },
  });
  cleanups.push(() => owm.close());
  const broker = await startScriptedBroker({});
  cleanups.push(() => broker.close());
  // A poll every second, every line logged: each poll writes to the closed pipe.
  const child = spawnCli(
    [],
    baseEnv(owm.url, broker.url, uniquePrefix('stderr'), { OWM_LOCATIONS: 'Lisbon,PT', SCHEDULE: '* * * * * *', LOG_LEVEL: 'debug' }),
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await until(() => owm.requests.length >= 1);
  child.stderr.destroy();

  // From the close on: its next line fails to be written, and every one after it.
  const fromPolls = owm.requests.length;
  const fromCpu = cpuMs(child.pid!);
  const fromTime = Date.now();
  // A daemon that spins may never poll again: then the window ends after 5 s.
  await until(() => owm.requests.length >= fromPolls + 3, 5000).catch(() => undefined);
  const usedMs = cpuMs(child.pid!) - fromCpu;
  const tookMs = Date.now() - fromTime;
  console.log(`closed stderr: ${usedMs} ms of CPU over ${owm.requests.length - fromPolls} polls in ${tookMs} ms`);
  // A spin on the failed writes takes a whole core; an idle daemon a few per cent.
  expect(usedMs).toBeLessThan(tookMs / 4);
  expect(owm.requests.length).toBeGreaterThanOrEqual(fromPolls + 3);

  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
