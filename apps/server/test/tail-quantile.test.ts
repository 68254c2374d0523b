// The bench's Harrell-Davis p99 (bench/tail-quantile.ts) against closed forms of the incomplete
// beta function and against SciPy 1.17.1's scipy.stats.mstats.hdquantiles on a fixed sample.

import { describe, expect, it } from 'vitest';
import { harrellDavis, regularizedBeta } from '../bench/tail-quantile.js';

describe('the regularized incomplete beta function', () => {
  it('matches its closed forms', () => {
    for (const x of [0.01, 0.2, 0.5, 0.77, 0.99]) {
      expect(regularizedBeta(x, 1, 1)).toBeCloseTo(x, 12);
      expect(regularizedBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 12);
      expect(regularizedBeta(x, 1, 2.5)).toBeCloseTo(1 - (1 - x) ** 2.5, 12);
      expect(regularizedBeta(x, 40, 0.4) + regularizedBeta(1 - x, 0.4, 40)).toBeCloseTo(1, 10);
    }
    // I_0.4(2, 3) = sum over j = 2..4 of C(4, j) 0.4^j 0.6^(4-j)
    expect(regularizedBeta(0.4, 2, 3)).toBeCloseTo(0.5248, 12);
    expect(regularizedBeta(0.5, 7.3, 7.3)).toBeCloseTo(0.5, 12);
    expect([regularizedBeta(0, 2, 3), regularizedBeta(1, 2, 3)]).toEqual([0, 1]);
  });
});

describe('the Harrell-Davis quantile', () => {
  const sample = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 32, 38, 4, 6, 26];

  it('agrees with SciPy hdquantiles on a fixed sample', () => {
    expect(harrellDavis(sample, 0.5)).toBeCloseTo(5.70346043, 6);
    expect(harrellDavis(sample, 0.9)).toBeCloseTo(27.5550371, 6);
    expect(harrellDavis(sample, 0.99)).toBeCloseTo(37.5757116, 6);
  });

  it('weights sum to one, the median of a symmetric sample is its centre, and it does not reorder its input', () => {
    expect(harrellDavis(Array.from({ length: 301 }, () => 42), 0.99)).toBeCloseTo(42, 9);
    expect(harrellDavis(Array.from({ length: 100 }, (_, i) => i + 1), 0.5)).toBeCloseTo(50.5, 9);
    const copy = [...sample];
    harrellDavis(copy, 0.99);
    expect(copy).toEqual(sample);
    expect(harrellDavis([], 0.99)).toBeNaN();
    expect(harrellDavis([7], 0.99)).toBe(7);
  });

  it('lies between the sample extremes and rises with p', () => {
    let previous = -Infinity;
    for (const p of [0.01, 0.25, 0.5, 0.75, 0.95, 0.99]) {
      const q = harrellDavis(sample, p);
      expect(q).toBeGreaterThan(previous);
      expect(q).toBeGreaterThanOrEqual(1);
      expect(q).toBeLessThanOrEqual(38);
      previous = q;
    }
  });
});
