// Portfolio structure: the rolling correlation matrix of returns, its spectral entropy and
// its correlation energy (how crystallised the market is).

import type { Market } from './market.js';

/** Pearson correlations of the last `window` returns, row-major n x n, exactly symmetric. */
export function correlationMatrix(market: Market, window: number): Float64Array {
  const n = market.symbols.length;
  const mean = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    for (let ago = 0; ago < window; ago++) mean[s] = (mean[s] as number) + market.logReturn(s, ago);
    mean[s] = (mean[s] as number) / window;
  }
  const covariance = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let sum = 0;
      for (let ago = 0; ago < window; ago++) {
        sum += (market.logReturn(i, ago) - (mean[i] as number)) * (market.logReturn(j, ago) - (mean[j] as number));
      }
      covariance[i * n + j] = sum;
    }
  }
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    matrix[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const denominator = Math.sqrt((covariance[i * n + i] as number) * (covariance[j * n + j] as number));
      const r = denominator > 0 ? Math.max(-1, Math.min(1, (covariance[i * n + j] as number) / denominator)) : 0;
      matrix[i * n + j] = r;
      matrix[j * n + i] = r;
    }
  }
  return matrix;
}

/** Mean absolute off-diagonal correlation of a subset of symbols (all when omitted), in [0, 1]. */
export function correlationEnergy(matrix: Float64Array, n: number, members?: readonly number[]): number {
  const set = members ?? Array.from({ length: n }, (_, i) => i);
  let sum = 0;
  let pairs = 0;
  for (const i of set) {
    for (const j of set) {
      if (j <= i) continue;
      sum += Math.abs(matrix[i * n + j] as number);
      pairs++;
    }
  }
  return pairs === 0 ? 0 : sum / pairs;
}

/**
 * Normalised spectral entropy in [0, 1]: 1 when the symbols move independently, toward 0
 * as one factor explains everything (a crisis).
 */
export function spectralEntropy(matrix: Float64Array, n: number): number {
  const eigenvalues = symmetricEigenvalues(matrix, n);
  let entropy = 0;
  for (const value of eigenvalues) {
    const share = Math.max(0, value) / n;
    if (share > 0) entropy -= share * Math.log(share);
  }
  return Math.max(0, Math.min(1, entropy / Math.log(n)));
}

/** Eigenvalues by cyclic Jacobi rotations; n is small (<= 8). */
function symmetricEigenvalues(matrix: Float64Array, n: number): number[] {
  const a = matrix.slice();
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (a[p * n + q] as number) ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = ((a[q * n + q] as number) - (a[p * n + p] as number)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p] as number;
          const akq = a[k * n + q] as number;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k] as number;
          const aqk = a[q * n + k] as number;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => a[i * n + i] as number);
}
