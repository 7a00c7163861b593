import { describe, expect, it } from 'vitest';
import { TimeWeightedWindow } from '../../src/aggregate/window.js';

describe('TimeWeightedWindow', () => {
  it('weighs each value by how long it held: 20 for 45 s, 24 for 15 s → 21', () => {
    const window = new TimeWeightedWindow();
    window.sample(20);
    window.hold(20, 45_000);
    window.sample(24);
    window.hold(24, 15_000);
    expect(window.result(24)).toEqual({ mean: 21, min: 20, max: 24, samples: 2, coveredMs: 60_000 });
  });

  it('ignores no time and negative time', () => {
    const window = new TimeWeightedWindow();
    window.hold(100, 0);
    window.hold(100, -5);
    window.hold(10, 1000);
    expect(window.result(0)).toMatchObject({ mean: 10, coveredMs: 1000 });
  });

  it('with no time covered, the current value stands for the mean', () => {
    const window = new TimeWeightedWindow();
    window.sample(19);
    expect(window.result(19)).toEqual({ mean: 19, min: 19, max: 19, samples: 1, coveredMs: 0 });
    expect(new TimeWeightedWindow().result(7)).toEqual({ mean: 7, min: 7, max: 7, samples: 0, coveredMs: 0 });
  });

  it('starts a new period with the carried value in its min and max, and no samples', () => {
    const window = new TimeWeightedWindow();
    window.sample(30);
    window.hold(30, 1000);
    window.reset(22);
    window.hold(22, 500);
    window.sample(25);
    window.hold(25, 500);
    expect(window.result(25)).toEqual({ mean: 23.5, min: 22, max: 25, samples: 1, coveredMs: 1000 });
    window.reset(undefined);
    window.hold(5, 10);
    expect(window.result(5)).toEqual({ mean: 5, min: 5, max: 5, samples: 0, coveredMs: 10 });
  });

  it('keeps the extremes of values received', () => {
    const window = new TimeWeightedWindow();
    for (const value of [3, -2, 8, 1]) window.sample(value);
    expect(window.result(1)).toMatchObject({ min: -2, max: 8, samples: 4 });
  });
});
