// Diff of one table between two generations: keyed tables join on (stateHash, action),
// row tables compare slot by slot. Linear after one sort of each side.

import type { EntryChange, GenerationDiff, TableDiff } from '@quantum/api-contract';
import { TradingAction, enumName } from '@quantum/persistence-core';
import type { OpenGeneration } from '../state/console-state.js';
import type { CachedGeneration } from '../state/generation-cache.js';
import { histogramOf } from './histogram.js';
import { tablesOfEntry } from './query.js';
import type { SortKeys } from './sort-index.js';
import { buildSortIndex } from './sort-index.js';
import type { BrowseTable } from './tables.js';
import { scalarsOf } from './tables.js';

interface Side {
  table: BrowseTable;
  values: ArrayLike<number>;
  /** Where the side's join index is kept between diffs (the generation's derived data). */
  derived?: Map<string, unknown>;
}

type JoinIndex = { keys: SortKeys; index: Uint32Array };

function joinIndexOf(side: Side): JoinIndex {
  const key = `join|${side.table.name}`;
  let join = side.derived?.get(key) as JoinIndex | undefined;
  if (join === undefined) {
    join = joinKeys(side.table);
    side.derived?.set(key, join);
  }
  return join;
}

/** Keys that order by (hash, action) uniquely: k1 = high word * 8 + action, k2 = low word. */
function joinKeys(table: BrowseTable): JoinIndex {
  const hashes = table.columns.find((column) => column.name === 'stateHash')?.values as BigUint64Array;
  const actions = table.columns.find((column) => column.name === 'action')?.values as Uint8Array;
  const words = new Uint32Array(hashes.buffer, hashes.byteOffset, hashes.length * 2);
  const k1 = new Float64Array(hashes.length);
  const k2 = new Uint32Array(hashes.length);
  for (let i = 0; i < hashes.length; i++) {
    k1[i] = (words[2 * i + 1] as number) * 8 + (actions[i] as number);
    k2[i] = words[2 * i] as number;
  }
  const keys = { k1, k2 };
  return { keys, index: buildSortIndex(keys, hashes.length) };
}

function keyText(table: BrowseTable, row: number): string {
  const hash = (table.columns.find((column) => column.name === 'stateHash')?.values as BigUint64Array)[row] as bigint;
  const action = (table.columns.find((column) => column.name === 'action')?.values as Uint8Array)[row] as number;
  return `${hash.toString(16).padStart(16, '0')}/${enumName(TradingAction, action)}`;
}

class TopChanges {
  readonly list: EntryChange[] = [];
  constructor(readonly size: number) {}
  offer(change: EntryChange): void {
    if (this.list.length === this.size && Math.abs(change.delta) <= Math.abs((this.list[this.list.length - 1] as EntryChange).delta)) return;
    this.list.push(change);
    this.list.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
    if (this.list.length > this.size) this.list.pop();
  }
}

function compareJoin(a: { keys: SortKeys; row: number }, b: { keys: SortKeys; row: number }): number {
  const d1 = (a.keys.k1[a.row] as number) - (b.keys.k1[b.row] as number);
  if (d1 !== 0) return d1;
  return (a.keys.k2?.[a.row] ?? 0) - (b.keys.k2?.[b.row] ?? 0);
}

export function diffTable(before: Side, after: Side, top: number, bins: number): TableDiff {
  const deltas: number[] = [];
  const largest = new TopChanges(top);
  let added = 0;
  let removed = 0;
  let changed = 0;
  let unchanged = 0;
  const record = (key: string, from: number | null, to: number | null): void => {
    if (from === null) added++;
    else if (to === null) removed++;
    else if (from === to || (Number.isNaN(from) && Number.isNaN(to))) {
      unchanged++;
      return;
    } else {
      changed++;
      deltas.push(to - from);
    }
    largest.offer({ key, before: from, after: to, delta: (to ?? 0) - (from ?? 0) });
  };
  if (before.table.keyed) {
    const left = joinIndexOf(before);
    const right = joinIndexOf(after);
    let i = 0;
    let j = 0;
    while (i < left.index.length || j < right.index.length) {
      const a = left.index[i];
      const b = right.index[j];
      const order = a === undefined ? 1 : b === undefined ? -1 : compareJoin({ keys: left.keys, row: a }, { keys: right.keys, row: b });
      if (order < 0) {
        record(keyText(before.table, a as number), before.values[a as number] as number, null);
        i++;
      } else if (order > 0) {
        record(keyText(after.table, b as number), null, after.values[b as number] as number);
        j++;
      } else {
        record(keyText(after.table, b as number), before.values[a as number] as number, after.values[b as number] as number);
        i++;
        j++;
      }
    }
  } else {
    const length = Math.max(before.table.length, after.table.length);
    for (let row = 0; row < length; row++) {
      record(String(row), row < before.table.length ? (before.values[row] as number) : null, row < after.table.length ? (after.values[row] as number) : null);
    }
  }
  return {
    table: after.table.name,
    valueColumn: after.table.valueColumn,
    keyedBy: after.table.keyed ? 'stateHash+action' : 'row',
    added,
    removed,
    changed,
    unchanged,
    largestChanges: largest.list,
    deltaHistogram: histogramOf(deltas, bins),
  };
}

/** Diffs every table present in both generations (or only `table`). */
export function diffTables(before: CachedGeneration, after: CachedGeneration, options: { table?: string; top: number; bins: number }): TableDiff[] {
  const beforeTables = tablesOfEntry(before);
  const result: TableDiff[] = [];
  for (const table of tablesOfEntry(after)) {
    if (options.table !== undefined && table.name !== options.table) continue;
    const previous = beforeTables.find((candidate) => candidate.name === table.name);
    if (previous === undefined) continue;
    const valuesOf = (t: BrowseTable) => t.columns.find((column) => column.name === t.valueColumn)?.values as ArrayLike<number>;
    result.push(diffTable({ table: previous, values: valuesOf(previous), derived: before.derived }, { table, values: valuesOf(table), derived: after.derived }, options.top, options.bins));
  }
  return result;
}

export function generationDiff(component: string, before: OpenGeneration, after: OpenGeneration, options: { table?: string; top: number; bins: number }): GenerationDiff {
  const beforeScalars = scalarsOf(before.entry.state);
  const afterScalars = scalarsOf(after.entry.state);
  const scalars = Object.keys({ ...beforeScalars, ...afterScalars })
    .filter((name) => JSON.stringify(beforeScalars[name]) !== JSON.stringify(afterScalars[name]))
    .map((name) => ({ name, before: beforeScalars[name] ?? null, after: afterScalars[name] ?? null }));
  const side = (opened: OpenGeneration) => ({ generation: opened.generation, seq: opened.entry.seq, savedAt: opened.entry.header.savedAt });
  return { component, from: side(before), to: side(after), scalars, tables: diffTables(before.entry, after.entry, options) };
}
