import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { describeFailure, foreignDatabase, newerSchema } from './history-error.js';

/** Opens an SQLite file (tests pass their own: to count transactions, to limit its size, to open it read-only). */
export type OpenDatabase = (path: string, options: Database.Options) => Database.Database;

export const openSqlite: OpenDatabase = (path, options) => new Database(path, options);

export const SCHEMA_VERSION = 1;
/** "owm2" in ASCII, in the file's header: marks the file as an owm2mqtt history. */
export const APPLICATION_ID = 0x6f776d32;

/**
 * Times in integer epoch milliseconds (6 bytes each on disk), values REAL (8 bytes, or fewer for
 * whole numbers). Each table is clustered on (series, time) with no separate rowid, so that a
 * series' stretch of time is one contiguous range of one B-tree. A roll-up row keeps the sum, not
 * the mean, so that merging buckets is exact: mean = sum / n.
 */
const TABLES = `
CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  topic TEXT NOT NULL UNIQUE,
  latest REAL,
  latest_t INTEGER
);
CREATE TABLE points (
  series INTEGER NOT NULL,
  t INTEGER NOT NULL,
  v REAL NOT NULL,
  PRIMARY KEY (series, t)
) WITHOUT ROWID;
CREATE TABLE rollups (
  series INTEGER NOT NULL,
  width INTEGER NOT NULL,
  t INTEGER NOT NULL,
  min REAL NOT NULL,
  sum REAL NOT NULL,
  max REAL NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (series, width, t)
) WITHOUT ROWID;
CREATE TABLE progress (
  series INTEGER NOT NULL,
  width INTEGER NOT NULL,
  done INTEGER NOT NULL,
  PRIMARY KEY (series, width)
) WITHOUT ROWID;
`;

/**
 * Settings for a file on an SD card that lives for years (docs/dashboard.md, "History"):
 * - WAL: a commit appends to one file instead of rewriting pages in place, and readers (the page's
 *   queries) never wait for the writer.
 * - synchronous=NORMAL: with WAL, no fsync at each commit, only at checkpoints. A power cut may
 *   lose the last commits (seconds of samples), never corrupt the file.
 * - temp_store=MEMORY: the GROUP BY of a chart query sorts in RAM, not on the card.
 * - cache_size 8 MiB (better-sqlite3's build defaults to 16 MB): the working set is the last page
 *   of each series plus a chart's rows; memory counts on a Pi.
 * - journal_size_limit 16 MiB: after a checkpoint the WAL file is cut back to at most that, so a
 *   burst (catching up after a stop) does not leave a large file behind.
 * - wal_autocheckpoint stays at 1000 pages (4 MiB): a checkpoint writes each changed page once,
 *   however many commits changed it.
 * - auto_vacuum stays off: pruned pages are reused by new samples, so the file stops growing once
 *   the retention is reached; incremental vacuuming would only add writes.
 */
function applyPragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -8192');
  db.pragma('journal_size_limit = 16777216');
}

function migrate(db: Database.Database, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const application = db.pragma('application_id', { simple: true }) as number;
  if (version === 0 && application === 0) {
    const tables = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck().get() as number;
    if (tables > 0) throw foreignDatabase(path);
    db.transaction(() => {
      db.exec(TABLES);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
    return;
  }
  if (application !== APPLICATION_ID) throw foreignDatabase(path);
  if (version > SCHEMA_VERSION) throw newerSchema(path, version, SCHEMA_VERSION);
}

/**
 * Opens (or makes, with its folder) the history database at `path` and checks it is ours; a
 * failure is a HistoryError that names the file and what to do.
 */
export function openHistoryDatabase(path: string, options: { open?: OpenDatabase; busyTimeoutMs: number }): Database.Database {
  let db: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    db = (options.open ?? openSqlite)(path, { timeout: options.busyTimeoutMs });
  } catch (error) {
    throw describeFailure(path, error, 'open');
  }
  try {
    applyPragmas(db);
    migrate(db, path);
    return db;
  } catch (error) {
    db.close();
    throw describeFailure(path, error, 'open');
  }
}
