// One slot of ProjectQuantum_ActivePosition.dat: a fixed 136-byte record at the start of a
// 4096-byte slot, signed with HMAC-SHA256 so a torn or altered slot is never trusted.
//
//   0  magic "PQPOS\0\0\1"      8
//   8  slot seq (u64)          8   seq % 2 must equal the slot index
//  16  record kind (u64)       8   1 = position open, 2 = position closed
//  24  ticket (u64)            8
//  32  entry price (f64)       8
//  40  MFE (f64)               8
//  48  MAE (f64)               8
//  56  bars held (u64)         8
//  64  regime at entry (u64)   8
//  72  time (i64 ms)           8
//  80  written at (i64 ms)     8
//  88  key fingerprint        16
// 104  HMAC-SHA256            32   over bytes 0..104

import { Regime, enumSize } from '../components/enums.js';
import type { ActivePositionState } from '../components/types.js';
import { FINGERPRINT_BYTES, HMAC_BYTES } from '../format/header.js';
import type { SigningKey } from '../signing/hmac.js';
import type { Keyring } from '../signing/keyring.js';

/** A sector can tear, a page-aligned 4 KiB slot keeps a torn write inside one slot. */
export const SLOT_BYTES = 4096;
export const SLOT_COUNT = 2;
export const RECORD_BYTES = 136;
const SIGNED_BYTES = RECORD_BYTES - HMAC_BYTES;
const MAGIC = Buffer.from('PQPOS\0\0\x01', 'latin1');

export const RecordKind = { OPEN: 1, CLOSED: 2 } as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

export type SlotStatus = 'valid' | 'empty' | 'bad-magic' | 'unknown-key' | 'hmac-mismatch' | 'misplaced' | 'bad-field';

export interface SlotReport {
  index: number;
  status: SlotStatus;
  seq?: number;
  kind?: 'open' | 'closed';
  writtenAt?: number;
}

export interface DecodedSlot {
  report: SlotReport;
  position?: ActivePositionState;
}

export function encodeSlot(seq: number, kind: RecordKind, position: ActivePositionState | undefined, writtenAt: number, key: SigningKey): Uint8Array {
  const record = new Uint8Array(RECORD_BYTES);
  const view = new DataView(record.buffer);
  record.set(MAGIC, 0);
  view.setBigUint64(8, BigInt(seq), true);
  view.setBigUint64(16, BigInt(kind), true);
  if (position !== undefined) {
    view.setBigUint64(24, BigInt(position.ticket), true);
    view.setFloat64(32, position.entryPrice, true);
    view.setFloat64(40, position.mfe, true);
    view.setFloat64(48, position.mae, true);
    view.setBigUint64(56, BigInt(position.barsHeld), true);
    view.setBigUint64(64, BigInt(position.regimeAtEntry), true);
    view.setBigInt64(72, BigInt(position.time), true);
  }
  view.setBigInt64(80, BigInt(writtenAt), true);
  record.set(key.fingerprint, 88);
  record.set(key.sign(record.subarray(0, SIGNED_BYTES)), SIGNED_BYTES);
  return record;
}

/** Checks a slot in the order that tells the failures apart: blank, magic, key, HMAC, placement, fields. */
export function decodeSlot(bytes: Uint8Array, index: number, keyring: Keyring): DecodedSlot {
  const record = bytes.subarray(0, RECORD_BYTES);
  if (record.byteLength < RECORD_BYTES || record.every((byte) => byte === 0)) return { report: { index, status: 'empty' } };
  if (!MAGIC.equals(record.subarray(0, MAGIC.byteLength))) return { report: { index, status: 'bad-magic' } };
  const key = keyring.find(record.subarray(88, 88 + FINGERPRINT_BYTES));
  if (key === undefined) return { report: { index, status: 'unknown-key' } };
  if (!key.verify(record.subarray(0, SIGNED_BYTES), record.subarray(SIGNED_BYTES))) return { report: { index, status: 'hmac-mismatch' } };
  const view = new DataView(record.buffer, record.byteOffset, RECORD_BYTES);
  const seq = Number(view.getBigUint64(8, true));
  const kindCode = Number(view.getBigUint64(16, true));
  const writtenAt = Number(view.getBigInt64(80, true));
  // A signed record in the wrong slot was copied there: accepting it could roll the position back.
  if (seq % SLOT_COUNT !== index) return { report: { index, status: 'misplaced', seq } };
  if (kindCode === RecordKind.CLOSED) return { report: { index, status: 'valid', seq, kind: 'closed', writtenAt } };
  const position: ActivePositionState = {
    ticket: Number(view.getBigUint64(24, true)),
    entryPrice: view.getFloat64(32, true),
    mfe: view.getFloat64(40, true),
    mae: view.getFloat64(48, true),
    barsHeld: Number(view.getBigUint64(56, true)),
    regimeAtEntry: Number(view.getBigUint64(64, true)) as Regime,
    time: Number(view.getBigInt64(72, true)),
  };
  if (kindCode !== RecordKind.OPEN || positionProblem(position) !== undefined) return { report: { index, status: 'bad-field', seq } };
  return { report: { index, status: 'valid', seq, kind: 'open', writtenAt }, position };
}

/** The first field outside its domain, or undefined. */
export function positionProblem(position: ActivePositionState): string | undefined {
  if (!Number.isSafeInteger(position.ticket) || position.ticket < 0) return `ticket ${position.ticket} is not a non-negative integer`;
  if (!Number.isFinite(position.entryPrice)) return `entryPrice ${position.entryPrice} is not finite`;
  if (!Number.isFinite(position.mfe) || !Number.isFinite(position.mae)) return 'mfe and mae must be finite';
  if (!Number.isSafeInteger(position.barsHeld) || position.barsHeld < 0) return `barsHeld ${position.barsHeld} is not a non-negative integer`;
  if (!Number.isInteger(position.regimeAtEntry) || position.regimeAtEntry < 0 || position.regimeAtEntry >= enumSize(Regime)) {
    return `regimeAtEntry ${position.regimeAtEntry} is not a Regime code`;
  }
  if (!Number.isSafeInteger(position.time)) return `time ${position.time} is not an integer of milliseconds`;
  return undefined;
}
