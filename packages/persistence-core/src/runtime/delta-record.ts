// One record of a Q-table delta log (`<component file>.delta`): the dirty entries of one
// incremental save, signed with HMAC-SHA256 so a torn or altered record is never applied.
//
//   0  record length (u32, whole record with HMAC)   4  magic "PQDL"
//   8  component kind (u16)  10 format version (u16)  12 entry count (u32)
//  16  base seq (u64): the full generation these entries apply to
//  24  record seq (u64): 1, 2, 3 ... per base seq, no gaps
//  32  saved at (i64 ms)    40 key fingerprint (16)   56 reserved (8)
//  64  stateHash u64[count] | qValue f64[count] | action u8[count], padded to 8
//  end HMAC-SHA256 (32) over everything before it

import { TradingAction, enumSize } from '../components/enums.js';
import { DecodeError } from '../errors.js';
import { FINGERPRINT_BYTES, HMAC_BYTES } from '../format/header.js';
import type { QTable } from '../components/types.js';
import type { SigningKey } from '../signing/hmac.js';
import type { Keyring } from '../signing/keyring.js';

export const DELTA_HEADER_BYTES = 64;
export const DELTA_FORMAT_VERSION = 1;
const MAGIC = 0x4c445150; // "PQDL" little-endian

export interface DeltaRecord {
  componentKind: number;
  baseSeq: number;
  recordSeq: number;
  savedAt: number;
  entries: QTable;
}

/** Why reading a log stopped before its end. */
export type DeltaStopReason = 'torn' | 'bad-magic' | 'unknown-key' | 'hmac-mismatch' | 'wrong-component' | 'newer-format' | 'gap' | 'base-mismatch';

export type DecodedDeltaRecord = { ok: true; record: DeltaRecord; length: number } | { ok: false; reason: DeltaStopReason; message: string };

const align8 = (n: number): number => (n + 7) & ~7;

export function deltaRecordBytes(count: number): number {
  return DELTA_HEADER_BYTES + align8(17 * count) + HMAC_BYTES;
}

export function encodeDeltaRecord(record: DeltaRecord, key: SigningKey): Uint8Array {
  const count = record.entries.stateHash.length;
  const length = deltaRecordBytes(count);
  const bytes = new Uint8Array(new ArrayBuffer(length));
  const view = new DataView(bytes.buffer);
  view.setUint32(0, length, true);
  view.setUint32(4, MAGIC, true);
  view.setUint16(8, record.componentKind, true);
  view.setUint16(10, DELTA_FORMAT_VERSION, true);
  view.setUint32(12, count, true);
  view.setBigUint64(16, BigInt(record.baseSeq), true);
  view.setBigUint64(24, BigInt(record.recordSeq), true);
  view.setBigInt64(32, BigInt(record.savedAt), true);
  bytes.set(key.fingerprint, 40);
  const hashesAt = DELTA_HEADER_BYTES;
  const valuesAt = hashesAt + 8 * count;
  const actionsAt = valuesAt + 8 * count;
  new BigUint64Array(bytes.buffer, hashesAt, count).set(record.entries.stateHash);
  new Float64Array(bytes.buffer, valuesAt, count).set(record.entries.qValue);
  bytes.set(record.entries.action, actionsAt);
  bytes.set(key.sign(bytes.subarray(0, length - HMAC_BYTES)), length - HMAC_BYTES);
  return bytes;
}

/** Decodes the record at the start of `bytes` (which may run past it); checks length, magic, key, HMAC, kind. */
export function decodeDeltaRecord(bytes: Uint8Array, keyring: Keyring, expectedKind: number): DecodedDeltaRecord {
  if (bytes.byteLength < DELTA_HEADER_BYTES) return { ok: false, reason: 'torn', message: `${bytes.byteLength} bytes left, less than a record header` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, DELTA_HEADER_BYTES);
  if (view.getUint32(4, true) !== MAGIC) return { ok: false, reason: 'bad-magic', message: 'no record magic' };
  const length = view.getUint32(0, true);
  const count = view.getUint32(12, true);
  if (length !== deltaRecordBytes(count)) return { ok: false, reason: 'bad-magic', message: `length ${length} does not fit ${count} entries` };
  if (length > bytes.byteLength) return { ok: false, reason: 'torn', message: `record of ${length} bytes, ${bytes.byteLength} left` };
  const key = keyring.find(bytes.subarray(40, 40 + FINGERPRINT_BYTES));
  if (key === undefined) return { ok: false, reason: 'unknown-key', message: `signed by key ${Buffer.from(bytes.subarray(40, 56)).toString('hex')}, not in this keyring` };
  if (!key.verify(bytes.subarray(0, length - HMAC_BYTES), bytes.subarray(length - HMAC_BYTES, length))) {
    return { ok: false, reason: 'hmac-mismatch', message: 'HMAC-SHA256 does not match: the record was altered or damaged' };
  }
  const version = view.getUint16(10, true);
  if (version > DELTA_FORMAT_VERSION) return { ok: false, reason: 'newer-format', message: `record format ${version} is newer than ${DELTA_FORMAT_VERSION}` };
  const componentKind = view.getUint16(8, true);
  if (componentKind !== expectedKind) return { ok: false, reason: 'wrong-component', message: `record of component kind ${componentKind}, expected ${expectedKind}` };
  // Copies, so the entries are aligned whatever the record's offset in the file.
  const body = bytes.slice(DELTA_HEADER_BYTES, DELTA_HEADER_BYTES + 17 * count);
  return {
    ok: true,
    length,
    record: {
      componentKind,
      baseSeq: Number(view.getBigUint64(16, true)),
      recordSeq: Number(view.getBigUint64(24, true)),
      savedAt: Number(view.getBigInt64(32, true)),
      entries: {
        stateHash: new BigUint64Array(body.buffer, 0, count),
        qValue: new Float64Array(body.buffer, 8 * count, count),
        action: new Uint8Array(body.buffer, 16 * count, count),
      },
    },
  };
}

/** Checks the dirty entries of one save and copies them, so later updates cannot change the record. */
export function captureDirtyEntries(dirty: QTable, file: string): QTable {
  const count = dirty.stateHash.length;
  if (dirty.action.length !== count || dirty.qValue.length !== count) throw new DecodeError('dirty', `columns of ${count}, ${dirty.action.length} and ${dirty.qValue.length} entries`, { file });
  const actions = enumSize(TradingAction);
  for (let i = 0; i < count; i++) {
    if ((dirty.action[i] as number) >= actions) throw new DecodeError(`dirty.action[${i}]`, `${dirty.action[i]} is not a TradingAction code`, { file });
  }
  return { stateHash: dirty.stateHash.slice(), action: dirty.action.slice(), qValue: dirty.qValue.slice() };
}
