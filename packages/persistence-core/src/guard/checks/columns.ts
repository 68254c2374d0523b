// Scans shared by the component checks: plain loops over typed arrays, one pass each,
// so a million-entry column is checked in about a millisecond.

import type { CheckId } from '../policy.js';
import type { FindingSink } from '../findings.js';
import { MAX_FINDING_VALUES } from '../findings.js';

const show = (value: number): string => (Number.isNaN(value) ? 'NaN' : String(value));

/** NaN and ±Infinity; the finding's values are the first offending indices. */
export function finiteColumn(sink: FindingSink, field: string, column: Float64Array): void {
  let count = 0;
  const indices: number[] = [];
  for (let i = 0; i < column.length; i++) {
    const value = column[i] as number;
    // value - value is 0 for every finite number and NaN for NaN and ±Infinity.
    if (value - value !== 0) {
      if (count < MAX_FINDING_VALUES) indices.push(i);
      count++;
    }
  }
  if (count > 0) {
    const first = indices[0] as number;
    sink.report('finite', field, `${count} of ${column.length} values are not finite, first ${show(column[first] as number)} at index ${first} (values are indices)`, indices);
  }
}

/** Values outside [min, max] (NaN is left to the finite check); the finding's values are the offending values. */
export function rangeColumn(sink: FindingSink, check: CheckId, field: string, column: Float64Array, min: number, max: number): void {
  if (!sink.enabled(check)) return;
  let count = 0;
  let first = -1;
  const values: number[] = [];
  for (let i = 0; i < column.length; i++) {
    const value = column[i] as number;
    if (value < min || value > max) {
      if (count === 0) first = i;
      if (count < MAX_FINDING_VALUES) values.push(value);
      count++;
    }
  }
  if (count > 0) sink.report(check, field, `${count} of ${column.length} values outside [${min}, ${max}], first at index ${first}`, values);
}

/** Values whose magnitude exceeds `maxAbs`: exploding Q-values or weights. */
export function magnitudeColumn(sink: FindingSink, field: string, column: Float64Array, maxAbs: number): void {
  rangeColumn(sink, 'magnitude-bound', field, column, -maxAbs, maxAbs);
}

export function finiteScalar(sink: FindingSink, field: string, value: number): void {
  if (!Number.isFinite(value)) sink.report('finite', field, `is ${show(value)}`);
}

/** A scalar outside [min, max]; a non-finite scalar is left to the finite check. */
export function rangeScalar(sink: FindingSink, check: CheckId, field: string, value: number, min: number, max: number): void {
  if (value < min || value > max) sink.report(check, field, `${value} is outside [${min}, ${max}]`, [value]);
}

/** Mean of |value| over the finite values of `column`; 0 for an empty column. */
export function meanAbs(column: Float64Array): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < column.length; i++) {
    const value = column[i] as number;
    if (value - value === 0) {
      sum += value < 0 ? -value : value;
      n++;
    }
  }
  return n === 0 ? 0 : sum / n;
}

/** Sum of the finite values of `column`. */
export function sumColumn(column: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < column.length; i++) {
    const value = column[i] as number;
    if (value - value === 0) sum += value;
  }
  return sum;
}
