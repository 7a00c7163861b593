import { spawn } from 'node:child_process';
import { once as eventOnce } from 'node:events';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, finished, runCli, spawnCli, type CliRun } from '../helpers/cli.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { freePort } from '../helpers/ports.js';
import { trackChild } from '../helpers/processes.js';
import { retainedSnapshot } from '../helpers/subscriber.js';
import { expectNoSecret, until, useBrokerAndOwm } from '../helpers/world.js';

const world = useBrokerAndOwm({
  'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }],
});

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'owm2mqtt-startup-'));
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const CACHE_FILE = new RegExp(`^owm2mqtt-[0-9a-f]{16}-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`);
const mode = (path: string) => statSync(path).mode & 0o777;
const fresh = (name: string) => mkdtempSync(join(scratch, `${name}-`));

/** The one `start-up code cache:` line of a run at LOG_LEVEL=debug. */
function cacheLine(run: CliRun): string {
  const lines = run.stderr.split('\n').filter((line) => line.includes('start-up code cache:'));
  expect(lines, run.stderr).toHaveLength(1);
  return lines[0]!.replace(/^.*?start-up code cache: /, 'start-up code cache: ');
}

/** A `--once` for Lisbon under a topic prefix of its own, at LOG_LEVEL=debug. */
async function once(more: Record<string, string>, cwd?: string): Promise<{ run: CliRun; prefix: string }> {
  const prefix = uniquePrefix('startup');
  const run = await runCli(
    ['--once'],
    baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', LOG_LEVEL: 'debug', ...more }),
    { cwd },
  );
  expectNoSecret(run);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toContain('lisbon: published 28 messages');
  return { run, prefix };
}

/** What a consumer sees under `prefix`, with the prefix and the run's own timestamps taken out. */
async function retainedValues(prefix: string): Promise<Record<string, string>> {
  const retained = await retainedSnapshot(world.broker.url, `${prefix}/#`);
  const values: Record<string, string> = {};
  for (const message of retained.values()) {
    const leaf = message.topic.slice(prefix.length + 1);
    if (leaf.endsWith('/last_success')) values[leaf] = 'timestamp';
    else if (leaf.endsWith('/state')) {
      const state = JSON.parse(message.payload) as Record<string, unknown>;
      delete state.last_success;
      values[leaf] = JSON.stringify(state);
    } else values[leaf] = message.payload;
  }
  return values;
}

describe('start-up code cache', () => {
  it('is written under HOME/.cache/owm2mqtt by the first run, and used by the next, which publishes the same', async () => {
    const home = fresh('home');
    const directory = join(home, '.cache', 'owm2mqtt');

    const first = await once({ HOME: home });
    expect(readdirSync(directory)).toHaveLength(1);
    const name = readdirSync(directory)[0]!;
    expect(name).toMatch(CACHE_FILE);
    const file = join(directory, name);
    expect(cacheLine(first.run)).toBe(`start-up code cache: none; ${file} is written after a successful run`);
    expect(mode(file)).toBe(0o600);
    expect(mode(directory)).toBe(0o700);
    expect(statSync(file).size).toBeGreaterThan(0);
    const written = readFileSync(file);

    const second = await once({ HOME: home });
    expect(cacheLine(second.run)).toBe('start-up code cache: used');
    // Used, not written again.
    expect(readdirSync(directory)).toEqual([name]);
    expect(readFileSync(file).equals(written)).toBe(true);

    const [firstValues, secondValues] = await Promise.all([retainedValues(first.prefix), retainedValues(second.prefix)]);
    expect(Object.keys(firstValues).length).toBeGreaterThan(20);
    expect(firstValues['lisbon/temperature']).toBe('22.55');
    expect(secondValues).toEqual(firstValues);
  });

  it('goes to CACHE_DIRECTORY (systemd) rather than under HOME', async () => {
    const home = fresh('home');
    const cacheDirectory = join(fresh('systemd'), 'owm2mqtt');
    const first = await once({
      HOME: home,
      XDG_CACHE_HOME: join(home, 'xdg'),
      CACHE_DIRECTORY: `${cacheDirectory}:${join(home, 'second')}`,
    });
    const names = readdirSync(cacheDirectory);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(CACHE_FILE);
    expect(cacheLine(first.run)).toBe(`start-up code cache: none; ${join(cacheDirectory, names[0]!)} is written after a successful run`);
    expect(readdirSync(home)).toEqual([]);
    expect(cacheLine((await once({ HOME: home, CACHE_DIRECTORY: cacheDirectory })).run)).toBe('start-up code cache: used');
  });

  it('ignores a relative CACHE_DIRECTORY (never under the working directory), and goes under HOME', async () => {
    const home = fresh('home');
    const cwd = fresh('cwd');
    const { run } = await once({ HOME: home, CACHE_DIRECTORY: 'cache' }, cwd);
    const directory = join(home, '.cache', 'owm2mqtt');
    expect(readdirSync(directory)).toEqual([expect.stringMatching(CACHE_FILE)]);
    expect(cacheLine(run)).toBe(
      `start-up code cache: none; ${join(directory, readdirSync(directory)[0]!)} is written after a successful run`,
    );
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('goes to XDG_CACHE_HOME/owm2mqtt rather than under HOME', async () => {
    const home = fresh('home');
    const xdg = fresh('xdg');
    await once({ HOME: home, XDG_CACHE_HOME: xdg });
    expect(readdirSync(join(xdg, 'owm2mqtt'))).toEqual([expect.stringMatching(CACHE_FILE)]);
    expect(readdirSync(home)).toEqual([]);
  });

  it('is off, and nothing is written, with NODE_DISABLE_COMPILE_CACHE=1', async () => {
    const home = fresh('home');
    const cacheDirectory = join(home, 'systemd');
    const { run } = await once({ HOME: home, CACHE_DIRECTORY: cacheDirectory, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(cacheLine(run)).toBe('start-up code cache: off');
    expect(readdirSync(home)).toEqual([]);
  });

  it('is off without HOME (nothing to write to), and the run is otherwise the same', async () => {
    const { run } = await once({});
    expect(cacheLine(run)).toBe('start-up code cache: off');
  });

  it('does not fail the run when the cache cannot be written', async () => {
    const home = fresh('home');
    // .cache is a regular file: the cache directory cannot be created under it.
    writeFileSync(join(home, '.cache'), 'not a directory');
    const { run } = await once({ HOME: home });
    expect(cacheLine(run)).toMatch(/^start-up code cache: none; .* is written after a successful run$/);
    expect(run.stderr).not.toMatch(/ENOTDIR|EEXIST|unexpected failure/);
    expect(readFileSync(join(home, '.cache'), 'utf8')).toBe('not a directory');
  });
});

describe('the start-up code cache is written only after a run that did the real work', () => {
  /** The whole tree under `home`, so a stray file or directory anywhere shows. */
  const tree = (home: string): string[] => readdirSync(home, { recursive: true, encoding: 'utf8' }).sort();

  it('not by --help, --version, nor --print-config (exit 0)', async () => {
    const home = fresh('home');
    const help = await runCli(['--help'], { HOME: home, LOG_LEVEL: 'debug' });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--once');
    const version = await runCli(['--version'], { HOME: home, LOG_LEVEL: 'debug' });
    expect(version.code).toBe(0);
    const printed = await runCli(['--print-config'], {
      HOME: home,
      LOG_LEVEL: 'debug',
      OWM_API_KEY: FAKE_KEY,
      OWM_LOCATIONS: 'Lisbon,PT',
      MQTT_URL: world.broker.url,
    });
    expectNoSecret(printed);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toContain('Lisbon');
    expect(tree(home)).toEqual([]);
  });

  it('not by a run with a configuration error (exit 2)', async () => {
    const home = fresh('home');
    // No OWM_API_KEY.
    const noKey = await runCli(['--once'], { HOME: home, LOG_LEVEL: 'debug', OWM_LOCATIONS: 'Lisbon,PT', MQTT_URL: world.broker.url });
    expect(noKey.code, noKey.stderr).toBe(2);
    expect(noKey.stderr).toContain('configuration');
    const daemon = await runCli([], {
      HOME: home,
      LOG_LEVEL: 'debug',
      OWM_API_KEY: FAKE_KEY,
      OWM_LOCATIONS: 'Lisbon,PT',
      MQTT_URL: 'not a url',
    });
    expect(daemon.code, daemon.stderr).toBe(2);
    const unknown = await runCli(['--no-such-option'], { HOME: home });
    expect(unknown.code).toBe(2);
    expect(tree(home)).toEqual([]);
  });

  it('not by --once when the broker is unreachable (exit 3), though it says where it would have written', async () => {
    const home = fresh('home');
    const prefix = uniquePrefix('startup-nobroker');
    const run = await runCli(
      ['--once'],
      baseEnv(world.owm.url, `mqtt://127.0.0.1:${await freePort()}`, prefix, {
        OWM_LOCATIONS: 'Lisbon,PT',
        LOG_LEVEL: 'debug',
        HOME: home,
      }),
    );
    expectNoSecret(run);
    expect(run.code, run.stderr).toBe(3);
    expect(cacheLine(run)).toMatch(
      /^start-up code cache: none; .*\/\.cache\/owm2mqtt\/owm2mqtt-[0-9a-f]{16}-.*\.v8cache is written after a successful run$/,
    );
    expect(tree(home)).toEqual([]);
  });

  it('not by --once when a location failed (exit 1)', async () => {
    const home = fresh('home');
    // The fake OpenWeatherMap answers 404 (city not found) for a location it has no script for.
    const run = await runCli(
      ['--once'],
      baseEnv(world.owm.url, world.broker.url, uniquePrefix('startup-failed'), {
        OWM_LOCATIONS: 'Nowhere,XX',
        LOG_LEVEL: 'debug',
        HOME: home,
      }),
    );
    expectNoSecret(run);
    expect(run.code, run.stderr).toBe(1);
    expect(tree(home)).toEqual([]);
  });

  it('not by --once --dry-run (exit 0, nothing published), nor by --dry-run alone', async () => {
    const home = fresh('home');
    for (const args of [['--once', '--dry-run'], ['--dry-run']]) {
      const run = await runCli(
        args,
        baseEnv(world.owm.url, `mqtt://127.0.0.1:${await freePort()}`, uniquePrefix('startup-dry'), {
          OWM_LOCATIONS: 'Lisbon,PT',
          LOG_LEVEL: 'debug',
          HOME: home,
        }),
      );
      expectNoSecret(run);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/lisbon\/temperature\t22\.55/);
      expect(cacheLine(run)).toMatch(/^start-up code cache: none; .* is written after a successful run$/);
    }
    expect(tree(home)).toEqual([]);
  });

  it('by a successful --once after all those, whose cache the next run uses', async () => {
    const home = fresh('home');
    await runCli(['--help'], { HOME: home });
    await runCli(['--once'], { HOME: home, OWM_LOCATIONS: 'Lisbon,PT' });
    expect(tree(home)).toEqual([]);
    const first = await once({ HOME: home });
    const directory = join(home, '.cache', 'owm2mqtt');
    const names = readdirSync(directory);
    expect(names).toEqual([expect.stringMatching(CACHE_FILE)]);
    expect(cacheLine(first.run)).toBe(`start-up code cache: none; ${join(directory, names[0]!)} is written after a successful run`);
    expect(cacheLine((await once({ HOME: home })).run)).toBe('start-up code cache: used');
    // A --help after that reads the cache too (it is the same bundle), and writes nothing.
    const help = await runCli(['--help'], { HOME: home });
    expect(help.code).toBe(0);
    expect(readdirSync(directory)).toEqual(names);
  });

  it('by the daemon after its first poll, while it keeps running; the next daemon uses it', async () => {
    const home = fresh('home');
    const directory = join(home, '.cache', 'owm2mqtt');
    const prefix = uniquePrefix('startup-daemon');
    // The daemon polls once at start; the schedule's next poll is months away.
    const env = baseEnv(world.owm.url, world.broker.url, prefix, {
      OWM_LOCATIONS: 'Lisbon,PT',
      SCHEDULE: '0 0 1 1 *',
      LOG_LEVEL: 'debug',
      HOME: home,
    });
    const child = spawnCli([], env);
    const exit = finished(child, 30_000);
    try {
      await until(() => existsSync(directory) && readdirSync(directory).some((name) => CACHE_FILE.test(name)), 20_000);
      expect(child.exitCode).toBeNull();
      expect(child.signalCode).toBeNull();
      expect((await retainedSnapshot(world.broker.url, `${prefix}/#`)).get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
    } finally {
      child.kill('SIGTERM');
    }
    const run = await exit;
    expectNoSecret(run);
    expect(run.code, run.stderr).toBe(0);
    const names = readdirSync(directory);
    expect(names).toEqual([expect.stringMatching(CACHE_FILE)]);
    expect(cacheLine(run)).toBe(`start-up code cache: none; ${join(directory, names[0]!)} is written after a successful run`);
    expect(mode(join(directory, names[0]!))).toBe(0o600);
    const written = readFileSync(join(directory, names[0]!));

    // The next daemon starts from it, and does not write it again.
    const second = spawnCli([], { ...env, TOPIC_PREFIX: uniquePrefix('startup-daemon') });
    const secondExit = finished(second, 30_000);
    let stderr = '';
    second.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await until(() => /published \d+ messages/.test(stderr), 20_000);
    } finally {
      second.kill('SIGTERM');
    }
    const secondRun = await secondExit;
    expect(secondRun.code, secondRun.stderr).toBe(0);
    expect(cacheLine(secondRun)).toBe('start-up code cache: used');
    expect(readdirSync(directory)).toEqual(names);
    expect(readFileSync(join(directory, names[0]!)).equals(written)).toBe(true);
  });
});

describe('Node built-ins a run does not use are never loaded', () => {
  const LAZY = ['http2', 'http', 'https', 'crypto', 'child_process', 'tls', 'perf_hooks', 'tty', 'worker_threads'];

  /**
   * Runs `node -r <preload> dist/owm2mqtt.cjs ...args` and returns the built-ins the process loaded.
   * stdout and stderr are files, not pipes: Node itself would load net for a pipe (and tty for a terminal).
   */
  async function builtinsLoaded(
    args: string[],
    env: Record<string, string>,
  ): Promise<{ run: CliRun; builtins: Set<string>; order: string[] }> {
    const dir = fresh('preload');
    const list = join(dir, 'modules.txt');
    const preload = join(dir, 'preload.cjs');
    writeFileSync(
      preload,
      `'use strict';\nconst { writeFileSync } = require('node:fs');\nprocess.on('exit', () => writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`,
    );
    const stdout = openSync(join(dir, 'stdout'), 'w');
    const stderr = openSync(join(dir, 'stderr'), 'w');
    const child = spawn(process.execPath, ['-r', preload, CLI, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', stdout, stderr],
    });
    closeSync(stdout);
    closeSync(stderr);
    trackChild(child, 'owm2mqtt (preload)');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const [code, signal] = (await eventOnce(child, 'exit').finally(() => clearTimeout(timer))) as [number | null, NodeJS.Signals | null];
    const run: CliRun = {
      code,
      signal,
      stdout: readFileSync(join(dir, 'stdout'), 'utf8'),
      stderr: readFileSync(join(dir, 'stderr'), 'utf8'),
    };
    expect(existsSync(list), run.stderr).toBe(true);
    const order = readFileSync(list, 'utf8')
      .split('\n')
      .filter((entry) => entry.startsWith('NativeModule '))
      .map((entry) => entry.slice('NativeModule '.length));
    return { run, builtins: new Set(order), order };
  }

  it('--once against an mqtt:// broker loads net, and none of http, https, http2, tls, crypto, child_process, perf_hooks, tty, worker_threads', async () => {
    const prefix = uniquePrefix('lazy');
    const { run, builtins } = await builtinsLoaded(
      ['--once'],
      baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT' }),
    );
    expectNoSecret(run);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('lisbon: published 28 messages');
    // The list is real: with stdout and stderr in files, only the run's own MQTT and HTTP connections need net.
    expect(builtins.has('net')).toBe(true);
    expect(builtins.has('fs')).toBe(true);
    expect(LAZY.filter((name) => builtins.has(name))).toEqual([]);
  });

  it('--help loads none of http, http2, tls, crypto (net, like vm, is loaded before V8 flags change: src/boot/preload-builtins.ts)', async () => {
    const { run, builtins } = await builtinsLoaded(['--help'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--once');
    expect(builtins.has('vm')).toBe(true);
    expect(builtins.has('net')).toBe(true);
    expect(['http', 'http2', 'https', 'tls', 'crypto', 'child_process'].filter((name) => builtins.has(name))).toEqual([]);
  });

  it('loads every built-in a --once run needs before V8 flags change, so each comes with its ahead-compiled code', async () => {
    const { run, order } = await builtinsLoaded(['--help'], {});
    expect(run.code).toBe(0);
    const v8 = order.indexOf('v8');
    expect(v8).toBeGreaterThan(-1);
    for (const name of ['net', 'os', 'vm', 'diagnostics_channel', 'internal/util/parse_args/parse_args']) {
      expect(order.indexOf(name), name).toBeGreaterThan(-1);
      expect(order.indexOf(name), name).toBeLessThan(v8);
    }
  });
});
