import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import type { Sample } from '../../../src/dashboard/history-types.js';
import type { HistoryError } from '../../../src/dashboard/history/history-error.js';
import type { OpenDatabase } from '../../../src/dashboard/history/schema.js';
import { type HistoryStore, type HistoryStoreOptions, openHistoryStore } from '../../../src/dashboard/history/store.js';
import { FakeClock } from '../../helpers/fake-clock.js';

/** A folder of its own for each test, removed after it. */
export function tempFolder(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-history-'));
    made.push(dir);
    return dir;
  };
}

/** Opens SQLite files and keeps their connections: counts their commits, and lets a test limit their size. */
export class Connections {
  readonly opened: Database.Database[] = [];
  commits = 0;
  readonly open: OpenDatabase = (path, options) => {
    const db = new Database(path, {
      ...options,
      verbose: (sql) => {
        if (sql === 'COMMIT') this.commits++;
      },
    });
    this.opened.push(db);
    return db;
  };

  get last(): Database.Database {
    return this.opened.at(-1)!;
  }
}

/** A store on a fake clock, with its errors and recoveries collected. */
export function storeOn(path: string, clock: FakeClock, options: Partial<HistoryStoreOptions> = {}) {
  const errors: HistoryError[] = [];
  const recovered: string[] = [];
  const store: HistoryStore = openHistoryStore({
    path,
    retention: { rawDays: 2, historyDays: 30 },
    clock,
    onError: (error) => errors.push(error),
    onRecovered: (message) => recovered.push(message),
    ...options,
  });
  return { store, errors, recovered };
}

export const START = Date.UTC(2026, 11, 1, 0, 0, 0);

export function newClock(at: number = START): FakeClock {
  return new FakeClock(at);
}

/** `count` samples of `topic`, one every `every` ms from `from`, values from `value`. */
export function samples(topic: string, from: number, count: number, every: number, value: (i: number) => number = (i) => i): Sample[] {
  return Array.from({ length: count }, (_, i) => ({ topic, t: from + i * every, value: value(i) }));
}

/** Reads the file as another program would (read-only), then closes it. */
export function peek<T>(path: string, query: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return query(db);
  } finally {
    db.close();
  }
}
