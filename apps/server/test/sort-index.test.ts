import { describe, expect, it } from 'vitest';
import type { SortKeys } from '../src/browse/sort-index.js';
import { buildSortIndex, positionOf, slotAfter, slotBefore, sortKeysOf } from '../src/browse/sort-index.js';

/** The order the index must have: by k1, then k2, then row. */
function compareAt(keys: SortKeys, a: number, b: number): number {
  const d1 = (keys.k1[a] as number) - (keys.k1[b] as number);
  if (d1 !== 0 && !Number.isNaN(d1)) return d1;
  const d2 = (keys.k2?.[a] ?? 0) - (keys.k2?.[b] ?? 0);
  return d2 !== 0 ? d2 : a - b;
}

function comparatorOrder(keys: ReturnType<typeof sortKeysOf>, length: number): number[] {
  return Array.from({ length }, (_, i) => i).sort((a, b) => compareAt(keys, a, b));
}

describe('sort index', () => {
  it('orders floats with ties, negatives, -0, infinities and NaN like the comparator', () => {
    const values = new Float64Array(5000);
    for (let i = 0; i < values.length; i++) values[i] = Math.round((Math.sin(i * 12.9898) * 43758.5453) % 50) / 4;
    values.set([-0, 0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1e-300, 1e300, Number.MIN_VALUE], 100);
    const keys = sortKeysOf({ name: 'qValue', type: 'number', values });
    expect(Array.from(buildSortIndex(keys, values.length))).toEqual(comparatorOrder(keys, values.length));
  });

  it('orders 64-bit hashes and small enums', () => {
    const hashes = BigUint64Array.from({ length: 3000 }, (_, i) => (BigInt(i % 17) << 60n) | BigInt((i * 7919) % 1000));
    const hashKeys = sortKeysOf({ name: 'stateHash', type: 'hash', values: hashes });
    const order = Array.from(buildSortIndex(hashKeys, hashes.length));
    expect(order).toEqual(comparatorOrder(hashKeys, hashes.length));
    for (let i = 1; i < order.length; i++) expect(hashes[order[i - 1]!]! <= hashes[order[i]!]!).toBe(true);
    const actions = Uint8Array.from({ length: 1000 }, (_, i) => i % 4);
    const actionKeys = sortKeysOf({ name: 'action', type: 'action', values: actions });
    expect(Array.from(buildSortIndex(actionKeys, actions.length))).toEqual(comparatorOrder(actionKeys, actions.length));
  });

  it('finds keyset positions again by binary search', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => i % 10);
    const keys = sortKeysOf({ name: 'v', type: 'number', values });
    const index = buildSortIndex(keys, values.length);
    for (const slot of [0, 1, 499, 998, 999]) {
      const position = positionOf(keys, index[slot]!);
      expect(slotAfter(index, keys, position)).toBe(slot + 1);
      expect(slotBefore(index, keys, position)).toBe(slot - 1);
    }
  });
});
