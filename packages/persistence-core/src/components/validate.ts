// Domain checks shared by the component decoders; each throws a DecodeError naming the field.

import { DecodeError } from '../errors.js';

export function check(condition: boolean, field: string, detail: string, file?: string): asserts condition {
  if (!condition) throw new DecodeError(field, detail, { file });
}

export function checkLength(field: string, actual: number, expected: number, file?: string): void {
  check(actual === expected, field, `has ${actual} elements, expected ${expected}`, file);
}

/** Every code in the column is below `size`. */
export function checkEnumColumn(field: string, codes: Uint8Array, size: number, file?: string): void {
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code >= size) throw new DecodeError(`${field}[${i}]`, `unknown enum code ${code} (valid: 0..${size - 1})`, { file });
  }
}

export function checkBoolColumn(field: string, flags: Uint8Array, file?: string): void {
  checkEnumColumn(field, flags, 2, file);
}

export function checkEnum(field: string, code: number, size: number, file?: string): void {
  check(Number.isInteger(code) && code >= 0 && code < size, field, `unknown enum code ${code} (valid: 0..${size - 1})`, file);
}

export function checkCount(field: string, value: number, file?: string): void {
  check(Number.isSafeInteger(value) && value >= 0, field, `must be a non-negative integer, found ${value}`, file);
}

/** Section indices are 16-bit: a list stored one section per element holds at most this many. */
export const MAX_SECTION_INDEX = 0xffff;

/** Every column of `columns` has `rows` elements; names the first that does not. */
export function checkColumns(field: string, columns: Record<string, { length: number }>, rows: number, file?: string): void {
  for (const [name, column] of Object.entries(columns)) checkLength(`${field}.${name}`, column.length, rows, file);
}

/** No value occurs twice; names the second occurrence. */
export function checkUnique(field: string, values: ArrayLike<string | number>, file?: string): void {
  const seen = new Set<string | number>();
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string | number;
    check(!seen.has(value), `${field}[${i}]`, `duplicate value ${JSON.stringify(value)}`, file);
    seen.add(value);
  }
}
