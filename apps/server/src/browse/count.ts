// Totals of a filtered view: a closed range on one column by binary search in its sort index,
// anything else by one scan, remembered per filter for the generation.

import type { CachedGeneration, GenerationCache } from '../state/generation-cache.js';
import type { View } from './query.js';
import { sortOf } from './sort-index.js';

/** Rows with min <= value <= max, from the column's sort index: two binary searches. */
function countInRange(entry: CachedGeneration, cache: GenerationCache, view: View, range: NonNullable<View['range']>): number {
  const { keys, index } = sortOf(entry, cache, view.table, range.column);
  const firstAtLeast = (bound: number, inclusive: boolean): number => {
    let lo = 0;
    let hi = index.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const key = keys.k1[index[mid] as number] as number;
      if (key < bound || (!inclusive && key === bound)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return Math.max(0, firstAtLeast(range.max, false) - firstAtLeast(range.min, true));
}

export function countMatches(entry: CachedGeneration, cache: GenerationCache, view: View): number {
  if (view.matches === undefined) return view.table.length;
  if (view.range !== undefined && !(view.range.column.values instanceof BigUint64Array)) return countInRange(entry, cache, view, view.range);
  const key = `count|${view.filterKey}`;
  const known = entry.derived.get(key);
  if (typeof known === 'number') return known;
  let total = 0;
  for (let row = 0; row < view.table.length; row++) if (view.matches(row)) total++;
  entry.derived.set(key, total);
  return total;
}

