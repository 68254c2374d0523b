// Totals of a filtered view: a closed range on one column by binary search in its sort index,
// anything else by one scan, remembered per filter for the generation.

import type { CachedGeneration, GenerationCache } from '../state/generation-cache.js';
import type { View } from './query.js';
import { sortOf } from './sort-index.js';

/** Index slots [first, end) of the column's sort index whose key lies in [min, max]: two binary searches. */
export function slotsInRange(entry: CachedGeneration, cache: GenerationCache, view: View, range: NonNullable<View['range']>): { first: number; end: number } {
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
  const first = firstAtLeast(range.min, true);
  return { first, end: Math.max(first, firstAtLeast(range.max, false)) };
}

/** Whether the view's range filter can be counted (and paged into) from its column's sort index. */
export function rangeIndexed(view: View): view is View & { range: NonNullable<View['range']> } {
  return view.range !== undefined && !(view.range.column.values instanceof BigUint64Array);
}

export function countMatches(entry: CachedGeneration, cache: GenerationCache, view: View): number {
  if (view.matches === undefined) return view.table.length;
  if (rangeIndexed(view)) {
    const { first, end } = slotsInRange(entry, cache, view, view.range);
    return end - first;
  }
  const key = `count|${view.filterKey}`;
  const known = entry.derived.get(key);
  if (typeof known === 'number') return known;
  let total = 0;
  for (let row = 0; row < view.table.length; row++) if (view.matches(row)) total++;
  entry.derived.set(key, total);
  return total;
}

