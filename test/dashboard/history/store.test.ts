import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SeriesPoint } from '../../../src/dashboard/history-types.js';
import { type BucketRow, downsample } from '../../../src/dashboard/history/downsample.js';
import { DAY, floorTo, HOUR, MINUTE } from '../../../src/dashboard/history/levels.js';
import { Connections, newClock, peek, START, samples, storeOn, tempFolder } from './store-helpers.js';

const folder = tempFolder();
const TOPIC = 'maison/salon/temperature';
/** Maintenance out of the way, for tests that count commits. */
const QUIET = { maintenanceIntervalMs: 365 * DAY };
const asRows = (list: readonly { t: number; value: number }[]): BucketRow[] => list.map(({ t, value }) => [t, value, value, value, 1]);

/** Same buckets; means equal to 1e-9 (SQLite sums with compensation, and in another order once rolled up). */
function expectSamePoints(actual: readonly SeriesPoint[], expected: readonly SeriesPoint[]): void {
  expect(actual.map(([t, min, , max]) => [t, min, max])).toEqual(expected.map(([t, min, , max]) => [t, min, max]));
  actual.forEach(([, , mean], i) => {
    const wanted = expected[i]![2];
    if (wanted === null) expect(mean).toBeNull();
    else expect(mean).toBeCloseTo(wanted, 9);
  });
}

describe('the history store: batched writes', () => {
  it('commits once per maxBatch samples, and the rest once the flush interval has passed', () => {
    const connections = new Connections();
    const clock = newClock();
    const path = join(folder(), 'history.db');
    const { store } = storeOn(path, clock, { ...QUIET, open: connections.open, maxBatch: 100, flushIntervalMs: 10_000 });
    connections.commits = 0;
    for (const sample of samples(TOPIC, START, 250, 10)) store.add(sample);
    expect(connections.commits).toBe(2);
    expect(store.pendingCount).toBe(50);
    clock.advance(9_999);
    expect(connections.commits).toBe(2);
    clock.advance(1);
    expect(connections.commits).toBe(3);
    expect(store.pendingCount).toBe(0);
    expect(peek(path, (db) => db.prepare('SELECT count(*) FROM points').pluck().get())).toBe(250);
    store.close();
  });

  it('at 1 Hz with a 10-second interval: one commit per 10 samples', () => {
    const connections = new Connections();
    const clock = newClock();
    const { store } = storeOn(join(folder(), 'history.db'), clock, { ...QUIET, open: connections.open, flushIntervalMs: 10_000 });
    connections.commits = 0;
    for (let i = 0; i < 30; i++) {
      clock.advance(1_000);
      store.add({ topic: TOPIC, t: clock.now(), value: i });
    }
    expect(connections.commits).toBe(2);
    clock.advance(10_000);
    expect(connections.commits).toBe(3);
    expect(store.range(TOPIC, START, clock.now(), 1_000).length).toBe(30);
    store.close();
  });

  it('commits nothing while nothing comes', () => {
    const connections = new Connections();
    const clock = newClock();
    const { store } = storeOn(join(folder(), 'history.db'), clock, { ...QUIET, open: connections.open });
    connections.commits = 0;
    clock.advance(HOUR);
    expect(connections.commits).toBe(0);
    store.close();
  });

  it('writes what is queued on flush() and on close()', () => {
    const connections = new Connections();
    const clock = newClock();
    const path = join(folder(), 'history.db');
    const { store } = storeOn(path, clock, { ...QUIET, open: connections.open });
    connections.commits = 0;
    store.add({ topic: TOPIC, t: START, value: 1 });
    store.flush();
    expect(connections.commits).toBe(1);
    store.add({ topic: TOPIC, t: START + 1_000, value: 2 });
    store.close();
    expect(peek(path, (db) => db.prepare('SELECT count(*) FROM points').pluck().get())).toBe(2);
  });

  it('writes queued samples before a read, so a page opened now sees them', () => {
    const clock = newClock();
    const { store } = storeOn(join(folder(), 'history.db'), clock, QUIET);
    store.add({ topic: TOPIC, t: START, value: 21.5 });
    expect(store.series()).toEqual([{ topic: TOPIC, first: START, last: START, latest: 21.5 }]);
    store.add({ topic: TOPIC, t: START + 1_000, value: 22 });
    expect(store.range(TOPIC, START, START + 1_000, 100)).toEqual([
      [START, 21.5, 21.5, 21.5],
      [START + 1_000, 22, 22, 22],
    ]);
    store.close();
  });

  it('ignores samples that are not finite numbers or precede 1970, and rounds times to the millisecond', () => {
    const clock = newClock();
    const { store } = storeOn(join(folder(), 'history.db'), clock, QUIET);
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY]) store.add({ topic: TOPIC, t: START, value });
    store.add({ topic: TOPIC, t: Number.NaN, value: 1 });
    store.add({ topic: TOPIC, t: -1, value: 1 });
    expect(store.pendingCount).toBe(0);
    store.add({ topic: TOPIC, t: START + 0.6, value: 3 });
    expect(store.range(TOPIC, START, START + 10, 10)).toEqual([[START + 1, 3, 3, 3]]);
    store.close();
  });
});

describe('the history store: reading', () => {
  it('uses WAL and synchronous=NORMAL', () => {
    const connections = new Connections();
    const path = join(folder(), 'history.db');
    const { store } = storeOn(path, newClock(), { open: connections.open });
    expect(connections.last.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(connections.last.pragma('synchronous', { simple: true })).toBe(1);
    expect(connections.last.pragma('temp_store', { simple: true })).toBe(2);
    store.close();
  });

  it('lists every series sorted by topic, with its first and last time and latest value', () => {
    const clock = newClock();
    const { store } = storeOn(join(folder(), 'history.db'), clock, QUIET);
    store.add({ topic: 'maison/salon/temperature', t: START + 5_000, value: 21 });
    store.add({ topic: 'exterieur/paris/temperature', t: START + 2_000, value: 8 });
    store.add({ topic: 'maison/salon/temperature', t: START + 9_000, value: 22 });
    // An older sample arriving last does not replace the latest value.
    store.add({ topic: 'maison/salon/temperature', t: START + 1_000, value: 20 });
    expect(store.series()).toEqual([
      { topic: 'exterieur/paris/temperature', first: START + 2_000, last: START + 2_000, latest: 8 },
      { topic: 'maison/salon/temperature', first: START + 1_000, last: START + 9_000, latest: 22 },
    ]);
    store.close();
  });

  it('reads raw samples into buckets of min, mean and max, as downsample() does', () => {
    const clock = newClock(START + HOUR);
    const { store } = storeOn(join(folder(), 'history.db'), clock, QUIET);
    const written = samples(
      TOPIC,
      START,
      3_600,
      1_000,
      (i) => Math.round((20 + 3 * Math.sin(i / 300) + ((i * 7919) % 13) / 10) * 100) / 100,
    );
    for (const sample of written) store.add(sample);
    const points = store.range(TOPIC, START, START + HOUR - 1, 100);
    expect(points).toHaveLength(60);
    // SQLite adds with compensated summation: means may differ from a plain sum in the last bits.
    expectSamePoints(points, downsample(asRows(written), MINUTE));
    const firstMinute = written.slice(0, 60).map((s) => s.value);
    expect([points[0]![0], points[0]![1], points[0]![3]]).toEqual([START, Math.min(...firstMinute), Math.max(...firstMinute)]);
    expect(points[0]![2]).toBeCloseTo(firstMinute.reduce((a, b) => a + b, 0) / 60, 12);
    store.close();
  });

  it('reads whole buckets: from the start of the bucket of `from` to the end of the bucket of `to`', () => {
    const clock = newClock(START + HOUR);
    const { store } = storeOn(join(folder(), 'history.db'), clock, QUIET);
    for (const sample of samples(TOPIC, START, 600, 1_000)) store.add(sample);
    // 35 s over 4 points: 10-second buckets; 25 s to 60 s gives the buckets of 20 s to 60 s.
    expect(store.range(TOPIC, START + 25_000, START + 60_000, 4)).toEqual([
      [START + 20_000, 20, 24.5, 29],
      [START + 30_000, 30, 34.5, 39],
      [START + 40_000, 40, 44.5, 49],
      [START + 50_000, 50, 54.5, 59],
      [START + 60_000, 60, 64.5, 69],
    ]);
    store.close();
  });

  it('breaks the line where a 1 Hz series was silent for 10 s and for 10 minutes, not for 2 s', () => {
    const clock = newClock(START + HOUR);
    const { store } = storeOn(join(folder(), 'history.db'), clock, QUIET);
    const stretches = [
      [0, 1_200],
      [1_210, 1_800],
      [1_802, 2_400],
      [3_000, 3_600],
    ] as const;
    for (const [from, to] of stretches) for (const sample of samples(TOPIC, START + from * 1_000, to - from, 1_000)) store.add(sample);
    // 1 hour over 2000 points: 2-second buckets; the usual interval is 1 s, so a gap is a silence over 3 s.
    const points = store.range(TOPIC, START, START + HOUR - 1, 2_000);
    expect(points.filter((p) => p[1] === null)).toEqual([
      [START + 1_200_000, null, null, null],
      [START + 2_400_000, null, null, null],
    ]);
    expect(points.length).toBe(600 + 295 + 299 + 300 + 2);
    store.close();
  });

  it('gives nothing for an unknown topic, a reversed or non-finite range, or no points', () => {
    const clock = newClock();
    const { store } = storeOn(join(folder(), 'history.db'), clock, QUIET);
    store.add({ topic: TOPIC, t: START, value: 1 });
    expect(store.range('maison/cave/temperature', START - HOUR, START + HOUR, 100)).toEqual([]);
    expect(store.range(TOPIC, START + 1, START, 100)).toEqual([]);
    expect(store.range(TOPIC, Number.NEGATIVE_INFINITY, START, 100)).toEqual([]);
    expect(store.range(TOPIC, START, Number.NaN, 100)).toEqual([]);
    expect(store.range(TOPIC, START, START + 1, 0)).toEqual([]);
    expect(store.range(TOPIC, START, START + 1, Number.NaN)).toEqual([]);
    expect(store.range(TOPIC, START, START, 1)).toEqual([[START, 1, 1, 1]]);
    store.close();
  });
});

describe('the history store: restarts', () => {
  it('finds its history again in the same file', () => {
    const path = join(folder(), 'state', 'owm2mqtt', 'history.db');
    const clock = newClock(START + HOUR);
    const first = storeOn(path, clock, QUIET).store;
    for (const sample of samples(TOPIC, START, 600, 1_000, (i) => i / 10)) first.add(sample);
    first.add({ topic: 'exterieur/paris/humidity', t: START, value: 77 });
    const before = { series: first.series(), range: first.range(TOPIC, START, START + HOUR, 100) };
    first.close();
    const second = storeOn(path, clock, QUIET).store;
    expect(second.series()).toEqual(before.series);
    expect(second.range(TOPIC, START, START + HOUR, 100)).toEqual(before.range);
    expect(before.range.length).toBe(10);
    // And goes on writing into the same series.
    second.add({ topic: TOPIC, t: START + 600_000, value: 100 });
    expect(second.series().find((s) => s.topic === TOPIC)?.latest).toBe(100);
    second.close();
  });

  it('keeps roll-up progress across a restart', () => {
    const path = join(folder(), 'history.db');
    const clock = newClock(START);
    const first = storeOn(path, clock, { retention: { rawDays: 0, historyDays: 1 } }).store;
    for (const sample of samples(TOPIC, START, 120, 1_000)) first.add(sample);
    clock.advance(3 * MINUTE);
    while (first.maintain());
    first.close();
    // With 0 raw days the raw samples went once rolled up: the minutes come from the roll-ups.
    expect(peek(path, (db) => db.prepare('SELECT count(*) FROM points').pluck().get())).toBe(0);
    const second = storeOn(path, clock, { retention: { rawDays: 0, historyDays: 1 } }).store;
    expect(second.range(TOPIC, START, START + 2 * MINUTE - 1, 2)).toEqual([
      [START, 0, 29.5, 59],
      [START + MINUTE, 60, 89.5, 119],
    ]);
    // A late sample for the first minute goes into its roll-up, not back into the raw table.
    second.add({ topic: TOPIC, t: START + 30_000, value: -10 });
    expect(second.range(TOPIC, START, START + MINUTE - 1, 1)).toEqual([[START, -10, (1770 - 10) / 61, 59]]);
    second.close();
  });
});

describe('the history store: roll-ups and retention', () => {
  /**
   * One sample every 10 s for 4 days, fed minute by minute as the clock moves, the store's own
   * timers running; 1 day of raw samples, 3 of roll-ups. Made once for the tests that only read it.
   */
  const fed = (() => {
    let made: ReturnType<typeof feed> | undefined;
    afterAll(() => {
      made?.store.close();
      if (made) rmSync(dirname(made.path), { recursive: true, force: true });
    });
    return () => (made ??= feed());
  })();

  function feed() {
    const path = join(mkdtempSync(join(tmpdir(), 'owm2mqtt-history-')), 'history.db');
    const clock = newClock(START);
    const opened = storeOn(path, clock, {
      retention: { rawDays: 1, historyDays: 3 },
      flushIntervalMs: 10_000,
      maintenanceIntervalMs: 10 * MINUTE,
    });
    const value = (t: number) => Math.round((15 + 8 * Math.sin((2 * Math.PI * (t - START)) / DAY) + ((t / 10_000) % 7) / 10) * 100) / 100;
    const written: { topic: string; t: number; value: number }[] = [];
    for (let minute = 0; minute < 4 * 1_440; minute++) {
      for (let k = 0; k < 6; k++) {
        const t = clock.now() + k * 10_000;
        const sample = { topic: TOPIC, t, value: value(t) };
        written.push(sample);
        opened.store.add(sample);
      }
      clock.advance(MINUTE);
    }
    while (opened.store.maintain());
    return { ...opened, path, clock, written };
  }

  it('keeps raw samples HISTORY_RAW_DAYS, and 1-, 10- and 30-minute roll-ups HISTORY_DAYS, and nothing older', () => {
    const { store, path, clock, written, errors } = fed();
    const now = clock.now();
    expect(now).toBe(START + 4 * DAY);
    const rawCut = floorTo(now - DAY, MINUTE);
    const historyCut = floorTo(now - 3 * DAY, 30 * MINUTE);
    const tables = peek(path, (db) => ({
      raw: db.prepare('SELECT min(t), count(*) FROM points').raw().get(),
      levels: db.prepare('SELECT width, min(t), max(t), count(*), sum(n) FROM rollups GROUP BY width ORDER BY width').raw().all(),
    }));
    expect(tables.raw).toEqual([rawCut, written.filter((s) => s.t >= rawCut).length]);
    // Each level is complete up to a whole bucket of its own inside the level below it: the 1-minute
    // level up to the minute that ended 10 s (the flush interval) ago, the others from there.
    const done = [floorTo(now - 10_000, MINUTE)];
    done.push(floorTo(done[0]!, 10 * MINUTE), floorTo(floorTo(done[0]!, 10 * MINUTE), 30 * MINUTE));
    const level = (width: number, i: number) => {
      const rows = (done[i]! - historyCut) / width;
      return [width, historyCut, done[i]! - width, rows, rows * (width / 10_000)];
    };
    expect(tables.levels).toEqual([level(MINUTE, 0), level(10 * MINUTE, 1), level(30 * MINUTE, 2)]);
    expect(done).toEqual([now - MINUTE, now - 10 * MINUTE, now - 30 * MINUTE]);
    expect(store.series()).toEqual([{ topic: TOPIC, first: historyCut, last: written.at(-1)!.t, latest: written.at(-1)!.value }]);
    expect(errors).toEqual([]);
  });

  it('reads the same buckets from the roll-ups as from the samples themselves, over 30 min, 10 min and 1 min buckets', () => {
    const { store, clock, written } = fed();
    const now = clock.now();
    const kept = written.filter((s) => s.t >= floorTo(now - 3 * DAY, 30 * MINUTE));
    for (const [span, maxPoints, width] of [
      [3 * DAY, 144, 30 * MINUTE],
      [2 * DAY, 288, 10 * MINUTE],
      [DAY, 1_440, MINUTE],
    ] as const) {
      const from = now - span;
      const inRange = kept.filter((s) => s.t >= floorTo(from, width) && s.t < floorTo(now, width) + width);
      expectSamePoints(store.range(TOPIC, from, now, maxPoints), downsample(asRows(inRange), width));
    }
  });

  it('draws an hour whose raw samples are gone from its 1-minute roll-ups, without gaps', () => {
    const { store, clock, written } = fed();
    const from = clock.now() - 2 * DAY;
    const points = store.range(TOPIC, from, from + HOUR - 1, 2_000);
    const inHour = written.filter((s) => s.t >= from && s.t < from + HOUR);
    expect(points).toHaveLength(60);
    expectSamePoints(points, downsample(asRows(inHour), MINUTE));
  });

  it('forgets a series once all of it is older than HISTORY_DAYS', () => {
    const clock = newClock(START);
    const { store } = storeOn(join(folder(), 'history.db'), clock, { retention: { rawDays: 0, historyDays: 1 } });
    for (const sample of samples('maison/grenier/temperature', START, 60, 1_000)) store.add(sample);
    clock.advance(DAY);
    store.add({ topic: TOPIC, t: clock.now(), value: 1 });
    expect(store.series().map((s) => s.topic)).toEqual(['maison/grenier/temperature', TOPIC]);
    clock.advance(HOUR);
    while (store.maintain());
    expect(store.series().map((s) => s.topic)).toEqual([TOPIC]);
    expect(store.range('maison/grenier/temperature', START, clock.now(), 100)).toEqual([]);
    // The topic may come back, as a new series.
    store.add({ topic: 'maison/grenier/temperature', t: clock.now(), value: 5 });
    expect(store.series().map((s) => s.topic)).toEqual(['maison/grenier/temperature', TOPIC]);
    store.close();
  });

  it('merges a late sample into the roll-ups already made, and drops one older than HISTORY_DAYS', () => {
    const clock = newClock(START);
    const path = join(folder(), 'history.db');
    const { store } = storeOn(path, clock, { retention: { rawDays: 1, historyDays: 2 } });
    for (const sample of samples(TOPIC, START, 3 * 1_440, MINUTE, () => 10)) store.add(sample);
    clock.advance(3 * DAY);
    while (store.maintain());
    const day2 = START + DAY + 5 * HOUR;
    store.add({ topic: TOPIC, t: day2 + 30_000, value: 99 });
    store.add({ topic: TOPIC, t: START + 3 * DAY - 2 * HOUR + 30_000, value: -99 });
    store.add({ topic: TOPIC, t: START + HOUR, value: 1_000 });
    // Day 2: raw samples pruned, so the roll-ups alone have it; the last day: raw and roll-ups.
    expect(store.range(TOPIC, day2, day2 + MINUTE - 1, 1)).toEqual([[day2, 10, 109 / 2, 99]]);
    const late = START + 3 * DAY - 2 * HOUR;
    expect(store.range(TOPIC, late, late + MINUTE - 1, 1)).toEqual([[late, -99, -89 / 2, 10]]);
    expect(store.range(TOPIC, late, late + 30 * MINUTE - 1, 1)).toEqual([[late, -99, (29 * 10 + 10 - 99) / 31, 10]]);
    expect(store.range(TOPIC, START, START + 2 * HOUR, 2)).toEqual([]);
    expect(peek(path, (db) => db.prepare('SELECT t FROM points WHERE v != 10 ORDER BY t').pluck().all())).toEqual([late + 30_000]);
    store.close();
  });

  it('catches up in short steps after a long stop', () => {
    const clock = newClock(START);
    const { store } = storeOn(join(folder(), 'history.db'), clock, { ...QUIET, retention: { rawDays: 2, historyDays: 30 } });
    for (const sample of samples(TOPIC, START, 2 * 8_640, 10_000)) store.add(sample);
    clock.advance(2 * DAY);
    let steps = 1;
    while (store.maintain()) steps++;
    // 2 days of the 1-minute level in 10-minute stretches.
    expect(steps).toBe(2 * 144);
    store.close();
  });
});

describe('the history store: limits on what the broker may send', () => {
  it('records at most maxSeries topics, says so once, and goes on with the others', () => {
    const clock = newClock();
    const path = join(folder(), 'history.db');
    const { store, errors } = storeOn(path, clock, { ...QUIET, maxSeries: 2 });
    for (const topic of ['a/1', 'a/2', 'a/\u0007bell', 'a/4', 'a/1']) store.add({ topic, t: START, value: 1 });
    store.add({ topic: 'a/2', t: START + 1, value: 2 });
    expect(store.series().map((s) => s.topic)).toEqual(['a/1', 'a/2']);
    expect(errors.map((e) => [e.problem, e.message])).toEqual([
      [
        'too-many-series',
        `the history database ${path} already records 2 series: the new topic "a/\\u0007bell" and any other new one are shown live but not recorded. Narrow DASHBOARD_TOPICS to the series worth keeping.`,
      ],
    ]);
    store.add({ topic: 'a/5', t: START + 2, value: 1 });
    store.flush();
    expect(errors).toHaveLength(1);
    store.close();
  });

  it('reads at most 100,000 points however many are asked for', () => {
    const clock = newClock();
    const { store } = storeOn(join(folder(), 'history.db'), clock, QUIET);
    for (const sample of samples(TOPIC, START, 3, 1)) store.add(sample);
    expect(store.range(TOPIC, START, START + 200_000, 1e9)).toHaveLength(2);
    store.close();
  });
});
