// The learned state of any component seen as tables of typed columns, found by shape
// (Q-tables, traces, experiences, predictions, ...), plus its scalars and its histories.

import type { ColumnType } from '@quantum/api-contract';

export type ColumnValues = Float64Array | Uint8Array | Uint32Array | Int32Array | BigUint64Array;

export interface Column {
  name: string;
  type: ColumnType;
  values: ColumnValues;
}

export interface BrowseTable {
  name: string;
  length: number;
  columns: Column[];
  /** The column compared by diffs and used by default for range filters. */
  valueColumn: string;
  /** Q-tables and traces are keyed by (stateHash, action); the others by row. */
  keyed: boolean;
}

type AnyRecord = Record<string, unknown>;
const isRecord = (value: unknown): value is AnyRecord => typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !Array.isArray(value);

function qTableOf(name: string, table: AnyRecord, value: 'qValue' | 'eligibility'): BrowseTable {
  const stateHash = table['stateHash'] as BigUint64Array;
  return {
    name,
    length: stateHash.length,
    columns: [
      { name: 'stateHash', type: 'hash', values: stateHash },
      { name: 'action', type: 'action', values: table['action'] as Uint8Array },
      { name: value, type: 'number', values: table[value] as Float64Array },
    ],
    valueColumn: value,
    keyed: true,
  };
}

function experiencesOf(state: AnyRecord): BrowseTable {
  const experiences = state['experiences'] as AnyRecord;
  const reward = experiences['reward'] as Record<string, Float64Array>;
  const length = (experiences['stateHash'] as BigUint64Array).length;
  return {
    name: 'experiences',
    length,
    columns: [
      { name: 'stateHash', type: 'hash', values: experiences['stateHash'] as BigUint64Array },
      { name: 'action', type: 'action', values: experiences['action'] as Uint8Array },
      { name: 'regime', type: 'regime', values: experiences['regime'] as Uint8Array },
      { name: 'priority', type: 'number', values: (state['priorities'] as Float64Array).subarray(0, length) },
      ...Object.entries(reward).map(([part, values]) => ({ name: part === 'total' ? 'reward' : part, type: 'number' as const, values })),
      { name: 'nextStateHash', type: 'hash', values: experiences['nextStateHash'] as BigUint64Array },
      { name: 'isTerminal', type: 'boolean', values: experiences['isTerminal'] as Uint8Array },
      { name: 'timestamp', type: 'time', values: experiences['timestamp'] as Float64Array },
    ],
    valueColumn: 'priority',
    keyed: false,
  };
}

/** Columns of equal length in a record of typed arrays, as a row table. */
function columnsOf(name: string, record: AnyRecord, valueColumn: string, types: Record<string, ColumnType> = {}): BrowseTable {
  const columns: Column[] = Object.entries(record)
    .filter(([, values]) => ArrayBuffer.isView(values))
    .map(([column, values]) => ({ name: column, type: types[column] ?? (values instanceof BigUint64Array ? 'hash' : 'number'), values: values as ColumnValues }));
  return { name, length: columns[0]?.values.length ?? 0, columns, valueColumn, keyed: false };
}

export function tablesOf(state: unknown): BrowseTable[] {
  if (!isRecord(state)) return [];
  const tables: BrowseTable[] = [];
  if (isRecord(state['qTable'])) tables.push(qTableOf('qTable', state['qTable'], 'qValue'));
  if (isRecord(state['traces'])) tables.push(qTableOf('traces', state['traces'], 'eligibility'));
  if (isRecord(state['experiences'])) tables.push(experiencesOf(state));
  const model = state['model'];
  if (isRecord(model) && model['kind'] === 'tabular' && isRecord(model['qTable'])) tables.push(qTableOf('qTable', model['qTable'], 'qValue'));
  if (isRecord(state['history']) && ArrayBuffer.isView(state['history']['dangerScore'])) {
    tables.push(columnsOf('predictions', state['history'], 'dangerScore', { crashOccurred: 'boolean', predictionTime: 'time', regime: 'regime' }));
  }
  if (isRecord(state['entropyHistory'])) tables.push(columnsOf('entropy', state['entropyHistory'], 'systemEntropy', { timestamp: 'time', regime: 'regime' }));
  if (isRecord(state['exposures'])) tables.push(columnsOf('exposures', state['exposures'], 'totalExposureUsd', { assetClass: 'enum' }));
  if (Array.isArray(state['shadows'])) {
    for (const shadow of state['shadows'] as AnyRecord[]) tables.push(qTableOf(`shadow-${String(shadow['agentId'])}`, shadow['qTable'] as AnyRecord, 'qValue'));
  }
  if (isRecord(state['entry']) && isRecord(state['entry']['qTable'])) tables.push(qTableOf('entryQTable', state['entry']['qTable'], 'qValue'));
  return tables;
}

/** Top-level numeric histories (learning metrics, physics buffers, priorities, the priority CDF). */
export function seriesOf(state: unknown): Map<string, Float64Array> {
  const series = new Map<string, Float64Array>();
  if (!isRecord(state)) return series;
  for (const [name, value] of Object.entries(state)) {
    if (value instanceof Float64Array) series.set(name, value);
  }
  if (isRecord(state['history']) && state['history']['dangerScore'] instanceof Float64Array) series.set('dangerScore', state['history']['dangerScore']);
  if (isRecord(state['entropyHistory'])) {
    for (const name of ['systemEntropy', 'correlationEnergy']) {
      const values = state['entropyHistory'][name];
      if (values instanceof Float64Array) series.set(name, values);
    }
  }
  return series;
}

/** Secrets of the state that the API never shows. */
const HIDDEN_SCALARS = new Set(['releaseCodes']);

export function scalarsOf(state: unknown): Record<string, number | string | boolean | string[]> {
  const scalars: Record<string, number | string | boolean | string[]> = {};
  if (!isRecord(state)) return scalars;
  for (const [name, value] of Object.entries(state)) {
    if (HIDDEN_SCALARS.has(name)) continue;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') scalars[name] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) scalars[name] = value as string[];
  }
  if (Array.isArray(state['releaseCodes'])) scalars['releaseCodeCount'] = state['releaseCodes'].length;
  if (isRecord(state['model']) && typeof state['model']['kind'] === 'string') scalars['modelKind'] = state['model']['kind'];
  return scalars;
}
