import { parseArgs } from 'node:util';
import { COMMANDS, DEFAULT_COMMAND, DRY_RUN_COMMAND, type Command } from './table.js';
import { messageOf } from '../core/errors.js';

/** What the command line asks for. */
export type Invocation =
  | { readonly kind: 'help'; readonly command: Command | undefined }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'command';
      readonly command: Command;
      readonly dryRun: boolean;
      readonly printConfig: boolean;
      readonly envFile: string | undefined;
      /** What follows the command's name, for a command that takes operands (`locate "Springfield"`). */
      readonly operands: readonly string[];
    }
  | { readonly kind: 'error'; readonly message: string };

/** `owm2mqtt [command] [options]`, where a command may also be named by its old flag (`--once`). Pure. */
export function parseCommandLine(argv: readonly string[], commands: readonly Command[] = COMMANDS): Invocation {
  const aliases = new Map(commands.flatMap((command) => command.aliases.map((alias) => [alias.replace(/^--/, ''), command] as const)));
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries([...aliases.keys()].map((flag) => [flag, { type: 'boolean' as const }])),
        'dry-run': { type: 'boolean' },
        'print-config': { type: 'boolean' },
        'env-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return { kind: 'error', message: messageOf(error) };
  }
  const { values, positionals } = parsed;
  const first = positionals.length > 0 ? commands.find((command) => command.name === positionals[0]) : undefined;
  // Only a command that takes operands is followed by more words.
  const named = first !== undefined && (positionals.length === 1 || first.operands !== undefined) ? first : undefined;
  if (positionals.length > 0 && named === undefined) return { kind: 'error', message: `unknown command "${positionals.join(' ')}"` };
  const operands = positionals.slice(1);
  const chosen = new Set<Command>(named === undefined ? [] : [named]);
  const flags: Readonly<Record<string, unknown>> = values;
  for (const [flag, command] of aliases) if (flags[flag] === true) chosen.add(command);
  if (chosen.size > 1) return { kind: 'error', message: `one command at a time: ${[...chosen].map((command) => command.name).join(', ')}` };
  const dryRun = values['dry-run'] === true;
  const explicit = [...chosen][0];
  if (values.help === true) return { kind: 'help', command: explicit };
  if (values.version === true) return { kind: 'version' };
  const command = explicit ?? (dryRun ? DRY_RUN_COMMAND : DEFAULT_COMMAND);
  if (dryRun && command.dryRun === undefined) return { kind: 'error', message: `${command.name} has no --dry-run` };
  return {
    kind: 'command',
    command,
    dryRun,
    printConfig: values['print-config'] === true,
    envFile: typeof values['env-file'] === 'string' ? values['env-file'] : undefined,
    operands,
  };
}
