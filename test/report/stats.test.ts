// The statistics behind sweep and compare: Student-t quantiles against published tables, and means
// with intervals that ignore missing values and need two values for a spread.

import { describe, expect, it } from 'vitest';
import { incompleteBeta, meanInterval, tQuantile975 } from '../../src/report/text/stats.js';

describe('Student t', () => {
  it('matches the 0.975 quantiles of the standard tables', () => {
    const table: Array<[number, number]> = [[1, 12.706], [2, 4.303], [3, 3.182], [5, 2.571], [10, 2.228], [20, 2.086], [30, 2.042], [60, 2.0], [120, 1.98]];
    for (const [df, t] of table) expect(tQuantile975(df)).toBeCloseTo(t, 2);
    expect(tQuantile975(100_000)).toBeCloseTo(1.96, 2);
  });

  it('the incomplete beta function meets its closed forms', () => {
    // I_x(1, 1) = x and I_x(a, 1) = x^a.
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.5, 3, 1)).toBeCloseTo(0.125, 12);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
    // Above x = (a + 1)/(a + b + 2) it goes through the symmetry I_x(a, b) = 1 − I_{1−x}(b, a):
    // I_x(a, 1) = x^a, I_x(1, b) = 1 − (1 − x)^b, I_½(a, a) = ½.
    expect(incompleteBeta(0.9, 2, 1)).toBeCloseTo(0.81, 12);
    expect(incompleteBeta(0.8, 1, 3)).toBeCloseTo(0.992, 12);
    expect(incompleteBeta(0.2, 1, 3)).toBeCloseTo(0.488, 12);
    expect(incompleteBeta(0.5, 4, 4)).toBeCloseTo(0.5, 12);
    // A distribution function: 0 below its support, 1 above.
    expect([incompleteBeta(-0.1, 2, 3), incompleteBeta(1.5, 2, 3)]).toEqual([0, 1]);
  });
});

describe('meanInterval', () => {
  it('gives the mean and the t interval of the values that are numbers', () => {
    const result = meanInterval([1, 2, 3, 4, null]);
    expect(result.n).toBe(4);
    expect(result.mean).toBe(2.5);
    // sd = 1.29099, t(3) = 3.18245: half-width 2.05426.
    expect(result.ci95![0]).toBeCloseTo(0.44574, 4);
    expect(result.ci95![1]).toBeCloseTo(4.55426, 4);
  });

  it('has no interval below two values, and no mean without values', () => {
    expect(meanInterval([7])).toEqual({ n: 1, mean: 7, ci95: null });
    expect(meanInterval([null, null])).toEqual({ n: 0, mean: null, ci95: null });
    expect(meanInterval([5, 5, 5])).toEqual({ n: 3, mean: 5, ci95: [5, 5] });
  });
});
