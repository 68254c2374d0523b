// Histogram of a column over the filtered rows of a table, optionally one series per action or regime.

import type { HistogramQuery, HistogramResult } from '@quantum/api-contract';
import { Regime, TradingAction, enumName } from '@quantum/persistence-core';
import { badRequest } from '../errors.js';
import type { OpenGeneration } from '../state/console-state.js';
import type { GenerationCache } from '../state/generation-cache.js';
import { binOf, edgesOf, statsOf } from './histogram.js';
import { columnOf, scan, viewOf } from './query.js';

export function histogramResult(opened: OpenGeneration, cache: GenerationCache, query: HistogramQuery): HistogramResult {
  const view = viewOf(opened.entry, cache, { ...query, sort: undefined });
  const column = columnOf(view.table, query.column);
  if (column.values instanceof BigUint64Array) throw badRequest('BAD_COLUMN', `column ${column.name} is a hash, not a number`);
  const values = column.values as ArrayLike<number>;
  const rows = [...scan(view)];
  const stats = statsOf(column.name, values, rows);
  const edges = edgesOf(stats.min ?? 0, stats.max ?? 0, query.bins ?? 40);
  const groupColumn = query.groupBy === undefined ? undefined : (columnOf(view.table, query.groupBy).values as Uint8Array);
  const enumeration = query.groupBy === 'regime' ? Regime : TradingAction;
  const groups = new Map<number, number[]>();
  for (const row of rows) {
    const bin = binOf(edges, values[row] as number);
    if (bin < 0) continue;
    const group = groupColumn === undefined ? -1 : (groupColumn[row] as number);
    let counts = groups.get(group);
    if (counts === undefined) groups.set(group, (counts = new Array<number>(edges.length - 1).fill(0)));
    counts[bin] = (counts[bin] as number) + 1;
  }
  const series = [...groups]
    .sort(([a], [b]) => a - b)
    .map(([group, counts]) => ({ group: group < 0 ? 'all' : enumName(enumeration, group), counts }));
  if (series.length === 0) series.push({ group: 'all', counts: new Array<number>(edges.length - 1).fill(0) });
  return { table: view.table.name, column: column.name, total: rows.length, edges, series };
}
