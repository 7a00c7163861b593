import { describe, expect, it } from 'vitest';
import { hash128, seededRandom } from '../../src/simulate/random.js';

const draws = (n: number, f: () => number) => Array.from({ length: n }, f);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return mean(xs.map((x) => (x - m) ** 2));
};

describe('hash128 (cyrb128)', () => {
  it('gives the same four words as before for a few strings', () => {
    expect(hash128('')).toEqual([41608494, 3485963809, 1435736333, 1262568316]);
    expect(hash128('a')).toEqual([1589175524, 148824423, 2405369273, 1476957317]);
    expect(hash128('salon\u0000cuisine')).toEqual([1407961472, 2682193433, 487495750, 1656447398]);
  });

  it('gives unsigned 32-bit words', () => {
    for (const text of ['', 'x', 'maison', 'é漢']) for (const word of hash128(text)) expect(word >>> 0).toBe(word);
  });
});

describe('seededRandom', () => {
  it('repeats the same stream for the same seed, as before (a run is reproducible byte for byte)', () => {
    const r = seededRandom('42');
    expect(draws(5, r.next)).toEqual([0.611545278923586, 0.290452525485307, 0.608740468043834, 0.5258469053078443, 0.18668818706646562]);
    const g = seededRandom('42', 'salon');
    expect(draws(3, g.gaussian)).toEqual([0.9935093021913347, -1.7748996210986814, 0.16614111559928202]);
    expect(draws(100, seededRandom('seed').next)).toEqual(draws(100, seededRandom('seed').next));
  });

  it('gives a stream of its own to each name, and tells the parts apart', () => {
    const first = (...parts: string[]) => draws(4, seededRandom(...parts).next);
    expect(first('s', 'salon')).not.toEqual(first('s', 'cuisine'));
    expect(first('ab', 'c')).not.toEqual(first('a', 'bc'));
    expect(first('1')).not.toEqual(first('2'));
  });

  it('draws uniformly in [0, 1)', () => {
    const xs = draws(20_000, seededRandom('uniform').next);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 2);
    expect(variance(xs)).toBeCloseTo(1 / 12, 2);
    // Each tenth of the range holds about a tenth of the draws.
    for (let decile = 0; decile < 10; decile++) {
      const share = xs.filter((x) => Math.floor(x * 10) === decile).length / xs.length;
      expect(share).toBeGreaterThan(0.09);
      expect(share).toBeLessThan(0.11);
    }
  });

  it('draws standard normal values for gaussian()', () => {
    const xs = draws(20_000, seededRandom('normal').gaussian);
    expect(mean(xs)).toBeCloseTo(0, 1);
    expect(Math.sqrt(variance(xs))).toBeCloseTo(1, 1);
    // 68 % within one standard deviation, 95 % within two, both signs alike.
    expect(xs.filter((x) => Math.abs(x) < 1).length / xs.length).toBeCloseTo(0.683, 1);
    expect(xs.filter((x) => Math.abs(x) < 2).length / xs.length).toBeCloseTo(0.954, 1);
    expect(xs.filter((x) => x > 0).length / xs.length).toBeCloseTo(0.5, 1);
    expect(xs.every(Number.isFinite)).toBe(true);
  });
});
