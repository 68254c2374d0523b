// Pinned generations: verified copies kept outside the rotating .bak chain, so no number of
// later saves can evict them. Pin, list, verify, read, restore and unpin, per component.

import { join } from 'node:path';
import type { ComponentCodec } from '../components/codec.js';
import type { RejectReason } from '../errors.js';
import { ConflictError, CorruptFileError, QuantumStateError, rejectReasonOf } from '../errors.js';
import { errnoOf, readFileIfExists } from '../fs/file-system.js';
import { HeaderFlag } from '../format/header.js';
import type { DecodedGeneration } from '../store/generation-reader.js';
import { decodeGeneration, readHeaderOnly } from '../store/generation-reader.js';
import type { GenerationName } from '../store/generations.js';
import type { SaveResult } from '../store/reports.js';
import type { StateDirectory } from '../store/state-directory.js';
import type { NoteStatus, PinNote } from './pin-note.js';
import { decodeNote, encodeNote } from './pin-note.js';
import { PINNED_DIRECTORY, ensurePinnedFolder, noteFileName, pinFileName, pinnedFolder, pinnedSeqs, removeStalePinTemps, writeDurably } from './pin-files.js';

export interface PinnedGeneration {
  component: string;
  seq: number;
  /** Relative to the state directory: `pinned/<fileName>.<seq>.pin`. */
  file: string;
  sizeBytes: number;
  /** From the header (unverified in listings; see verifyPin). */
  savedAt?: number;
  flags?: number;
  noteStatus: NoteStatus;
  /** Why the note is not valid. */
  noteProblem?: string;
  note?: PinNote;
}

export interface PinVerification {
  component: string;
  seq: number;
  file: string;
  status: 'valid' | 'rejected';
  reason?: RejectReason;
  message?: string;
  savedAt?: number;
  noteStatus: NoteStatus;
  noteProblem?: string;
}

export interface PinRequest {
  note: string;
  pinnedBy: string;
  automatic?: boolean;
  /** Refuse with ConflictError unless the generation still has this seq (it may have rotated meanwhile). */
  expectedSeq?: number;
}

const pinPath = (store: StateDirectory, codec: ComponentCodec<unknown>, seq: number): string => join(pinnedFolder(store.directory), pinFileName(codec.fileName, seq));
const notePath = (store: StateDirectory, codec: ComponentCodec<unknown>, seq: number): string => join(pinnedFolder(store.directory), noteFileName(codec.fileName, seq));
const relative = (codec: ComponentCodec<unknown>, seq: number): string => `${PINNED_DIRECTORY}/${pinFileName(codec.fileName, seq)}`;

/**
 * Pins a generation of the chain: verifies it (header, key, HMAC, decode) and keeps a verbatim
 * copy under its seq. Takes no lock: the generation file is read in one go, and rename keeps
 * every chain file whole, so the copy is exactly one committed generation.
 */
export async function pinGeneration<S>(store: StateDirectory, codec: ComponentCodec<S>, generation: GenerationName, request: PinRequest, now = Date.now()): Promise<PinnedGeneration> {
  const path = store.pathOf(codec, generation);
  const bytes = await readFileIfExists(store.fs, path);
  if (bytes === undefined) throw new CorruptFileError('missing', `generation ${generation} does not exist`, { file: path });
  const { header } = decodeGeneration(codec, bytes, store.keyring, path);
  if (request.expectedSeq !== undefined && header.seq !== request.expectedSeq) throw new ConflictError(request.expectedSeq, header.seq, { file: path });
  const folder = await ensurePinnedFolder(store.fs, store.directory);
  await removeStalePinTemps(store.fs, folder);
  const existing = await readFileIfExists(store.fs, pinPath(store, codec, header.seq));
  if (existing !== undefined && !Buffer.from(existing).equals(bytes)) {
    // Only possible if a seq was reused (a chain lost without trace); never replace a pin with other contents.
    throw new QuantumStateError(`a different generation is already pinned as seq ${header.seq}; unpin it first`, { file: pinPath(store, codec, header.seq) });
  }
  const note: PinNote = { component: codec.name, fileName: codec.fileName, seq: header.seq, note: request.note, pinnedAt: now, pinnedBy: request.pinnedBy, automatic: request.automatic ?? false };
  // The copy first: a pin without its note is listed (note missing); a note alone is never listed.
  await writeDurably(store.fs, folder, pinFileName(codec.fileName, header.seq), bytes);
  await writeDurably(store.fs, folder, noteFileName(codec.fileName, header.seq), encodeNote(note, bytes, store.keyring));
  return { component: codec.name, seq: header.seq, file: relative(codec, header.seq), sizeBytes: bytes.byteLength, savedAt: header.savedAt, flags: header.flags, noteStatus: 'valid', note };
}

/** The note of pin `seq`, verified against `pinned` (the pin's bytes) when given. */
export async function readNote(store: StateDirectory, codec: ComponentCodec<unknown>, seq: number, pinned: Uint8Array | undefined): Promise<Pick<PinnedGeneration, 'noteStatus' | 'noteProblem' | 'note'>> {
  const bytes = await readFileIfExists(store.fs, notePath(store, codec, seq));
  if (bytes === undefined) return { noteStatus: 'missing' };
  const decoded = decodeNote(bytes, pinned, store.keyring);
  if ('invalid' in decoded) return { noteStatus: 'invalid', noteProblem: decoded.invalid };
  if (decoded.note.seq !== seq || decoded.note.fileName !== codec.fileName) return { noteStatus: 'invalid', noteProblem: `note is for ${decoded.note.fileName} seq ${decoded.note.seq}` };
  return { noteStatus: 'valid', note: decoded.note };
}

/** The pinned generations of `codec`, newest first: headers unverified, notes verified against the file bytes. */
export async function listPins<S>(store: StateDirectory, codec: ComponentCodec<S>): Promise<PinnedGeneration[]> {
  const pins: PinnedGeneration[] = [];
  for (const seq of await pinnedSeqs(store.fs, store.directory, codec.fileName)) {
    const path = pinPath(store, codec, seq);
    const stat = await store.fs.stat(path);
    if (stat === undefined) continue;
    const header = await readHeaderOnly(store.fs, path);
    const pinned = await readFileIfExists(store.fs, path);
    pins.push({
      component: codec.name,
      seq,
      file: relative(codec, seq),
      sizeBytes: stat.size,
      ...(header === undefined ? {} : { savedAt: header.savedAt, flags: header.flags }),
      ...(await readNote(store, codec, seq, pinned)),
    });
  }
  return pins;
}

/** Reads and verifies a pinned generation; throws a typed error when it is missing or unusable. */
export async function readPinned<S>(store: StateDirectory, codec: ComponentCodec<S>, seq: number): Promise<DecodedGeneration<S>> {
  const path = pinPath(store, codec, seq);
  const bytes = await readFileIfExists(store.fs, path);
  if (bytes === undefined) throw new CorruptFileError('missing', `no pinned generation of ${codec.name} with seq ${seq}`, { file: path });
  const decoded = decodeGeneration(codec, bytes, store.keyring, path);
  if (decoded.header.seq !== seq) throw new CorruptFileError('corrupt-header', `pinned file holds seq ${decoded.header.seq}, its name says ${seq}`, { file: path });
  return decoded;
}

/** Full verification of a pinned generation and its note, read-only. */
export async function verifyPin<S>(store: StateDirectory, codec: ComponentCodec<S>, seq: number): Promise<PinVerification> {
  const base = { component: codec.name, seq, file: relative(codec, seq) };
  const bytes = await readFileIfExists(store.fs, pinPath(store, codec, seq));
  const note = await readNote(store, codec, seq, bytes);
  const noteFields = { noteStatus: note.noteStatus, ...(note.noteProblem === undefined ? {} : { noteProblem: note.noteProblem }) };
  try {
    const { header } = await readPinned(store, codec, seq);
    return { ...base, status: 'valid', savedAt: header.savedAt, ...noteFields };
  } catch (error) {
    if (!(error instanceof QuantumStateError)) throw error;
    return { ...base, status: 'rejected', reason: rejectReasonOf(error), message: error.message, ...noteFields };
  }
}

/** Makes a pinned generation current through the ordinary save path, unguarded (it is the known-good state); the pin stays. */
export async function restorePinned<S>(store: StateDirectory, codec: ComponentCodec<S>, seq: number): Promise<SaveResult & { restoredFromPin: number }> {
  const { state } = await readPinned(store, codec, seq);
  return { ...(await store.save(codec, state, { unguarded: true, flags: HeaderFlag.RESTORED })), restoredFromPin: seq };
}

/** Removes a pin (copy, then note); throws CorruptFileError 'missing' when there is none. */
export async function unpinGeneration<S>(store: StateDirectory, codec: ComponentCodec<S>, seq: number): Promise<void> {
  const path = pinPath(store, codec, seq);
  try {
    await store.fs.unlink(path);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw new CorruptFileError('missing', `no pinned generation of ${codec.name} with seq ${seq}`, { file: path });
    throw error;
  }
  await store.fs.unlink(notePath(store, codec, seq)).catch((error: unknown) => {
    if (errnoOf(error) !== 'ENOENT') throw error;
  });
  await store.fs.syncDirectory(pinnedFolder(store.directory));
}
