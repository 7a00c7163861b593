import { SETTINGS } from '../config/settings.js';
import { COMMANDS, DEFAULT_COMMAND, DRY_RUN_COMMAND, type Command } from './table.js';

const EXIT_CODES = `Exit codes (once): 0 all published, 1 some location failed, 2 configuration
error, 3 broker unreachable or not acknowledging, 4 OpenWeatherMap rejected the key.
The daemon stops cleanly on SIGTERM or SIGINT (exit 0) and on SIGHUP (exit 129,
so that systemd restarts it and it reads its settings again).`;

const OPTIONS = `  --print-config    print the settings the command reads (secrets hidden) and exit
  --env-file PATH   read settings from PATH instead of ./.env
  -h, --help        this text
  -v, --version     the version`;

/** `owm2mqtt --help`. */
export function programHelp(version: string, commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const rows = commands.map((command) => {
    const also = command.aliases.length === 0 ? '' : ` (also ${command.aliases.join(', ')})`;
    return `  ${command.name.padEnd(width)}  ${command.summary}${also}`;
  });
  const oldFlags = [
    ...commands.flatMap((command) => command.aliases.map((alias) => [alias, command.name])),
    ['--dry-run', `${DRY_RUN_COMMAND.name} --dry-run`],
  ].map(([flag, same]) => `  owm2mqtt ${flag!.padEnd(10)} = owm2mqtt ${same}`);
  const dryRuns = commands
    .filter((command) => command.dryRun !== undefined)
    .map((command) => `  ${command.name} --dry-run: ${command.dryRun}`);
  return `owm2mqtt ${version}: OpenWeatherMap current weather to MQTT, retained

Usage: owm2mqtt [command] [options]     (no command: ${DEFAULT_COMMAND.name})

Commands:
${rows.join('\n')}

The flags of before commands had names still work:
${oldFlags.join('\n')}

Options:
${OPTIONS}
  --dry-run         see below
${dryRuns.join('\n')}

owm2mqtt <command> --help: what the command does and the settings it reads.
Settings come from the environment (and ./.env): see docs/configuration.md.
${EXIT_CODES}`;
}

/** `owm2mqtt <command> --help`: its usage and every setting it reads, with its default. */
export function commandHelp(command: Command): string {
  const settings = SETTINGS.filter((setting) => command.sections.includes(setting.section));
  const width = Math.max(...settings.map((setting) => setting.name.length));
  const lines = settings.map(
    (setting) => `  ${setting.name.padEnd(width)}  ${String(setting.default ?? setting.unset).padEnd(30)}  ${setting.doc}`,
  );
  const usage = [
    `owm2mqtt ${command.name}${command.operands === undefined ? '' : ` ${command.operands}`}${command.dryRun === undefined ? '' : ' [--dry-run]'} [--print-config] [--env-file PATH]`,
    ...command.aliases.map((alias) => `owm2mqtt ${alias} (the same)`),
  ];
  return `owm2mqtt ${command.name}: ${command.summary}

Usage: ${usage.join('\n       ')}
${command.dryRun === undefined ? '' : `\n  --dry-run  ${command.dryRun}\n`}
Settings it reads (environment or ./.env; docs/configuration.md):
  ${'Name'.padEnd(width)}  ${'Default'.padEnd(30)}  Meaning
${lines.join('\n')}`;
}
