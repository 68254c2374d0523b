// Reading a delta log against the loaded base generation, and folding its entries into the
// Q-table. Reading stops at the first record that is torn, altered, unsigned by a known key,
// out of sequence or for a newer base; everything from there on is reported and left on disk
// untouched (never truncated): the writer compacts and moves the log aside instead.

import type { QTable } from '../components/types.js';
import type { Keyring } from '../signing/keyring.js';
import type { DeltaRecord, DeltaStopReason } from './delta-record.js';
import { decodeDeltaRecord } from './delta-record.js';

export interface DeltaReport {
  file: string;
  /** none: no log; clean: read to its end; stopped: a bad record or gap ended the reading. */
  status: 'none' | 'clean' | 'stopped';
  baseSeq: number;
  /** Records applied, all for baseSeq, seqs 1..lastGoodSeq. */
  applied: number;
  entries: number;
  lastGoodSeq: number;
  /** Byte offset just after the last record read successfully. */
  goodBytes: number;
  /** Records for an older base, already folded into the generation by a compaction. */
  staleRecords: number;
  stoppedAt?: { offset: number; reason: DeltaStopReason; message: string; bytesAfter: number };
}

export interface DeltaScan {
  report: DeltaReport;
  records: DeltaRecord[];
}

export function scanDeltaLog(bytes: Uint8Array | undefined, file: string, keyring: Keyring, expectedKind: number, baseSeq: number): DeltaScan {
  const report: DeltaReport = { file, status: bytes === undefined ? 'none' : 'clean', baseSeq, applied: 0, entries: 0, lastGoodSeq: 0, goodBytes: 0, staleRecords: 0 };
  const records: DeltaRecord[] = [];
  if (bytes === undefined) return { report, records };
  let offset = 0;
  const stop = (reason: DeltaStopReason, message: string): DeltaScan => {
    report.status = 'stopped';
    report.stoppedAt = { offset, reason, message, bytesAfter: bytes.byteLength - offset };
    return { report, records };
  };
  while (offset < bytes.byteLength) {
    const decoded = decodeDeltaRecord(bytes.subarray(offset), keyring, expectedKind);
    if (!decoded.ok) return stop(decoded.reason, decoded.message);
    const { record } = decoded;
    if (record.baseSeq > baseSeq) return stop('base-mismatch', `record for base seq ${record.baseSeq}, the loaded generation is seq ${baseSeq}`);
    if (record.baseSeq < baseSeq) {
      report.staleRecords++;
    } else {
      if (record.recordSeq !== report.lastGoodSeq + 1) return stop('gap', `record seq ${record.recordSeq} follows ${report.lastGoodSeq}`);
      records.push(record);
      report.applied++;
      report.entries += record.entries.stateHash.length;
      report.lastGoodSeq = record.recordSeq;
    }
    offset += decoded.length;
    report.goodBytes = offset;
  }
  return { report, records };
}

/**
 * Returns `table` with the records' entries upserted in order (later records win). One pass
 * over the table against the small set of touched states, so a 1M-entry table is cheap.
 */
export function applyDeltas(table: QTable, records: readonly DeltaRecord[]): QTable {
  if (records.length === 0) return table;
  const latest = new Map<bigint, Map<number, number>>();
  for (const { entries } of records) {
    for (let i = 0; i < entries.stateHash.length; i++) {
      const hash = entries.stateHash[i] as bigint;
      let actions = latest.get(hash);
      if (actions === undefined) latest.set(hash, (actions = new Map()));
      actions.set(entries.action[i] as number, entries.qValue[i] as number);
    }
  }
  const qValue = Float64Array.from(table.qValue);
  for (let i = 0; i < table.stateHash.length; i++) {
    const actions = latest.get(table.stateHash[i] as bigint);
    if (actions === undefined) continue;
    const action = table.action[i] as number;
    const value = actions.get(action);
    if (value === undefined) continue;
    qValue[i] = value;
    actions.delete(action);
  }
  const added: [bigint, number, number][] = [];
  for (const [hash, actions] of latest) for (const [action, value] of actions) added.push([hash, action, value]);
  if (added.length === 0) return { stateHash: table.stateHash, action: table.action, qValue };
  const size = table.stateHash.length + added.length;
  const grown: QTable = { stateHash: new BigUint64Array(size), action: new Uint8Array(size), qValue: new Float64Array(size) };
  grown.stateHash.set(table.stateHash);
  grown.action.set(table.action);
  grown.qValue.set(qValue);
  added.forEach(([hash, action, value], i) => {
    const at = table.stateHash.length + i;
    grown.stateHash[at] = hash;
    grown.action[at] = action;
    grown.qValue[at] = value;
  });
  return grown;
}
