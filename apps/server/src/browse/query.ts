// Filtered, sorted views of a table of a cached generation: keyset pages, totals, streaming scans.

import type { ColumnInfo, Row, RowsPage, RowsQuery, ViewFilters } from '@quantum/api-contract';
import { Regime, TradingAction, enumName } from '@quantum/persistence-core';
import { badRequest, notFound } from '../errors.js';
import type { OpenGeneration } from '../state/console-state.js';
import type { CachedGeneration, GenerationCache } from '../state/generation-cache.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { SortKeys } from './sort-index.js';
import { positionOf, slotAfter, slotBefore, sortOf } from './sort-index.js';
import { countMatches } from './count.js';
import { slotAtOffset } from './offset.js';
import type { BrowseTable, Column } from './tables.js';
import { tablesOf } from './tables.js';

export interface View {
  table: BrowseTable;
  matches: ((row: number) => boolean) | undefined;
  /** Set when the only filter is a closed range on one numeric column: counted by binary search. */
  range: { column: Column; min: number; max: number } | undefined;
  filterKey: string;
  sort: string;
  order: 'asc' | 'desc';
  index: Uint32Array | undefined;
  keys: SortKeys | undefined;
}

export function tablesOfEntry(entry: CachedGeneration): BrowseTable[] {
  let tables = entry.derived.get('tables') as BrowseTable[] | undefined;
  if (tables === undefined) {
    tables = tablesOf(entry.state);
    entry.derived.set('tables', tables);
  }
  return tables;
}

export function tableOf(entry: CachedGeneration, name: string): BrowseTable {
  const table = tablesOfEntry(entry).find((candidate) => candidate.name === name);
  if (table === undefined) throw notFound('UNKNOWN_TABLE', `${entry.component} has no table ${name}`);
  return table;
}

export function columnOf(table: BrowseTable, name: string): Column {
  const column = table.columns.find((candidate) => candidate.name === name);
  if (column === undefined) throw badRequest('UNKNOWN_COLUMN', `table ${table.name} has no column ${name}`);
  return column;
}

function codeOf(enumeration: Record<string, number>, name: string): number {
  const code = enumeration[name];
  if (code === undefined) throw badRequest('BAD_FILTER', `unknown value ${name}`);
  return code;
}

function compileFilter(table: BrowseTable, query: ViewFilters): ((row: number) => boolean) | undefined {
  const tests: ((row: number) => boolean)[] = [];
  if (query.action !== undefined) {
    const values = columnOf(table, 'action').values as Uint8Array;
    const code = codeOf(TradingAction, query.action);
    tests.push((row) => values[row] === code);
  }
  if (query.regime !== undefined) {
    const values = columnOf(table, 'regime').values as Uint8Array;
    const code = codeOf(Regime, query.regime);
    tests.push((row) => values[row] === code);
  }
  if (query.stateHash !== undefined) {
    const values = columnOf(table, 'stateHash').values as BigUint64Array;
    const hash = BigInt(query.stateHash.startsWith('0x') ? query.stateHash : `0x${query.stateHash}`);
    tests.push((row) => values[row] === hash);
  }
  if (query.min !== undefined || query.max !== undefined) {
    const column = columnOf(table, query.rangeColumn ?? table.valueColumn);
    if (column.values instanceof BigUint64Array) throw badRequest('BAD_FILTER', `column ${column.name} has no numeric range`);
    const values = column.values;
    const min = query.min ?? Number.NEGATIVE_INFINITY;
    const max = query.max ?? Number.POSITIVE_INFINITY;
    tests.push((row) => (values[row] as number) >= min && (values[row] as number) <= max);
  }
  if (tests.length === 0) return undefined;
  if (tests.length === 1) return tests[0];
  return (row) => tests.every((test) => test(row));
}

export function viewOf(entry: CachedGeneration, cache: GenerationCache, query: ViewFilters): View {
  const table = tableOf(entry, query.table);
  const order = query.order ?? 'asc';
  const matches = compileFilter(table, query);
  const filterKey = JSON.stringify([table.name, query.action, query.regime, query.stateHash, query.rangeColumn, query.min, query.max]);
  const rangeOnly = query.action === undefined && query.regime === undefined && query.stateHash === undefined && query.min !== undefined && query.max !== undefined;
  const range = rangeOnly ? { column: columnOf(table, query.rangeColumn ?? table.valueColumn), min: query.min as number, max: query.max as number } : undefined;
  if (query.sort === undefined || query.sort === 'row') return { table, matches, range, filterKey, sort: 'row', order, index: undefined, keys: undefined };
  const { keys, index } = sortOf(entry, cache, table, columnOf(table, query.sort));
  return { table, matches, range, filterKey, sort: query.sort, order, index, keys };
}

/** Rows of the view in order, starting after the keyset position of `cursor` (or at `slot`). */
export function* scan(view: View, cursor?: string, startSlot?: number): Generator<number> {
  const { table, index, keys, matches, order } = view;
  const step = order === 'asc' ? 1 : -1;
  let slot = startSlot ?? (order === 'asc' ? 0 : table.length - 1);
  if (cursor !== undefined) {
    const position = decodeCursor(cursor, view.sort, order);
    if (index === undefined || keys === undefined) slot = position.row + step;
    else slot = order === 'asc' ? slotAfter(index, keys, position) : slotBefore(index, keys, position);
  }
  for (; slot >= 0 && slot < table.length; slot += step) {
    const row = index === undefined ? slot : (index[slot] as number);
    if (matches === undefined || matches(row)) yield row;
  }
}

const hex = (value: bigint): string => value.toString(16).padStart(16, '0');

export function rowOf(table: BrowseTable, row: number): Row {
  const result: Row = { row };
  for (const column of table.columns) {
    const value = column.values[row] as number | bigint;
    if (typeof value === 'bigint') result[column.name] = hex(value);
    else if (column.type === 'action') result[column.name] = enumName(TradingAction, value);
    else if (column.type === 'regime') result[column.name] = enumName(Regime, value);
    else if (column.type === 'boolean') result[column.name] = value !== 0;
    else result[column.name] = Number.isFinite(value) ? value : null;
  }
  return result;
}

export function columnInfo(table: BrowseTable): ColumnInfo[] {
  return [{ name: 'row', type: 'integer', sortable: true }, ...table.columns.map((column) => ({ name: column.name, type: column.type, sortable: true }))];
}

export function pageOf(opened: OpenGeneration, cache: GenerationCache, query: RowsQuery): RowsPage {
  const { entry, generation } = opened;
  if (query.cursor !== undefined && query.offset !== undefined) throw badRequest('BAD_QUERY', 'give either cursor or offset, not both');
  const view = viewOf(entry, cache, query);
  const startSlot = query.offset === undefined ? undefined : slotAtOffset(entry, cache, view, query.offset);
  const limit = query.limit ?? 100;
  const rows: Row[] = [];
  let last: number | undefined;
  let more = false;
  for (const row of scan(view, query.cursor, startSlot)) {
    if (rows.length === limit) {
      more = true;
      break;
    }
    rows.push(rowOf(view.table, row));
    last = row;
  }
  const nextCursor =
    more && last !== undefined
      ? encodeCursor({ sort: view.sort, order: view.order, position: view.keys === undefined ? { k1: 0, k2: 0, row: last } : positionOf(view.keys, last) })
      : null;
  return { component: entry.component, generation, seq: entry.seq, table: view.table.name, columns: columnInfo(view.table), total: countMatches(entry, cache, view), rows, nextCursor };
}
