import { describe, expect, it } from 'vitest';
import { SeriesStore } from '../../../src/dashboard/page/series-store.js';

describe('SeriesStore', () => {
  it('keeps the history, then merges live values into buckets as wide as the history’s', () => {
    const store = new SeriesStore(100);
    store.replace('a', [
      [0, 1, 2, 3],
      [100, 2, 2, 2],
    ]);
    store.append('a', 250, 10, 1000);
    store.append('a', 300, 20, 1000);
    store.append('a', 349, 30, 1000);
    store.append('a', 350, 5, 1000);
    expect(store.get('a')).toEqual([
      { t: 0, min: 1, mean: 2, max: 3 },
      { t: 100, min: 2, mean: 2, max: 2 },
      { t: 250, min: 10, mean: 20, max: 30, n: 3 },
      { t: 350, min: 5, mean: 5, max: 5, n: 1 },
    ]);
  });

  it('never merges a live value into a bucket of the history', () => {
    const store = new SeriesStore(100);
    store.replace('a', [[0, 1, 1, 1]]);
    store.append('a', 50, 9, 1000);
    expect(store.get('a')).toHaveLength(2);
  });

  it('breaks the line (a null point) after a silence longer than gapAfterMs', () => {
    const store = new SeriesStore(10);
    store.append('a', 0, 1, 60);
    store.append('a', 60, 2, 60);
    store.append('a', 200, 3, 60);
    expect(store.get('a').map((b) => [b.t, b.mean])).toEqual([
      [0, 1],
      [60, 2],
      [130, null],
      [200, 3],
    ]);
  });

  it('refuses a value older than the last point', () => {
    const store = new SeriesStore(10);
    store.append('a', 100, 1, 60);
    expect(store.append('a', 99, 2, 60)).toBe(false);
    expect(store.get('a')).toHaveLength(1);
  });

  it('keeps live values newer than the history that replaces them', () => {
    const store = new SeriesStore(10);
    store.append('a', 100, 1, 1000);
    store.append('a', 200, 2, 1000);
    store.replace('a', [[150, 1, 1, 1]]);
    expect(store.get('a').map((b) => b.t)).toEqual([150, 200]);
  });

  it('drops what slid out of the range', () => {
    const store = new SeriesStore(10);
    store.replace('a', [
      [0, 1, 1, 1],
      [10, 1, 1, 1],
      [20, 1, 1, 1],
    ]);
    store.dropBefore(10);
    expect(store.get('a').map((b) => b.t)).toEqual([10, 20]);
  });

  it('aligns the topics on the union of their times: undefined where a topic has no point, null where it has a gap', () => {
    const store = new SeriesStore(10);
    store.replace('a', [
      [0, 1, 2, 3],
      [20, null, null, null],
      [30, 4, 5, 6],
    ]);
    store.replace('b', [[10, 7, 8, 9]]);
    expect(store.columns(['a', 'b'])).toEqual([
      [0, 10, 20, 30],
      [2, undefined, null, 5],
      [1, undefined, null, 4],
      [3, undefined, null, 6],
      [undefined, 8, undefined, undefined],
      [undefined, 7, undefined, undefined],
      [undefined, 9, undefined, undefined],
    ]);
  });
});
