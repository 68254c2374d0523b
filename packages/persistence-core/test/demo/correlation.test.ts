import { describe, expect, it } from 'vitest';
import { spectralEntropy } from '../../src/demo/correlation.js';

describe('spectralEntropy', () => {
  it('is 1 for independent symbols and near 0 when one factor explains everything', () => {
    const identity = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
    expect(spectralEntropy(identity, 3)).toBeCloseTo(1, 10);
    const locked = new Float64Array(9).fill(1);
    expect(spectralEntropy(locked, 3)).toBeCloseTo(0, 6);
  });

  it('uses the eigenvalues: a 2x2 matrix with correlation r has eigenvalues 1 +/- r', () => {
    const r = 0.6;
    const shares = [(1 + r) / 2, (1 - r) / 2];
    const expected = -shares.reduce((sum, p) => sum + p * Math.log(p), 0) / Math.log(2);
    expect(spectralEntropy(Float64Array.of(1, r, r, 1), 2)).toBeCloseTo(expected, 10);
  });
});
