// Where a page at row position N of a sorted, filtered view starts, so a client can jump to
// any position in one request instead of walking every cursor page before it.

import type { CachedGeneration, GenerationCache } from '../state/generation-cache.js';
import { rangeIndexed, slotsInRange } from './count.js';
import type { View } from './query.js';

/** Slot past the end in the view's scan direction: a scan starting there yields nothing. */
function pastEnd(view: View): number {
  return view.order === 'asc' ? view.table.length : -1;
}

/**
 * The sort-index slot of the `offset`-th row of the view (0-based, in the view's order), or a
 * slot past the end when the view has fewer rows. Unfiltered views and a range filter on the
 * sorted column are answered from the index directly; other filters skip matches without
 * building any row.
 */
export function slotAtOffset(entry: CachedGeneration, cache: GenerationCache, view: View, offset: number): number {
  const { table, order, matches } = view;
  if (matches === undefined) {
    if (offset >= table.length) return pastEnd(view);
    return order === 'asc' ? offset : table.length - 1 - offset;
  }
  if (rangeIndexed(view) && view.index !== undefined && view.range.column.name === view.sort) {
    // Every row of the range is one contiguous run of the column's own sort index.
    const { first, end } = slotsInRange(entry, cache, view, view.range);
    if (offset >= end - first) return pastEnd(view);
    return order === 'asc' ? first + offset : end - 1 - offset;
  }
  const { index } = view;
  const step = order === 'asc' ? 1 : -1;
  let skipped = 0;
  for (let slot = order === 'asc' ? 0 : table.length - 1; slot >= 0 && slot < table.length; slot += step) {
    if (!matches(index === undefined ? slot : (index[slot] as number))) continue;
    if (skipped === offset) return slot;
    skipped++;
  }
  return pastEnd(view);
}
