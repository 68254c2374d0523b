// Q-table delta logs (`<file>.delta`, persistence-core runtime/delta-record.ts): signed records
// of incremental saves on top of a base generation. The replicator uploads the complete,
// verified records past its cursor as one immutable segment object per base and run:
//   <prefix>/<installation>/<Component>/<baseSeq, 16 digits>.delta.<first record, 8>-<last record, 8>
// Records a compaction folded into a new generation before they were uploaded are not lost:
// the new generation holds them.

import type { Keyring } from '@quantum/persistence-core';
import { HMAC_BYTES } from '@quantum/persistence-core';
import { componentPrefix } from './object-keys.js';
import type { KeyScope } from './object-keys.js';

const HEADER_BYTES = 64;
const MAGIC = 0x4c445150; // "PQDL" little-endian
const FINGERPRINT_AT = 40;
const FINGERPRINT_BYTES = 16;

export interface DeltaRecordInfo {
  baseSeq: number;
  recordSeq: number;
  savedAt: number;
  offset: number;
  length: number;
}

/** The records at the start of `bytes` that are complete, signed by a known key and of `kind`; stops at the first that is not. */
export function scanDeltaRecords(bytes: Uint8Array, keyring: Keyring, kind: number): { records: DeltaRecordInfo[]; stopped?: string } {
  const records: DeltaRecordInfo[] = [];
  let offset = 0;
  while (offset < bytes.byteLength) {
    const rest = bytes.subarray(offset);
    if (rest.byteLength < HEADER_BYTES) return { records, stopped: `torn record header at byte ${offset}` };
    const view = new DataView(rest.buffer, rest.byteOffset, HEADER_BYTES);
    const length = view.getUint32(0, true);
    const count = view.getUint32(12, true);
    if (view.getUint32(4, true) !== MAGIC || length !== HEADER_BYTES + ((17 * count + 7) & ~7) + HMAC_BYTES) return { records, stopped: `no valid record at byte ${offset}` };
    if (length > rest.byteLength) return { records, stopped: `torn record at byte ${offset}` };
    if (view.getUint16(8, true) !== kind) return { records, stopped: `record of another component at byte ${offset}` };
    const key = keyring.find(rest.subarray(FINGERPRINT_AT, FINGERPRINT_AT + FINGERPRINT_BYTES));
    if (key === undefined || !key.verify(rest.subarray(0, length - HMAC_BYTES), rest.subarray(length - HMAC_BYTES, length))) {
      return { records, stopped: `record at byte ${offset} fails its HMAC or has an unknown key` };
    }
    records.push({ baseSeq: Number(view.getBigUint64(16, true)), recordSeq: Number(view.getBigUint64(24, true)), savedAt: Number(view.getBigInt64(32, true)), offset, length });
    offset += length;
  }
  return { records };
}

export function deltaSegmentKey(scope: KeyScope, component: string, baseSeq: number, first: number, last: number): string {
  return `${componentPrefix(scope, component)}${String(baseSeq).padStart(16, '0')}.delta.${String(first).padStart(8, '0')}-${String(last).padStart(8, '0')}`;
}

const SEGMENT = /^(\d{16})\.delta\.(\d{8})-(\d{8})$/;

export function parseDeltaSegmentKey(prefix: string, key: string): { baseSeq: number; first: number; last: number } | undefined {
  const match = key.startsWith(prefix) ? SEGMENT.exec(key.slice(prefix.length)) : null;
  return match === null ? undefined : { baseSeq: Number(match[1]), first: Number(match[2]), last: Number(match[3]) };
}

/** Records past the cursor, grouped into runs of one base with consecutive record seqs. */
export function pendingSegments(records: readonly DeltaRecordInfo[], cursor: { baseSeq: number; recordSeq: number } | undefined): DeltaRecordInfo[][] {
  const pending = records.filter((record) => cursor === undefined || record.baseSeq > cursor.baseSeq || (record.baseSeq === cursor.baseSeq && record.recordSeq > cursor.recordSeq));
  const runs: DeltaRecordInfo[][] = [];
  for (const record of pending) {
    const run = runs[runs.length - 1];
    const previous = run?.[run.length - 1];
    if (run !== undefined && previous !== undefined && previous.baseSeq === record.baseSeq && previous.recordSeq + 1 === record.recordSeq) run.push(record);
    else runs.push([record]);
  }
  return runs;
}
