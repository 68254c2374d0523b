// The sampling CDF of the prioritized replay buffer: a running sum of the priorities.

import type { ReplayBufferState } from './types.js';
import { check } from './validate.js';

/**
 * Relative tolerance between a stored CDF and the running sum recomputed on load: the writer
 * may sum in another order or keep the sum incrementally, so bit equality is too strict.
 */
export const CDF_RELATIVE_TOLERANCE = 1e-9;

/** cdf[i] = priorities[0] + ... + priorities[i], summed left to right. */
export function cumulativeSum(priorities: Float64Array): Float64Array {
  const cdf = new Float64Array(priorities.length);
  let sum = 0;
  for (let i = 0; i < priorities.length; i++) {
    sum += priorities[i] as number;
    cdf[i] = sum;
  }
  return cdf;
}

/**
 * Priorities are non-negative numbers (NaN is rejected: it would poison every sample),
 * the CDF never decreases, follows the running sum and ends at sumPriorities.
 */
export function validateCdf(state: Pick<ReplayBufferState, 'priorities' | 'cdf' | 'sumPriorities'>, file?: string): void {
  const { priorities, cdf, sumPriorities } = state;
  let running = 0;
  for (let i = 0; i < priorities.length; i++) {
    const priority = priorities[i] as number;
    // Messages are built only on failure: this loop runs over every row of a large buffer.
    if (!(priority >= 0 && Number.isFinite(priority))) check(false, `priorities[${i}]`, `must be a finite number >= 0, found ${priority}`, file);
    running += priority;
  }
  const tolerance = CDF_RELATIVE_TOLERANCE * Math.max(running, Math.abs(sumPriorities));
  let sum = 0;
  for (let i = 0; i < cdf.length; i++) {
    const value = cdf[i] as number;
    sum += priorities[i] as number;
    if (i > 0 && !(value >= (cdf[i - 1] as number))) check(false, `cdf[${i}]`, `decreases from ${cdf[i - 1]} to ${value}: not monotonic`, file);
    if (!(Math.abs(value - sum) <= tolerance)) check(false, `cdf[${i}]`, `is ${value}, the running sum of priorities is ${sum}`, file);
  }
  const last = cdf.length === 0 ? 0 : (cdf[cdf.length - 1] as number);
  check(Math.abs(last - sumPriorities) <= tolerance, 'sumPriorities', `is ${sumPriorities}, the CDF ends at ${last}`, file);
}
