import { messageOf } from '../../core/errors.js';
import { dirname } from 'node:path';

/** What went wrong with the history database, as far as the user can act on it. */
export type HistoryProblem =
  | 'full'
  | 'damaged'
  | 'read-only'
  | 'locked'
  | 'cannot-open'
  | 'io'
  | 'newer-schema'
  | 'too-many-series'
  | 'other';

/** A failure of the history store: its message names the file and says what to do. */
export class HistoryError extends Error {
  constructor(
    readonly problem: HistoryProblem,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HistoryError';
  }
}

/** What the store was doing: opening the file, writing samples (or maintenance), or reading for a chart. */
export type HistoryActivity = 'open' | 'write' | 'read';

const AFTER: Record<HistoryActivity, string> = {
  open: '',
  write: ' The live values go on; new samples wait in memory and are written once this is fixed.',
  read: ' The live values go on; the charts have no history until this is fixed.',
};

/** The SQLite result code (`SQLITE_FULL`…, extended codes included) or Node.js code (`EACCES`…) of a failure. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** The problems a failure of SQLite or of the file system can be. */
type FailureProblem = Exclude<HistoryProblem, 'newer-schema' | 'too-many-series'>;

function problemOf(code: string, message: string): FailureProblem {
  const is = (...prefixes: string[]) => prefixes.some((prefix) => code === prefix || code.startsWith(`${prefix}_`));
  if (is('SQLITE_FULL', 'ENOSPC')) return 'full';
  if (is('SQLITE_CORRUPT', 'SQLITE_NOTADB')) return 'damaged';
  if (is('SQLITE_READONLY', 'EROFS')) return 'read-only';
  if (is('SQLITE_BUSY', 'SQLITE_LOCKED')) return 'locked';
  if (is('SQLITE_CANTOPEN', 'SQLITE_PERM', 'SQLITE_AUTH', 'EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'EEXIST')) return 'cannot-open';
  if (is('SQLITE_IOERR', 'EIO')) return 'io';
  // better-sqlite3 checks the folder itself, with a TypeError and no code.
  if (/directory does not exist/i.test(message)) return 'cannot-open';
  return 'other';
}

/** A failure of SQLite or of the file system, as a HistoryError that says what to do. */
export function describeFailure(file: string, error: unknown, activity: HistoryActivity): HistoryError {
  if (error instanceof HistoryError) return error;
  const code = codeOf(error);
  const detail = messageOf(error);
  const problem = problemOf(code, detail);
  const why = code === '' ? detail : `${code}: ${detail}`;
  const folder = dirname(file);
  const text: Record<FailureProblem, string> = {
    full: `the history database ${file} cannot grow: the disk is full (${why}). Free some space there, or keep less history (HISTORY_RAW_DAYS, HISTORY_DAYS).`,
    damaged: `the history database ${file} is damaged or is not an SQLite database (${why}). Stop owm2mqtt, move the file away with its -wal and -shm files (mv ${file} ${file}.damaged) and start again: a new, empty history is made. Or set DASHBOARD_DB to another file.`,
    'read-only': `the history database ${file} cannot be written: the file or its folder is read-only (${why}). Let the user owm2mqtt runs as write to ${folder} (the database and its -wal and -shm files live there), or set DASHBOARD_DB to a writable place.`,
    locked: `the history database ${file} is locked by another program (${why}): a second owm2mqtt dashboard, or an sqlite3 shell in the middle of a transaction? Stop it, or give each dashboard its own DASHBOARD_DB.`,
    'cannot-open': `the history database ${file} cannot be opened (${why}). Check that the folder ${folder} exists and that the user owm2mqtt runs as may read and write it, or set DASHBOARD_DB to another file.`,
    io: `the history database ${file} could not be read or written: input/output error (${why}). The SD card or disk may be failing: check it (dmesg) and keep a copy of the file.`,
    other: `the history database ${file} failed: ${why}.`,
  };
  return new HistoryError(problem, file, `${text[problem]}${AFTER[activity]}`, { cause: error });
}

/** The file holds a history schema newer than this program reads. */
export function newerSchema(file: string, found: number, known: number): HistoryError {
  return new HistoryError(
    'newer-schema',
    file,
    `the history database ${file} was written by a newer owm2mqtt (history schema ${found}; this one reads ${known}). Upgrade owm2mqtt, or set DASHBOARD_DB to another file.`,
  );
}

/** An SQLite file of another program: not touched. */
export function foreignDatabase(file: string): HistoryError {
  return new HistoryError(
    'damaged',
    file,
    `the file ${file} is an SQLite database of another program, not an owm2mqtt history: it is left as it is. Set DASHBOARD_DB to another file.`,
  );
}

/** A new topic beyond the series limit: shown live, not recorded. The topic is untrusted: quoted, control characters escaped, cut. */
export function tooManySeries(file: string, limit: number, topic: string): HistoryError {
  const shown = JSON.stringify(topic.length > 100 ? `${topic.slice(0, 100)}…` : topic);
  return new HistoryError(
    'too-many-series',
    file,
    `the history database ${file} already records ${limit} series: the new topic ${shown} and any other new one are shown live but not recorded. Narrow DASHBOARD_TOPICS to the series worth keeping.`,
  );
}

/** Said once a write works again after failures. */
export function recoveredMessage(file: string, written: number, dropped: number, maxPending: number): string {
  const lost = dropped === 0 ? '' : `; ${dropped} older ones were dropped (more than ${maxPending} were waiting)`;
  return `the history database ${file} is written again: ${written} samples kept in memory meanwhile are saved${lost}.`;
}
