// Sort keys and sort indexes of a column, built once per (generation, table, column) on demand.
// Every column sorts by a key pair (k1, k2) then by row, so the order is total and a keyset
// cursor (k1, k2, row) finds its place again by binary search.

import type { CachedGeneration, GenerationCache } from '../state/generation-cache.js';
import { radixSortIndex } from './radix-sort.js';
import type { BrowseTable, Column } from './tables.js';

export interface SortKeys {
  k1: Float64Array;
  /** Low 32 bits of 64-bit hashes; absent for other columns. */
  k2: Uint32Array | undefined;
}

/** NaN sorts after every number; -0 equals 0. */
export function sortKeysOf(column: Column): SortKeys {
  const { values } = column;
  if (values instanceof BigUint64Array) {
    const k1 = new Float64Array(values.length);
    const k2 = new Uint32Array(values.length);
    const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
    // Little-endian platforms: word 2i is the low half, 2i+1 the high half.
    for (let i = 0; i < values.length; i++) {
      k2[i] = words[2 * i] as number;
      k1[i] = words[2 * i + 1] as number;
    }
    return { k1, k2 };
  }
  if (values instanceof Float64Array) {
    const k1 = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as number;
      k1[i] = Number.isNaN(value) ? Number.POSITIVE_INFINITY : value === 0 ? 0 : value;
    }
    return { k1, k2: undefined };
  }
  return { k1: Float64Array.from(values as ArrayLike<number>), k2: undefined };
}

/** Row ids in ascending (key, row) order. */
export function buildSortIndex(keys: SortKeys, length: number): Uint32Array {
  return radixSortIndex(keys, length);
}

export interface KeysetPosition {
  k1: number;
  k2: number;
  row: number;
}

function compareToPosition(keys: SortKeys, row: number, position: KeysetPosition): number {
  const k1 = keys.k1[row] as number;
  if (k1 !== position.k1) return k1 < position.k1 ? -1 : 1;
  const k2 = keys.k2?.[row] ?? 0;
  if (k2 !== position.k2) return k2 < position.k2 ? -1 : 1;
  return row - position.row;
}

/** First index slot whose row sorts strictly after `position`. */
export function slotAfter(index: Uint32Array, keys: SortKeys, position: KeysetPosition): number {
  let lo = 0;
  let hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareToPosition(keys, index[mid] as number, position) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Last index slot whose row sorts strictly before `position` (-1 if none). */
export function slotBefore(index: Uint32Array, keys: SortKeys, position: KeysetPosition): number {
  let lo = 0;
  let hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareToPosition(keys, index[mid] as number, position) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export function positionOf(keys: SortKeys, row: number): KeysetPosition {
  return { k1: keys.k1[row] as number, k2: keys.k2?.[row] ?? 0, row };
}

/** Sort keys and index of a column, built on first use and kept with the generation. */
export function sortOf(entry: CachedGeneration, cache: GenerationCache, table: BrowseTable, column: Column): { keys: SortKeys; index: Uint32Array } {
  const key = `sort|${table.name}|${column.name}`;
  let sorted = entry.derived.get(key) as { keys: SortKeys; index: Uint32Array } | undefined;
  if (sorted === undefined) {
    const keys = sortKeysOf(column);
    sorted = { keys, index: buildSortIndex(keys, table.length) };
    entry.derived.set(key, sorted);
    cache.grow(entry, table.length * (12 + (keys.k2 ? 4 : 0)));
  }
  return sorted;
}
