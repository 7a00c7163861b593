import { inertLine } from './display.js';

export const LEVEL_NAMES = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LEVEL_NAMES)[number];

const MIN_MASKED_LENGTH = 4;

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  /** Adds values that must never be printed (the API key, passwords). */
  addSecrets(secrets: readonly string[]): void;
}

export interface LoggerOptions {
  level: LogLevel;
  write?: (line: string) => void;
  /** Prefix each line with an ISO timestamp (off under systemd, whose journal stamps lines itself). */
  timestamps?: boolean;
  /** Under systemd's journal: start each line with its syslog priority (`<3>`…), so `journalctl -p warning` works. */
  journal?: boolean;
}

/** sd-daemon(3) priority prefixes: err, warning, info, debug. */
const PRIORITY: Record<LogLevel, string> = { error: '<3>', warn: '<4>', info: '<6>', debug: '<7>' };

/**
 * One line per event, `LEVEL message`, to stderr. Every line passes through the
 * secret mask first, so a key that slips into an error message from a library
 * is still never printed.
 */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = LEVEL_NAMES.indexOf(options.level);
  const write = options.write ?? writeStderr;
  const secrets: string[] = [];
  const emit = (level: LogLevel, message: string) => {
    if (LEVEL_NAMES.indexOf(level) > threshold) return;
    const stamp = options.timestamps ? `${new Date().toISOString()} ` : '';
    const text = inertLine(maskSecrets(message, secrets));
    write(options.journal ? `${PRIORITY[level]}${text}` : `${stamp}${level.toUpperCase().padEnd(5)} ${text}`);
  };
  return {
    error: (m) => emit('error', m),
    warn: (m) => emit('warn', m),
    info: (m) => emit('info', m),
    debug: (m) => emit('debug', m),
    addSecrets: (more) => {
      // Masking a one- to three-character secret would garble every line it occurs in.
      for (const secret of more) if (secret.length >= MIN_MASKED_LENGTH && !secrets.includes(secret)) secrets.push(secret);
    },
  };
}

export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    masked = masked.split(secret).join('***');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) masked = masked.split(encoded).join('***');
  }
  return masked;
}

/**
 * Writes a line to stderr unless it is gone: when the reader of our stderr
 * closes (a dead parent, a closed pipe), a write fails with EPIPE, and logging
 * that failure would fail again, forever.
 */
function writeStderr(line: string): void {
  if (process.stderr.destroyed || !process.stderr.writable) return;
  process.stderr.write(`${line}\n`);
}

/**
 * A failure before the logger exists (the command line, the settings): to stderr as it is, or,
 * under systemd's journal, each line with the error priority (`<3>`), which journald would
 * otherwise file as info, hiding it from `journalctl -p err`.
 */
export function writeStartupError(text: string, env: NodeJS.ProcessEnv): void {
  const journal = env.JOURNAL_STREAM !== undefined && env.JOURNAL_STREAM !== '';
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  for (const line of lines) writeStderr(journal ? `${PRIORITY.error}${inertLine(line)}` : inertLine(line));
}

/** A broken stdout/stderr must not become an uncaught exception: the bridge's work does not depend on them. */
export function ignoreBrokenStdio(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => stream.destroy());
}
