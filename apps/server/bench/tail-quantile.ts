// The Harrell-Davis estimate of a quantile: a weighted mean of all order statistics, the weights
// those of a Beta((n+1)p, (n+1)(1-p)) distribution, so the 99th percentile of a few hundred saves
// rests on the slowest few percent instead of one of them. The nearest-rank p99 jumps from one
// order statistic to the next when one save is added or dropped, and the bootstrap interval of such
// a step function is lopsided (in A/A runs the point estimate often sat on an end of its interval).

/** ln Γ(x), Lanczos approximation (g = 7, n = 9), for x > 0. */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    for (const numerator of [(m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)), -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))]) {
      d = 1 + numerator * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + numerator / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-12) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

const weightsByCount = new Map<string, Float64Array>();

function weights(n: number, p: number): Float64Array {
  const key = `${n}|${p}`;
  let found = weightsByCount.get(key);
  if (found === undefined) {
    const [a, b] = [p * (n + 1), (1 - p) * (n + 1)];
    found = new Float64Array(n);
    let before = 0;
    for (let i = 1; i <= n; i++) {
      const at = regularizedBeta(i / n, a, b);
      found[i - 1] = at - before;
      before = at;
    }
    weightsByCount.set(key, found);
  }
  return found;
}

/** Harrell-Davis estimate of the `p` quantile of `values` (NaN when empty); does not reorder `values`. */
export function harrellDavis(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const w = weights(sorted.length, p);
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += w[i]! * sorted[i]!;
  return sum;
}
