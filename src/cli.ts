import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadEnvFile } from './config/env-file.js';
import { loadConfig, redactedConfig, type Mode } from './config/index.js';
import type { CodeCacheState } from './code-cache.js';
import { EXIT } from './errors.js';
import { createLogger, ignoreBrokenStdio, type Logger } from './log.js';

declare const __OWM2MQTT_VERSION__: string | undefined;
const VERSION = typeof __OWM2MQTT_VERSION__ === 'string' ? __OWM2MQTT_VERSION__ : '0.0.0-dev';

const HELP = `owm2mqtt ${VERSION}: OpenWeatherMap current weather to MQTT, retained

Usage:
  owm2mqtt                  run the daemon: poll on SCHEDULE, publish, keep going
  owm2mqtt --once           poll every location once, publish, exit
  owm2mqtt --dry-run        fetch once and print the messages; no broker needed
  owm2mqtt --print-config   print the effective settings (secrets hidden) and exit
  owm2mqtt watch            show what is on the broker under TOPIC_PREFIX, live
  owm2mqtt --purge          remove the retained topics and Home Assistant configs of
                            locations no longer configured (with --dry-run: list them)

Options:
  --env-file PATH   read settings from PATH instead of ./.env
  -h, --help        this text
  -v, --version     the version

Settings come from the environment (and ./.env): see the README.
Exit codes (--once): 0 all published, 1 some location failed, 2 configuration
error, 3 broker unreachable or not acknowledging, 4 OpenWeatherMap rejected the key.
The daemon stops cleanly on SIGTERM or SIGINT (exit 0) and on SIGHUP (exit 129,
so that systemd restarts it and it reads its settings again).`;

/** How the command started (from bin.ts's loader). */
export interface Startup {
  /** Told at LOG_LEVEL=debug. */
  readonly codeCache: CodeCacheState;
  readonly codeCacheWrites: string | undefined;
  /** Saves the start-up code cache: called once a run has done the real work, so the cache holds it. */
  readonly saveCodeCache: () => void;
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, startup?: Startup): Promise<number> {
  ignoreBrokenStdio();
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        once: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        'print-config': { type: 'boolean' },
        purge: { type: 'boolean' },
        'env-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    process.stderr.write(`owm2mqtt: ${(error as Error).message}\nTry owm2mqtt --help\n`);
    return EXIT.CONFIG;
  }
  const args = parsed.values;
  const [command, ...extra] = parsed.positionals;
  if ((command !== undefined && command !== 'watch') || extra.length > 0) {
    process.stderr.write(`owm2mqtt: unknown command "${[command, ...extra].join(' ')}"\nTry owm2mqtt --help\n`);
    return EXIT.CONFIG;
  }
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.OK;
  }
  if (args.version) {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.OK;
  }

  const envFile = args['env-file'];
  if (envFile !== undefined && !existsSync(envFile)) {
    process.stderr.write(`owm2mqtt: --env-file: the file "${envFile}" does not exist\n`);
    return EXIT.CONFIG;
  }
  const path = envFile ?? '.env';
  if (existsSync(path)) {
    const loaded = loadEnvFile(path);
    if (!loaded.ok) {
      process.stderr.write(`owm2mqtt: ${loaded.message}\n`);
      return EXIT.CONFIG;
    }
    // Variables already in the environment win over the file, as with systemd's EnvironmentFile.
    for (const [name, value] of Object.entries(loaded.variables)) if (!Object.hasOwn(env, name)) env[name] = value;
  }

  const once = Boolean(args.once || args['dry-run'] || args.purge || command === 'watch');
  const mode: Mode = once ? 'once' : 'daemon';
  const result = loadConfig(env, mode);
  if (!result.ok) {
    process.stderr.write(`owm2mqtt: the configuration has ${result.problems.length} problem(s); nothing was published:\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return EXIT.CONFIG;
  }
  const { config, warnings } = result;
  if (args['print-config']) {
    process.stdout.write(`${JSON.stringify(redactedConfig(config), null, 2)}\n`);
    return EXIT.OK;
  }

  // systemd sets JOURNAL_STREAM when stderr goes to its journal.
  const journal = env.JOURNAL_STREAM !== undefined && env.JOURNAL_STREAM !== '';
  const log = createLogger({ level: config.logLevel, timestamps: !journal && process.stderr.isTTY === true, journal });
  log.addSecrets(config.secrets);
  for (const warning of warnings) log.warn(warning);
  if (startup) log.debug(`start-up code cache: ${startup.codeCache}${startup.codeCacheWrites === undefined ? '' : `; ${startup.codeCacheWrites} is written after a successful run`}`);
  const userAgent = `owm2mqtt/${VERSION} (+https://github.com/owm2mqtt/owm2mqtt)`;

  if (command === 'watch') {
    const { runWatch } = await import('./watch/watch.js');
    return runWatch({ config, log, out: process.stdout });
  }

  if (args.purge) {
    const { runPurge } = await import('./purge.js');
    return runPurge({ config, log, dryRun: Boolean(args['dry-run']), print: (line) => process.stdout.write(`${line}\n`) });
  }

  if (once) {
    const { runOnce } = await import('./once.js');
    const dryRun = Boolean(args['dry-run']);
    const guard = hardDeadline(config.onceDeadlineMs + config.mqtt.timeoutMs, dryRun ? EXIT.SOME_LOCATIONS_FAILED : EXIT.BROKER, log);
    const code = await runOnce({ config, log, userAgent, version: VERSION, dryRun, print: (line) => process.stdout.write(`${line}\n`) });
    clearTimeout(guard);
    if (code === EXIT.OK && !dryRun) startup?.saveCodeCache();
    // Done: a socket or timer some library failed to release must not keep a one-shot run alive.
    setTimeout(() => process.exit(code), 1000).unref();
    return code;
  }

  const { Daemon } = await import('./daemon.js');
  const { quotaWarnings } = await import('./quota.js');
  for (const warning of quotaWarnings(config.schedule, config.owm.locations.length, config.owm.airQuality ? 2 : 1)) log.warn(`${warning}. Going on as configured.`);
  const { preferMemoryOverSpeed } = await import('./memory-flags.js');
  const afterFirstPublish = () => {
    startup?.saveCodeCache();
    preferMemoryOverSpeed();
  };
  const daemon = new Daemon({ config, log, userAgent, version: VERSION, afterFirstPublish });
  return new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = (signal: StopSignal) => {
      signals++;
      if (signals > 1) {
        log.warn(`${signal} again: exiting now`);
        process.exit(SIGNAL_EXIT[signal]);
      }
      // SIGHUP (a closed terminal, `systemctl kill -s HUP`) stops like SIGTERM, but exits non-zero so systemd restarts it.
      const hangUp = signal === 'SIGHUP';
      log.info(hangUp ? `SIGHUP received: finishing the current poll, then stopping with exit code ${SIGNAL_EXIT.SIGHUP} (under systemd: restarted, settings read again)` : `${signal} received: finishing the current poll, then stopping`);
      daemon.stop().then(
        () => resolve(hangUp ? SIGNAL_EXIT.SIGHUP : EXIT.OK),
        (error: unknown) => {
          log.error(`stopping failed: ${(error as Error).message}`);
          resolve(EXIT.SOME_LOCATIONS_FAILED);
        },
      );
    };
    for (const signal of Object.keys(SIGNAL_EXIT) as StopSignal[]) process.on(signal, () => onSignal(signal));
    // A long-running service must not die of one unexpected error: say it, keep serving.
    process.on('unhandledRejection', (reason) => log.error(`unexpected error (kept running): ${describe(reason)}`));
    process.on('uncaughtException', (error) => log.error(`unexpected error (kept running): ${describe(error)}`));
    daemon.start();
  });
}

/** 128 + the signal's number, as a shell reports a death by that signal (README, "Exit codes"). */
const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof SIGNAL_EXIT;

/** `--once` never hangs: past its deadline (plus the broker's grace), it exits. */
function hardDeadline(ms: number, code: number, log: Logger): NodeJS.Timeout {
  const timer = setTimeout(() => {
    log.error(`gave up after ${ms} ms (ONCE_DEADLINE_MS + MQTT_TIMEOUT_MS): the broker or OpenWeatherMap did not finish in time`);
    process.exit(code);
  }, ms);
  timer.unref();
  return timer;
}

function describe(reason: unknown): string {
  return reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
}
