// Sorting a million row ids by (k1, k2, row) in tens of milliseconds: a stable LSD radix sort
// over 16-bit digits of the keys' sortable bit patterns. Stability gives the row tie-break.

import type { SortKeys } from './sort-index.js';

const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;

/**
 * The IEEE-754 bits of k1 mapped so unsigned order equals numeric order: positives get the
 * sign bit set, negatives are inverted. Callers normalise -0 to 0 and NaN to +Infinity first.
 */
function sortableWords(k1: Float64Array, length: number): { high: Uint32Array; low: Uint32Array } {
  const words = new Uint32Array(k1.buffer, k1.byteOffset, length * 2);
  const high = new Uint32Array(length);
  const low = new Uint32Array(length);
  for (let i = 0; i < length; i++) {
    const h = words[2 * i + 1] as number;
    const l = words[2 * i] as number;
    if (h & 0x80000000) {
      high[i] = ~h >>> 0;
      low[i] = ~l >>> 0;
    } else {
      high[i] = (h | 0x80000000) >>> 0;
      low[i] = l;
    }
  }
  return { high, low };
}

export function radixSortIndex(keys: SortKeys, length: number): Uint32Array {
  const { high, low } = sortableWords(keys.k1, length);
  // Least significant first: k2 (if any), then the low and high words of k1.
  const words = [...(keys.k2 === undefined ? [] : [keys.k2]), low, high];
  let index = new Uint32Array(length);
  for (let i = 0; i < length; i++) index[i] = i;
  let scratch = new Uint32Array(length);
  const counts = new Uint32Array(BUCKETS);
  for (const word of words) {
    for (const shift of [0, DIGIT_BITS]) {
      counts.fill(0);
      for (let i = 0; i < length; i++) {
        const digit = ((word[index[i] as number] as number) >>> shift) & (BUCKETS - 1);
        counts[digit] = (counts[digit] as number) + 1;
      }
      // A digit every row shares orders nothing: skip the pass.
      if (counts.some((count) => count === length)) continue;
      let position = 0;
      for (let digit = 0; digit < BUCKETS; digit++) {
        const count = counts[digit] as number;
        counts[digit] = position;
        position += count;
      }
      for (let i = 0; i < length; i++) {
        const row = index[i] as number;
        const digit = ((word[row] as number) >>> shift) & (BUCKETS - 1);
        scratch[counts[digit] as number] = row;
        counts[digit] = (counts[digit] as number) + 1;
      }
      [index, scratch] = [scratch, index];
    }
  }
  return index;
}
