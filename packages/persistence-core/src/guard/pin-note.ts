// The sidecar of a pinned generation: who pinned it, when and why, signed with the
// keyring's HMAC key and bound to the pinned file's SHA-256, so a note cannot be
// edited or moved onto another file without the change being reported.

import { createHash } from 'node:crypto';
import type { Keyring } from '../signing/keyring.js';

export interface PinNote {
  component: string;
  fileName: string;
  seq: number;
  note: string;
  /** Milliseconds since the Unix epoch. */
  pinnedAt: number;
  /** The operator, or `agent` for automatic pins. */
  pinnedBy: string;
  /** Pinned by the guard (the last good generation before a suspect save), not by an operator. */
  automatic: boolean;
}

interface SignedNote extends PinNote {
  version: 1;
  fileSha256: string;
  keyFingerprint: string;
  hmac: string;
}

export type NoteStatus = 'valid' | 'missing' | 'invalid';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The signed fields in a fixed order, so signing and verifying see the same bytes. */
function signedBytes(note: Omit<SignedNote, 'hmac'>): Buffer {
  const { version, component, fileName, seq, note: text, pinnedAt, pinnedBy, automatic, fileSha256, keyFingerprint } = note;
  return Buffer.from(JSON.stringify([version, component, fileName, seq, text, pinnedAt, pinnedBy, automatic, fileSha256, keyFingerprint]), 'utf8');
}

export function encodeNote(note: PinNote, pinnedFile: Uint8Array, keyring: Keyring): Uint8Array {
  const key = keyring.active;
  const unsigned: Omit<SignedNote, 'hmac'> = { version: 1, ...note, fileSha256: sha256(pinnedFile), keyFingerprint: key.fingerprintHex };
  const signed: SignedNote = { ...unsigned, hmac: key.sign(signedBytes(unsigned)).toString('hex') };
  return Buffer.from(`${JSON.stringify(signed, null, 2)}\n`, 'utf8');
}

/** Parses and verifies a note against the pinned file's bytes; a reason when it does not hold. */
export function decodeNote(bytes: Uint8Array, pinnedFile: Uint8Array | undefined, keyring: Keyring): { note: PinNote } | { invalid: string } {
  let parsed: SignedNote;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as SignedNote;
  } catch {
    return { invalid: 'note is not valid JSON' };
  }
  if (parsed.version !== 1 || typeof parsed.hmac !== 'string' || typeof parsed.keyFingerprint !== 'string') return { invalid: 'note is not a version 1 pin note' };
  const key = keyring.find(Buffer.from(parsed.keyFingerprint, 'hex'));
  if (key === undefined) return { invalid: `note signed by key ${parsed.keyFingerprint}, which is not in this keyring` };
  const { hmac, ...unsigned } = parsed;
  if (!key.verify(signedBytes(unsigned), Buffer.from(hmac, 'hex'))) return { invalid: 'note HMAC does not match: the note was altered' };
  if (pinnedFile !== undefined && sha256(pinnedFile) !== parsed.fileSha256) return { invalid: 'note belongs to different file contents' };
  const { component, fileName, seq, note, pinnedAt, pinnedBy, automatic } = parsed;
  return { note: { component, fileName, seq, note, pinnedAt, pinnedBy, automatic } };
}
