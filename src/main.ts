import { commandHelp, programHelp } from './commands/help.js';
import { parseCommandLine } from './commands/grammar.js';
import { applyEnvFile } from './config/dotenv.js';
import { loadConfig, printedConfig, type Config } from './config/index.js';
import { EXIT } from './core/errors.js';
import { createLogger, ignoreBrokenStdio, type Logger, writeStartupError } from './core/log.js';
import { processPolicy } from './commands/process-policy.js';
import { USER_AGENT, VERSION } from './core/version.js';

/** What the entry (src/bin.ts) gives the program: all it sees of the start-up machinery in src/boot/. */
export interface Boot {
  /** Said at LOG_LEVEL=debug. */
  readonly note?: string;
  /** Called once a command has first done its real work. */
  readonly onFirstSuccess?: () => void;
}

/** The composition root: command line → command → settings → logger → the command's run. Returns the exit code. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, boot: Boot = {}): Promise<number> {
  ignoreBrokenStdio();
  const invocation = parseCommandLine(argv);
  switch (invocation.kind) {
    case 'error':
      writeStartupError(`owm2mqtt: ${invocation.message}\nTry owm2mqtt --help`, env);
      return EXIT.CONFIG;
    case 'help':
      process.stdout.write(`${invocation.command === undefined ? programHelp(VERSION) : commandHelp(invocation.command)}\n`);
      return EXIT.OK;
    case 'version':
      process.stdout.write(`${VERSION}\n`);
      return EXIT.OK;
  }
  const { command, dryRun } = invocation;
  const envProblem = applyEnvFile(invocation.envFile, env);
  if (envProblem !== undefined) {
    writeStartupError(`owm2mqtt: ${envProblem}`, env);
    return EXIT.CONFIG;
  }
  const result = loadConfig(env, command.mode, new Set(command.sections));
  if (!result.ok) {
    writeStartupError(
      `owm2mqtt: the configuration has ${result.problems.length} problem(s); nothing was published:\n${result.problems.map((p) => `  - ${p}`).join('\n')}`,
      env,
    );
    return EXIT.CONFIG;
  }
  const { config, warnings } = result;
  if (invocation.printConfig) {
    process.stdout.write(`${JSON.stringify(printedConfig(config, new Set(command.sections)), null, 2)}\n`);
    return EXIT.OK;
  }
  const log = commandLogger(config, env);
  for (const warning of warnings) log.warn(warning);
  if (boot.note !== undefined) log.debug(boot.note);
  return command.run({
    config,
    log,
    version: VERSION,
    userAgent: USER_AGENT,
    dryRun,
    operands: invocation.operands,
    stdout: process.stdout,
    policy: processPolicy,
    onFirstSuccess: boot.onFirstSuccess ?? (() => undefined),
  });
}

function commandLogger(config: Config, env: NodeJS.ProcessEnv): Logger {
  // systemd sets JOURNAL_STREAM when stderr goes to its journal.
  const journal = env.JOURNAL_STREAM !== undefined && env.JOURNAL_STREAM !== '';
  const log = createLogger({ level: config.logLevel, timestamps: !journal && process.stderr.isTTY === true, journal });
  log.addSecrets(config.secrets);
  return log;
}
