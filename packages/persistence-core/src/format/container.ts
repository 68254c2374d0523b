// A whole state file: header, section table, 8-aligned sections, HMAC-SHA256 trailer.
// Sealing lays it out in one buffer; opening verifies it from that one read.

import { CorruptFileError, DecodeError, NewerVersionError, WrongKeyError } from '../errors.js';
import type { Keyring } from '../signing/keyring.js';
import type { SigningKey } from '../signing/hmac.js';
import type { FileHeader } from './header.js';
import { FORMAT_VERSION, HEADER_BYTES, HMAC_BYTES, readHeader, writeHeader } from './header.js';
import type { DType, Section } from './sections.js';
import { SECTION_ENTRY_BYTES, SectionReader } from './sections.js';

export interface SealInput {
  componentKind: number;
  schemaVersion: number;
  seq: number;
  savedAt: number;
  flags?: number;
  sections: readonly Section[];
}

const align8 = (offset: number): number => (offset + 7) & ~7;

/** A file laid out but not yet concatenated: pieces at their offsets, zero bytes in the gaps. */
export interface FileLayout {
  /** Header and section table first, then each section's bytes, in offset order. */
  pieces: { offset: number; bytes: Uint8Array }[];
  /** Bytes before the HMAC trailer. */
  bodyLength: number;
  /** bodyLength + the 32-byte trailer. */
  length: number;
  /** HMAC-SHA256 over the body, computed from the pieces and the zero gaps between them. */
  sign(): Uint8Array;
}

/** Lays out a state file without copying the sections, so they can be written straight from the state's arrays. */
export function layoutFile(input: SealInput, key: SigningKey): FileLayout {
  const tableEnd = HEADER_BYTES + SECTION_ENTRY_BYTES * input.sections.length;
  const offsets: number[] = [];
  let end = tableEnd;
  for (const section of input.sections) {
    const offset = align8(end);
    offsets.push(offset);
    end = offset + section.bytes.byteLength;
  }
  const bodyLength = align8(end);
  const head = new Uint8Array(new ArrayBuffer(tableEnd));
  const view = new DataView(head.buffer);
  writeHeader(view, {
    formatVersion: FORMAT_VERSION,
    componentKind: input.componentKind,
    schemaVersion: input.schemaVersion,
    seq: input.seq,
    savedAt: input.savedAt,
    keyFingerprint: key.fingerprint,
    sectionCount: input.sections.length,
    flags: input.flags ?? 0,
    bodyLength,
  });
  input.sections.forEach((section, i) => {
    const entry = HEADER_BYTES + SECTION_ENTRY_BYTES * i;
    view.setUint16(entry, section.tag, true);
    view.setUint16(entry + 2, section.index, true);
    view.setUint8(entry + 4, section.dtype);
    view.setBigUint64(entry + 8, BigInt(section.count), true);
    view.setBigUint64(entry + 16, BigInt(offsets[i] as number), true);
    view.setBigUint64(entry + 24, BigInt(section.bytes.byteLength), true);
  });
  const pieces = [{ offset: 0, bytes: head }, ...input.sections.map((section, i) => ({ offset: offsets[i] as number, bytes: section.bytes }))];
  return {
    pieces,
    bodyLength,
    length: bodyLength + HMAC_BYTES,
    sign: () => {
      const zeros = new Uint8Array(8);
      const parts: Uint8Array[] = [];
      let position = 0;
      for (const piece of pieces) {
        if (piece.offset > position) parts.push(zeros.subarray(0, piece.offset - position));
        parts.push(piece.bytes);
        position = piece.offset + piece.bytes.byteLength;
      }
      if (bodyLength > position) parts.push(zeros.subarray(0, bodyLength - position));
      return key.sign(...parts);
    },
  };
}

/** Lays out and signs a state file; returns its exact bytes. */
export function sealFile(input: SealInput, key: SigningKey): Uint8Array {
  const layout = layoutFile(input, key);
  const file = new Uint8Array(new ArrayBuffer(layout.length));
  for (const piece of layout.pieces) file.set(piece.bytes, piece.offset);
  file.set(layout.sign(), layout.bodyLength);
  return file;
}

export interface OpenedFile {
  header: FileHeader;
  reader: SectionReader;
  /** The key that verified the file. */
  key: SigningKey;
}

export interface OpenOptions {
  file?: string | undefined;
  /** Reject a file of another component kind. */
  expectedKind?: number | undefined;
}

/** Checks header, key, HMAC and section table, in that order; throws the first failure. */
export function openFile(bytes: Uint8Array, keyring: Keyring, options: OpenOptions = {}): OpenedFile {
  const { file } = options;
  const header = readHeader(bytes, file);
  if (header.formatVersion > FORMAT_VERSION) throw new NewerVersionError('newer-format', header.formatVersion, FORMAT_VERSION, { file });
  if (header.formatVersion < 1) throw new CorruptFileError('corrupt-header', `format version ${header.formatVersion} is not valid`, { file });
  if (options.expectedKind !== undefined && header.componentKind !== options.expectedKind) {
    throw new CorruptFileError('wrong-component', `holds component kind ${header.componentKind}, expected ${options.expectedKind}`, { file });
  }
  const key = keyring.find(header.keyFingerprint);
  if (key === undefined) throw new WrongKeyError(Buffer.from(header.keyFingerprint).toString('hex'), { file });
  const body = bytes.subarray(0, header.bodyLength);
  if (!key.verify(body, bytes.subarray(header.bodyLength))) {
    throw new CorruptFileError('hmac-mismatch', 'HMAC-SHA256 does not match: the file was altered or damaged', { file });
  }
  return { header, reader: new SectionReader(readSectionTable(bytes, header, file), file), key };
}

function readSectionTable(bytes: Uint8Array, header: FileHeader, file: string | undefined): Section[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, header.bodyLength);
  const tableEnd = HEADER_BYTES + SECTION_ENTRY_BYTES * header.sectionCount;
  if (tableEnd > header.bodyLength) throw new DecodeError('sections', `table of ${header.sectionCount} entries runs past the body`, { file });
  const sections: Section[] = [];
  let previousEnd = tableEnd;
  for (let i = 0; i < header.sectionCount; i++) {
    const entry = HEADER_BYTES + SECTION_ENTRY_BYTES * i;
    const count = Number(view.getBigUint64(entry + 8, true));
    const offset = Number(view.getBigUint64(entry + 16, true));
    const length = Number(view.getBigUint64(entry + 24, true));
    if (offset % 8 !== 0 || offset < previousEnd || offset + length > header.bodyLength) {
      throw new DecodeError(`sections[${i}]`, `offset ${offset} length ${length} is out of place`, { file });
    }
    previousEnd = offset + length;
    sections.push({
      tag: view.getUint16(entry, true),
      index: view.getUint16(entry + 2, true),
      dtype: view.getUint8(entry + 4) as DType,
      count,
      bytes: bytes.subarray(offset, offset + length),
    });
  }
  return sections;
}
