import type { Config } from '../config/index.js';
import type { Logger } from '../core/log.js';
import type { ProcessPolicy } from './process-policy.js';
import type { Clock } from '../schedule/index.js';

/** Everything a command is given: it builds nothing of its own but its MQTT session and HTTP client. */
export interface CommandContext {
  /** Only the sections the command declares are read; the others hold their defaults. */
  readonly config: Config;
  readonly log: Logger;
  readonly version: string;
  readonly userAgent: string;
  /** What followed the command's name (`locate "Springfield"`); empty for a command without operands. */
  readonly operands: readonly string[];
  /** `--dry-run`: given only to a command that accepts it. */
  readonly dryRun: boolean;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly policy: ProcessPolicy;
  /** The schedule's clock (the daemon); the system's when not given. */
  readonly clock?: Clock;
  /** Called once the command has done its real work for the first time (see src/bin.ts). */
  readonly onFirstSuccess: () => void;
}
