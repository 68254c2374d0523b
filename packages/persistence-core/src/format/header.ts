// The fixed 72-byte header at the start of every state file (see FORMAT.md).

import { crc32 } from 'node:zlib';
import { CorruptFileError } from '../errors.js';

export const MAGIC = new Uint8Array([0x50, 0x51, 0x53, 0x54, 0x41, 0x54, 0x45, 0x00]); // "PQSTATE\0"
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 72;
export const FINGERPRINT_BYTES = 16;
export const HMAC_BYTES = 32;

/** Header flag bits. */
export const HeaderFlag = {
  /** Committed although a semantic check failed (see the guard). */
  SUSPECT: 1,
  /**
   * Written by a restore: an operator made an older state current. An agent starting up keeps it
   * over a copy of the same state inside an older training checkpoint.
   */
  RESTORED: 2,
} as const;

export interface FileHeader {
  formatVersion: number;
  componentKind: number;
  schemaVersion: number;
  /** Monotonic per component: orders generations and detects rollbacks. */
  seq: number;
  /** Milliseconds since the Unix epoch. */
  savedAt: number;
  /** Fingerprint of the signing key, never the key. */
  keyFingerprint: Uint8Array;
  sectionCount: number;
  flags: number;
  /** Bytes before the HMAC trailer: the file is bodyLength + 32 bytes long. */
  bodyLength: number;
}

export function writeHeader(view: DataView, header: FileHeader): void {
  new Uint8Array(view.buffer, view.byteOffset, 8).set(MAGIC);
  view.setUint16(8, header.formatVersion, true);
  view.setUint16(10, header.componentKind, true);
  view.setUint32(12, header.schemaVersion, true);
  view.setBigUint64(16, BigInt(header.seq), true);
  view.setBigInt64(24, BigInt(header.savedAt), true);
  new Uint8Array(view.buffer, view.byteOffset + 32, FINGERPRINT_BYTES).set(header.keyFingerprint);
  view.setUint32(48, header.sectionCount, true);
  view.setUint32(52, header.flags, true);
  view.setBigUint64(56, BigInt(header.bodyLength), true);
  view.setUint32(64, crc32(new Uint8Array(view.buffer, view.byteOffset, 64)), true);
  view.setUint32(68, 0, true);
}

/**
 * Parses and checks the header on its own (magic, header CRC, lengths), before any HMAC:
 * this is what tells a truncated or garbage file from one signed by another key.
 * `bytes` may hold just the header when `fileLength` gives the whole file's size.
 */
export function readHeader(bytes: Uint8Array, file?: string, fileLength: number = bytes.byteLength): FileHeader {
  if (fileLength === 0) throw new CorruptFileError('empty', 'file is empty', { file });
  if (bytes.byteLength < 8 || !MAGIC.every((byte, i) => bytes[i] === byte)) {
    throw new CorruptFileError('bad-magic', 'not a Project Quantum state file (bad magic)', { file });
  }
  if (fileLength < HEADER_BYTES + HMAC_BYTES || bytes.byteLength < HEADER_BYTES) {
    throw new CorruptFileError('truncated', `file is ${fileLength} bytes, shorter than a header and signature`, { file });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const storedCrc = view.getUint32(64, true);
  if (crc32(bytes.subarray(0, 64)) !== storedCrc || view.getUint32(68, true) !== 0) {
    throw new CorruptFileError('corrupt-header', 'header checksum mismatch', { file });
  }
  const seq = view.getBigUint64(16, true);
  const savedAt = view.getBigInt64(24, true);
  const bodyLength = view.getBigUint64(56, true);
  if (seq > BigInt(Number.MAX_SAFE_INTEGER) || bodyLength > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new CorruptFileError('corrupt-header', 'header field out of range', { file });
  }
  const header: FileHeader = {
    formatVersion: view.getUint16(8, true),
    componentKind: view.getUint16(10, true),
    schemaVersion: view.getUint32(12, true),
    seq: Number(seq),
    savedAt: Number(savedAt),
    keyFingerprint: bytes.slice(32, 32 + FINGERPRINT_BYTES),
    sectionCount: view.getUint32(48, true),
    flags: view.getUint32(52, true),
    bodyLength: Number(bodyLength),
  };
  const expectedLength = header.bodyLength + HMAC_BYTES;
  if (fileLength < expectedLength) {
    throw new CorruptFileError('truncated', `file is ${fileLength} bytes, header says ${expectedLength}`, { file });
  }
  if (fileLength > expectedLength) {
    throw new CorruptFileError('trailing-bytes', `file is ${fileLength} bytes, header says ${expectedLength}`, { file });
  }
  return header;
}
