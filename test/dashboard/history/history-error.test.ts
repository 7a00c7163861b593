import { describe, expect, it } from 'vitest';
import {
  describeFailure,
  foreignDatabase,
  HistoryError,
  newerSchema,
  recoveredMessage,
  tooManySeries,
} from '../../../src/dashboard/history/history-error.js';

const FILE = '/var/lib/owm2mqtt/history.db';
const sqlite = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('describeFailure', () => {
  it.each([
    [
      sqlite('SQLITE_FULL', 'database or disk is full'),
      'full',
      'the history database /var/lib/owm2mqtt/history.db cannot grow: the disk is full (SQLITE_FULL: database or disk is full). Free some space there, or keep less history (HISTORY_RAW_DAYS, HISTORY_DAYS).',
    ],
    [
      sqlite('ENOSPC', 'no space left on device'),
      'full',
      'the history database /var/lib/owm2mqtt/history.db cannot grow: the disk is full (ENOSPC: no space left on device). Free some space there, or keep less history (HISTORY_RAW_DAYS, HISTORY_DAYS).',
    ],
    [
      sqlite('SQLITE_NOTADB', 'file is not a database'),
      'damaged',
      'the history database /var/lib/owm2mqtt/history.db is damaged or is not an SQLite database (SQLITE_NOTADB: file is not a database). Stop owm2mqtt, move the file away with its -wal and -shm files (mv /var/lib/owm2mqtt/history.db /var/lib/owm2mqtt/history.db.damaged) and start again: a new, empty history is made. Or set DASHBOARD_DB to another file.',
    ],
    [
      sqlite('SQLITE_CORRUPT_INDEX', 'database disk image is malformed'),
      'damaged',
      'the history database /var/lib/owm2mqtt/history.db is damaged or is not an SQLite database (SQLITE_CORRUPT_INDEX: database disk image is malformed). Stop owm2mqtt, move the file away with its -wal and -shm files (mv /var/lib/owm2mqtt/history.db /var/lib/owm2mqtt/history.db.damaged) and start again: a new, empty history is made. Or set DASHBOARD_DB to another file.',
    ],
    [
      sqlite('SQLITE_READONLY', 'attempt to write a readonly database'),
      'read-only',
      'the history database /var/lib/owm2mqtt/history.db cannot be written: the file or its folder is read-only (SQLITE_READONLY: attempt to write a readonly database). Let the user owm2mqtt runs as write to /var/lib/owm2mqtt (the database and its -wal and -shm files live there), or set DASHBOARD_DB to a writable place.',
    ],
    [sqlite('EROFS', 'read-only file system'), 'read-only', undefined],
    [
      sqlite('SQLITE_BUSY', 'database is locked'),
      'locked',
      'the history database /var/lib/owm2mqtt/history.db is locked by another program (SQLITE_BUSY: database is locked): a second owm2mqtt dashboard, or an sqlite3 shell in the middle of a transaction? Stop it, or give each dashboard its own DASHBOARD_DB.',
    ],
    [sqlite('SQLITE_LOCKED_SHAREDCACHE', 'locked'), 'locked', undefined],
    [sqlite('SQLITE_BUSY_SNAPSHOT', 'busy'), 'locked', undefined],
    [
      sqlite('SQLITE_CANTOPEN', 'unable to open database file'),
      'cannot-open',
      'the history database /var/lib/owm2mqtt/history.db cannot be opened (SQLITE_CANTOPEN: unable to open database file). Check that the folder /var/lib/owm2mqtt exists and that the user owm2mqtt runs as may read and write it, or set DASHBOARD_DB to another file.',
    ],
    [sqlite('SQLITE_PERM', 'access permission denied'), 'cannot-open', undefined],
    [sqlite('SQLITE_AUTH', 'authorization denied'), 'cannot-open', undefined],
    [sqlite('EACCES', 'permission denied'), 'cannot-open', undefined],
    [sqlite('EPERM', 'operation not permitted'), 'cannot-open', undefined],
    [sqlite('ENOTDIR', 'not a directory'), 'cannot-open', undefined],
    [sqlite('EISDIR', 'is a directory'), 'cannot-open', undefined],
    [sqlite('EEXIST', 'file already exists'), 'cannot-open', undefined],
    [
      new TypeError('Cannot open database because the directory does not exist'),
      'cannot-open',
      'the history database /var/lib/owm2mqtt/history.db cannot be opened (Cannot open database because the directory does not exist). Check that the folder /var/lib/owm2mqtt exists and that the user owm2mqtt runs as may read and write it, or set DASHBOARD_DB to another file.',
    ],
    [
      sqlite('SQLITE_IOERR_WRITE', 'disk I/O error'),
      'io',
      'the history database /var/lib/owm2mqtt/history.db could not be read or written: input/output error (SQLITE_IOERR_WRITE: disk I/O error). The SD card or disk may be failing: check it (dmesg) and keep a copy of the file.',
    ],
    [sqlite('EIO', 'i/o error'), 'io', undefined],
    [sqlite('SQLITE_MISUSE', 'bad use'), 'other', 'the history database /var/lib/owm2mqtt/history.db failed: SQLITE_MISUSE: bad use.'],
    [sqlite('SQLITE_FULLISH', 'made up'), 'other', undefined],
    ['a string', 'other', 'the history database /var/lib/owm2mqtt/history.db failed: a string.'],
    [null, 'other', 'the history database /var/lib/owm2mqtt/history.db failed: null.'],
    [Object.assign(new Error('odd'), { code: 7 }), 'other', 'the history database /var/lib/owm2mqtt/history.db failed: odd.'],
  ])('%s is a %s problem', (error, problem, message) => {
    const described = describeFailure(FILE, error, 'open');
    expect(described).toBeInstanceOf(HistoryError);
    expect(described.problem).toBe(problem);
    expect(described.file).toBe(FILE);
    expect(described.cause).toBe(error);
    if (message !== undefined) expect(described.message).toBe(message);
  });

  it('says that the live values go on, after a failed write or read', () => {
    const full = sqlite('SQLITE_FULL', 'database or disk is full');
    expect(describeFailure(FILE, full, 'write').message).toMatch(
      /\(HISTORY_RAW_DAYS, HISTORY_DAYS\)\. The live values go on; new samples wait in memory and are written once this is fixed\.$/,
    );
    expect(describeFailure(FILE, full, 'read').message).toMatch(
      /\(HISTORY_RAW_DAYS, HISTORY_DAYS\)\. The live values go on; the charts have no history until this is fixed\.$/,
    );
  });

  it('passes a HistoryError on as it is', () => {
    const error = newerSchema(FILE, 2, 1);
    expect(describeFailure(FILE, error, 'write')).toBe(error);
  });

  it('is named HistoryError', () => {
    expect(describeFailure(FILE, null, 'open').name).toBe('HistoryError');
  });
});

describe('the other messages', () => {
  it('a newer schema', () => {
    const error = newerSchema(FILE, 3, 1);
    expect([error.problem, error.message]).toEqual([
      'newer-schema',
      'the history database /var/lib/owm2mqtt/history.db was written by a newer owm2mqtt (history schema 3; this one reads 1). Upgrade owm2mqtt, or set DASHBOARD_DB to another file.',
    ]);
  });

  it("another program's database", () => {
    const error = foreignDatabase(FILE);
    expect([error.problem, error.message]).toEqual([
      'damaged',
      'the file /var/lib/owm2mqtt/history.db is an SQLite database of another program, not an owm2mqtt history: it is left as it is. Set DASHBOARD_DB to another file.',
    ]);
  });

  it('too many series, with the topic quoted, its control characters escaped, cut at 100 characters', () => {
    expect(tooManySeries(FILE, 1000, 'maison/\u001b[31mred').message).toBe(
      'the history database /var/lib/owm2mqtt/history.db already records 1000 series: the new topic "maison/\\u001b[31mred" and any other new one are shown live but not recorded. Narrow DASHBOARD_TOPICS to the series worth keeping.',
    );
    expect(tooManySeries(FILE, 5, 'a'.repeat(100)).message).toContain(`"${'a'.repeat(100)}" and`);
    expect(tooManySeries(FILE, 5, 'a'.repeat(101)).message).toContain(`"${'a'.repeat(100)}…" and`);
    expect(tooManySeries(FILE, 5, 'x').problem).toBe('too-many-series');
  });

  it('written again', () => {
    expect(recoveredMessage(FILE, 1234, 0, 200_000)).toBe(
      'the history database /var/lib/owm2mqtt/history.db is written again: 1234 samples kept in memory meanwhile are saved.',
    );
    expect(recoveredMessage(FILE, 200_000, 40_000, 200_000)).toBe(
      'the history database /var/lib/owm2mqtt/history.db is written again: 200000 samples kept in memory meanwhile are saved; 40000 older ones were dropped (more than 200000 were waiting).',
    );
  });
});
