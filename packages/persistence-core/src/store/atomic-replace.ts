// The crash-critical sequence of a save, step by step (NOTES.md 2 and 3):
//   write temp -> fsync -> verify on disk -> rotate the chain -> rename over current -> fsync directory.
// Every rename is followed by a directory fsync (or, where directory operations persist in
// order, one fsync covers them all), so a power cut at any point leaves the newest committed
// state loadable and no older generation silently lost; a failure before the commit puts the
// chain back as it was and removes the temp file.

import { CorruptFileError } from '../errors.js';
import type { FileLayout } from '../format/container.js';
import type { FileHandle, FileSystem } from '../fs/file-system.js';
import { writeAll } from '../fs/file-system.js';
import type { GenerationName } from './generations.js';
import type { Outbox, OutboxLink } from './outbox.js';
import { rotateChain } from './rotation.js';
import { saveStep as step } from './save-step.js';

export interface ReplacePhases {
  write: number;
  fsync: number;
  verify: number;
  rotate: number;
  rename: number;
  syncDirectory: number;
  outbox: number;
}

export interface Replaced {
  phases: ReplacePhases;
  /** The committed file's link into the replication outbox, when the outbox is enabled. */
  outbox?: OutboxLink;
}

export interface ReplaceInput {
  fs: FileSystem;
  directory: string;
  tempPath: string;
  /** Path of each generation of the component. */
  paths: Record<GenerationName, string>;
  /** Which generations exist now (after any quarantine). */
  present: Record<GenerationName, boolean>;
  layout: FileLayout;
  /** Links the committed file as (`fileName`, `seq`) when the replicator's outbox exists. */
  outbox?: { box: Outbox; fileName: string; seq: number };
  /**
   * Directory operations persist in order (a prefix survives a power cut; fsync of a directory
   * makes every earlier one durable): one directory fsync for the whole rotation and commit.
   */
  ordered?: boolean;
}

const VERIFY_CHUNK_BYTES = 4 * 1024 * 1024;

/** Reads the file back in chunks and checks it is exactly the laid-out pieces, zero gaps and the trailer. */
async function matchesLayout(handle: FileHandle, layout: FileLayout, trailer: Uint8Array): Promise<boolean> {
  if ((await handle.size()) !== layout.length) return false;
  const chunk = Buffer.allocUnsafe(Math.min(VERIFY_CHUNK_BYTES, layout.length));
  let position = 0;
  const expect = async (offset: number, bytes: Uint8Array): Promise<boolean> => {
    for (let done = 0; done < bytes.byteLength; ) {
      const length = Math.min(chunk.byteLength, bytes.byteLength - done);
      const read = await handle.read(chunk.subarray(0, length), offset + done);
      if (read !== length || chunk.compare(bytes, done, done + length, 0, length) !== 0) return false;
      done += length;
    }
    return true;
  };
  for (const piece of [...layout.pieces, { offset: layout.bodyLength, bytes: trailer }]) {
    if (piece.offset > position && !(await expect(position, new Uint8Array(piece.offset - position)))) return false;
    if (!(await expect(piece.offset, piece.bytes))) return false;
    position = piece.offset + piece.bytes.byteLength;
  }
  return position === layout.length;
}

/** Replaces the current generation with `bytes`, keeping up to three older generations. */
export async function atomicReplace(input: ReplaceInput): Promise<Replaced> {
  const { fs, directory, tempPath, paths, present, layout } = input;
  const phases: ReplacePhases = { write: 0, fsync: 0, verify: 0, rotate: 0, rename: 0, syncDirectory: 0, outbox: 0 };
  let clock = performance.now();
  const lap = (phase: keyof ReplacePhases): void => {
    const now = performance.now();
    phases[phase] += now - clock;
    clock = now;
  };
  let tempExists = false;
  try {
    // 1. Write every byte into a new temp file in the same directory.
    const handle = await step('create temp file', tempPath, () => fs.open(tempPath, 'wx', 0o600));
    tempExists = true;
    let trailer: Uint8Array;
    try {
      await step('write', tempPath, async () => {
        // The sections go to the kernel from the state's own arrays while this thread computes the HMAC.
        const writes = Promise.all(layout.pieces.map((piece) => writeAll(handle, piece.bytes, piece.offset)));
        trailer = layout.sign();
        await writes;
        await writeAll(handle, trailer, layout.bodyLength);
      });
      lap('write');
      // 2. fsync: an error here is final; the data is not durable and is never reported as such.
      await step('fsync', tempPath, () => handle.sync());
      lap('fsync');
    } finally {
      await handle.close().catch(() => undefined);
    }
    // 3. Verify what is on disk is what was signed.
    const verified = await step('verify', tempPath, async () => {
      const reader = await fs.open(tempPath, 'r');
      try {
        return await matchesLayout(reader, layout, trailer!);
      } finally {
        await reader.close();
      }
    });
    if (!verified) {
      throw new CorruptFileError('hmac-mismatch', 'read-back of the temp file differs from the bytes written', { file: tempPath });
    }
    lap('verify');
    // 4. Rotate: shift generations down to the first gap (bak2 drops out only when the chain is full).
    const rotation = await rotateChain(fs, directory, paths, present, input.ordered !== true);
    lap('rotate');
    // 5. Atomic rename over current: the commit point. A failure before it undoes the rotation.
    try {
      await step('rename temp to current', paths.current, () => fs.rename(tempPath, paths.current));
    } catch (error) {
      await rotation.undo();
      throw error;
    }
    tempExists = false;
    lap('rename');
    // 6. fsync: only now is the save durable. If it fails, the error says so, and the generation
    //    set aside stays on disk for start-up to keep. 7. The replication outbox's link of it.
    const outbox = input.ordered === true ? await commitOrdered(input, paths.current, lap) : await commitUnordered(input, paths.current, lap);
    await rotation.finish();
    return outbox === undefined ? { phases } : { phases, outbox };
  } finally {
    if (tempExists) await fs.unlink(tempPath).catch(() => undefined);
  }
}

const syncStateDirectory = (input: ReplaceInput): Promise<void> =>
  step('fsync directory', input.directory, () => input.fs.syncDirectory(input.directory), true);

/** The state directory's fsync, then the outbox link and the outbox's own fsync. */
async function commitUnordered(input: ReplaceInput, current: string, lap: (phase: keyof ReplacePhases) => void): Promise<OutboxLink | undefined> {
  await syncStateDirectory(input);
  lap('syncDirectory');
  const link = await linkIntoOutbox(input, current);
  const outbox = link?.linked === true ? await input.outbox!.box.syncDirectory(link) : link;
  lap('outbox');
  return outbox;
}

/**
 * The outbox link is the last directory operation, so fsync of `.outbox/` makes it and the
 * whole rotation durable at once; without a link (or if that fsync fails), the state directory's.
 */
async function commitOrdered(input: ReplaceInput, current: string, lap: (phase: keyof ReplacePhases) => void): Promise<OutboxLink | undefined> {
  let outbox = await linkIntoOutbox(input, current);
  lap('outbox');
  if (outbox?.linked === true) outbox = await input.outbox!.box.syncDirectory(outbox);
  if (outbox?.linked !== true) await syncStateDirectory(input);
  lap('syncDirectory');
  return outbox;
}

/** Never throws: a replication problem is reported in the SaveResult, the save stands. */
async function linkIntoOutbox(input: ReplaceInput, current: string): Promise<OutboxLink | undefined> {
  if (input.outbox === undefined) return undefined;
  const { box, fileName, seq } = input.outbox;
  if (!(await box.enabled())) return undefined;
  return box.link(current, fileName, seq);
}
