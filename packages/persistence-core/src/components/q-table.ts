// SHashEntry and STraceEntry tables: three equal-length columns each.

import type { SectionReader, SectionWriter } from '../format/sections.js';
import { TradingAction, enumSize } from './enums.js';
import type { QTable, TraceTable } from './types.js';
import { checkEnumColumn, checkLength } from './validate.js';

export function emptyQTable(): QTable {
  return { stateHash: new BigUint64Array(0), action: new Uint8Array(0), qValue: new Float64Array(0) };
}

export function emptyTraceTable(): TraceTable {
  return { stateHash: new BigUint64Array(0), action: new Uint8Array(0), eligibility: new Float64Array(0) };
}

/** Writes a Q-table as sections tag, tag+1, tag+2 at `index`. */
export function writeQTable(out: SectionWriter, tag: number, table: QTable, index = 0): void {
  out.column(tag, table.stateHash, index);
  out.column(tag + 1, table.action, index);
  out.column(tag + 2, table.qValue, index);
}

export function readQTable(reader: SectionReader, field: string, tag: number, index = 0): QTable {
  const stateHash = reader.u64(`${field}.stateHash`, tag, undefined, index);
  return {
    stateHash,
    action: reader.u8(`${field}.action`, tag + 1, stateHash.length, index),
    qValue: reader.f64(`${field}.qValue`, tag + 2, stateHash.length, index),
  };
}

export function validateQTable(table: QTable, field: string, file?: string): void {
  checkLength(`${field}.action`, table.action.length, table.stateHash.length, file);
  checkLength(`${field}.qValue`, table.qValue.length, table.stateHash.length, file);
  checkEnumColumn(`${field}.action`, table.action, enumSize(TradingAction), file);
}

export function writeTraceTable(out: SectionWriter, tag: number, table: TraceTable): void {
  out.column(tag, table.stateHash);
  out.column(tag + 1, table.action);
  out.column(tag + 2, table.eligibility);
}

export function readTraceTable(reader: SectionReader, field: string, tag: number): TraceTable {
  const stateHash = reader.u64(`${field}.stateHash`, tag);
  return {
    stateHash,
    action: reader.u8(`${field}.action`, tag + 1, stateHash.length),
    eligibility: reader.f64(`${field}.eligibility`, tag + 2, stateHash.length),
  };
}

export function validateTraceTable(table: TraceTable, field: string, file?: string): void {
  checkLength(`${field}.action`, table.action.length, table.stateHash.length, file);
  checkLength(`${field}.eligibility`, table.eligibility.length, table.stateHash.length, file);
  checkEnumColumn(`${field}.action`, table.action, enumSize(TradingAction), file);
}

/** The Q-table and eligibility traces every Q-learning agent carries (SEntryAgentState, SExitAgentState). */
export interface AgentTables {
  qTable: QTable;
  traces: TraceTable;
}

export function emptyAgentTables(): AgentTables {
  return { qTable: emptyQTable(), traces: emptyTraceTable() };
}

/** Writes the Q-table at tag `qTableTag` and the traces at `tracesTag`. */
export function writeAgentTables(out: SectionWriter, qTableTag: number, tracesTag: number, tables: AgentTables): void {
  writeQTable(out, qTableTag, tables.qTable);
  writeTraceTable(out, tracesTag, tables.traces);
}

/** Reads both tables; `prefix` names the fields in errors (e.g. 'entry.'). */
export function readAgentTables(reader: SectionReader, qTableTag: number, tracesTag: number, prefix = ''): AgentTables {
  return { qTable: readQTable(reader, `${prefix}qTable`, qTableTag), traces: readTraceTable(reader, `${prefix}traces`, tracesTag) };
}

export function validateAgentTables(tables: AgentTables, file?: string, prefix = ''): void {
  validateQTable(tables.qTable, `${prefix}qTable`, file);
  validateTraceTable(tables.traces, `${prefix}traces`, file);
}
