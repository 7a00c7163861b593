import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { HistoryError } from '../../../src/dashboard/history/history-error.js';
import { DAY } from '../../../src/dashboard/history/levels.js';
import { Connections, newClock, START, samples, storeOn, tempFolder } from './store-helpers.js';

const folder = tempFolder();
const TOPIC = 'maison/salon/temperature';
const QUIET = { maintenanceIntervalMs: 365 * DAY };
const WRITE_AFTER = ' The live values go on; new samples wait in memory and are written once this is fixed.';
const READ_AFTER = ' The live values go on; the charts have no history until this is fixed.';

/** What opening `path` throws. */
function openingFails(path: string): HistoryError {
  try {
    storeOn(path, newClock()).store.close();
  } catch (error) {
    if (error instanceof HistoryError) return error;
    throw error;
  }
  throw new Error(`${path} opened`);
}

describe('the history store: a damaged file', () => {
  it('refuses a file of garbage at open, says what to do, and leaves the file as it was', () => {
    const path = join(folder(), 'history.db');
    const garbage = Buffer.alloc(8_192, 'not a database ');
    writeFileSync(path, garbage);
    const error = openingFails(path);
    expect([error.problem, error.message]).toEqual([
      'damaged',
      `the history database ${path} is damaged or is not an SQLite database (SQLITE_NOTADB: file is not a database). Stop owm2mqtt, move the file away with its -wal and -shm files (mv ${path} ${path}.damaged) and start again: a new, empty history is made. Or set DASHBOARD_DB to another file.`,
    ]);
    expect(readFileSync(path).equals(garbage)).toBe(true);
  });

  it('reports a file damaged inside once, gives no history, and takes samples without throwing', () => {
    const path = join(folder(), 'history.db');
    const clock = newClock(START + DAY);
    const first = storeOn(path, clock, QUIET).store;
    for (const sample of samples(TOPIC, START, 50_000, 1_000)) first.add(sample);
    first.close();
    // Pages 10 to 60 of the file (of about 300) overwritten: inside the table of samples.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(50 * 4_096, 0x5a), 0, 50 * 4_096, 10 * 4_096);
    closeSync(fd);
    const { store, errors } = storeOn(path, clock, QUIET);
    expect(store.range(TOPIC, START, START + DAY, 100)).toEqual([]);
    expect(store.range(TOPIC, START, START + DAY, 200)).toEqual([]);
    expect(errors.map((e) => [e.problem, e.message])).toEqual([
      [
        'damaged',
        `the history database ${path} is damaged or is not an SQLite database (SQLITE_CORRUPT: database disk image is malformed). Stop owm2mqtt, move the file away with its -wal and -shm files (mv ${path} ${path}.damaged) and start again: a new, empty history is made. Or set DASHBOARD_DB to another file.${READ_AFTER}`,
      ],
    ]);
    expect(() => store.add({ topic: TOPIC, t: START + 60_000_000, value: 1 })).not.toThrow();
    expect(() => store.close()).not.toThrow();
  });

  it("refuses another program's SQLite file", () => {
    const path = join(folder(), 'notes.db');
    const other = new Database(path);
    other.exec('CREATE TABLE notes (text TEXT)');
    other.close();
    const error = openingFails(path);
    expect([error.problem, error.message]).toEqual([
      'damaged',
      `the file ${path} is an SQLite database of another program, not an owm2mqtt history: it is left as it is. Set DASHBOARD_DB to another file.`,
    ]);
  });

  it('refuses a history written by a newer owm2mqtt', () => {
    const path = join(folder(), 'history.db');
    storeOn(path, newClock()).store.close();
    const other = new Database(path);
    other.pragma('user_version = 2');
    other.close();
    const error = openingFails(path);
    expect([error.problem, error.message]).toEqual([
      'newer-schema',
      `the history database ${path} was written by a newer owm2mqtt (history schema 2; this one reads 1). Upgrade owm2mqtt, or set DASHBOARD_DB to another file.`,
    ]);
  });

  it('says which folder it cannot make', () => {
    const file = join(folder(), 'a-file');
    writeFileSync(file, '');
    const path = join(file, 'history.db');
    const error = openingFails(path);
    expect(error.problem).toBe('cannot-open');
    expect(error.message).toBe(
      `the history database ${path} cannot be opened (EEXIST: EEXIST: file already exists, mkdir '${file}'). Check that the folder ${file} exists and that the user owm2mqtt runs as may read and write it, or set DASHBOARD_DB to another file.`,
    );
  });
});

describe('the history store: a full disk', () => {
  it('reports it once, keeps the samples in memory, and writes them all once there is room again', () => {
    const connections = new Connections();
    const path = join(folder(), 'history.db');
    const clock = newClock();
    const { store, errors, recovered } = storeOn(path, clock, { ...QUIET, open: connections.open, maxBatch: 1_000, retryMs: 30_000 });
    const db = connections.last;
    // No room for one more page in the file: SQLite fails as on a full disk (SQLITE_FULL).
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
    const written = samples(TOPIC, START, 2_000, 1_000);
    for (const sample of written) store.add(sample);
    expect(errors.map((e) => [e.problem, e.message])).toEqual([
      [
        'full',
        `the history database ${path} cannot grow: the disk is full (SQLITE_FULL: database or disk is full). Free some space there, or keep less history (HISTORY_RAW_DAYS, HISTORY_DAYS).${WRITE_AFTER}`,
      ],
    ]);
    // No new try at each batch while it fails: one try per retry interval, each failing silently.
    expect(store.pendingCount).toBe(2_000);
    clock.advance(30_000);
    clock.advance(30_000);
    expect(errors).toHaveLength(1);
    expect(store.pendingCount).toBe(2_000);
    // Reads go on meanwhile (with nothing written yet).
    expect(store.series()).toEqual([]);
    db.pragma('max_page_count = 1000000');
    clock.advance(30_000);
    expect(recovered).toEqual([`the history database ${path} is written again: 2000 samples kept in memory meanwhile are saved.`]);
    expect(store.pendingCount).toBe(0);
    expect(store.range(TOPIC, START, START + 2_000_000, 10_000)).toHaveLength(2_000);
    // A new failure is reported again.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
    for (const sample of samples(TOPIC, START + 2_000_000, 2_000, 1_000)) store.add(sample);
    expect(errors.map((e) => e.problem)).toEqual(['full', 'full']);
    db.pragma('max_page_count = 1000000');
    store.close();
  });

  it('keeps at most maxPending samples waiting, the newest, and says how many it dropped', () => {
    const connections = new Connections();
    const path = join(folder(), 'history.db');
    const clock = newClock();
    const { store, recovered } = storeOn(path, clock, {
      ...QUIET,
      open: connections.open,
      maxBatch: 500,
      maxPending: 1_000,
      retryMs: 30_000,
    });
    const db = connections.last;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
    // Over 1,000 waiting, the oldest tenth (and one) goes at once: 900 left, then 1,000 again 100 samples later.
    for (const sample of samples(TOPIC, START, 1_500, 1_000)) store.add(sample);
    expect(store.pendingCount).toBe(995);
    db.pragma('max_page_count = 1000000');
    clock.advance(30_000);
    expect(recovered).toEqual([
      `the history database ${path} is written again: 995 samples kept in memory meanwhile are saved; 505 older ones were dropped (more than 1000 were waiting).`,
    ]);
    const points = store.range(TOPIC, START, START + 1_500_000, 10_000);
    expect(points.map((p) => p[1])).toEqual(Array.from({ length: 995 }, (_, i) => 505 + i));
    store.close();
  });
});

describe('the history store: a locked or read-only file', () => {
  it('reports a lock held by another program, and writes once it is released', () => {
    const path = join(folder(), 'history.db');
    const clock = newClock();
    const { store, errors, recovered } = storeOn(path, clock, { ...QUIET, busyTimeoutMs: 10, retryMs: 30_000 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    store.add({ topic: TOPIC, t: START, value: 1 });
    store.flush();
    expect(errors.map((e) => [e.problem, e.message])).toEqual([
      [
        'locked',
        `the history database ${path} is locked by another program (SQLITE_BUSY: database is locked): a second owm2mqtt dashboard, or an sqlite3 shell in the middle of a transaction? Stop it, or give each dashboard its own DASHBOARD_DB.${WRITE_AFTER}`,
      ],
    ]);
    other.exec('COMMIT');
    other.close();
    clock.advance(30_000);
    expect(recovered).toHaveLength(1);
    expect(store.series()).toEqual([{ topic: TOPIC, first: START, last: START, latest: 1 }]);
    store.close();
  });

  it('reports a file it may only read, and still reads it', () => {
    const path = join(folder(), 'history.db');
    const clock = newClock();
    const first = storeOn(path, clock, QUIET).store;
    first.add({ topic: TOPIC, t: START, value: 1 });
    first.close();
    const readOnly = storeOn(path, clock, { ...QUIET, open: (p, options) => new Database(p, { ...options, readonly: true }) });
    readOnly.store.add({ topic: TOPIC, t: START + 1_000, value: 2 });
    readOnly.store.flush();
    expect(readOnly.errors.map((e) => [e.problem, e.message])).toEqual([
      [
        'read-only',
        `the history database ${path} cannot be written: the file or its folder is read-only (SQLITE_READONLY: attempt to write a readonly database). Let the user owm2mqtt runs as write to ${dirname(path)} (the database and its -wal and -shm files live there), or set DASHBOARD_DB to a writable place.${WRITE_AFTER}`,
      ],
    ]);
    expect(readOnly.store.series()).toEqual([{ topic: TOPIC, first: START, last: START, latest: 1 }]);
    readOnly.store.close();
  });
});
