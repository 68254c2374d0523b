// Steps 1-3 of a save: write every byte of the laid-out file into a new temp file, then fsync
// it and read it back (at the same time) to check that what is on disk is what was signed.
// A file up to CONTIGUOUS_BYTES is assembled in one buffer: one write and one read-back instead
// of one per section (each a trip through the thread pool); a larger one is written from the
// state's own arrays and read back in chunks, so it is never held twice in memory.

import { CorruptFileError } from '../errors.js';
import type { FileLayout } from '../format/container.js';
import type { FileHandle, FileStat, FileSystem } from '../fs/file-system.js';
import { writeAll } from '../fs/file-system.js';
import { saveStep as step } from './save-step.js';
import { borrowScratch, returnScratch } from './scratch-buffers.js';
import type { OpenSpare } from './spare-file.js';

const CONTIGUOUS_BYTES = 4 * 1024 * 1024;
const VERIFY_CHUNK_BYTES = 4 * 1024 * 1024;

export type TempPhase = 'write' | 'fsync' | 'verify' | 'finish';

/** The laid-out body (zeros in the alignment gaps) in one scratch buffer with room for the trailer. */
function assemble(layout: FileLayout): Buffer {
  const file = borrowScratch(layout.length);
  let position = 0;
  for (const piece of layout.pieces) {
    file.fill(0, position, piece.offset);
    file.set(piece.bytes, piece.offset);
    position = piece.offset + piece.bytes.byteLength;
  }
  file.fill(0, position, layout.bodyLength);
  return file;
}

/** Reads the file back and compares it with `file`; one byte more is asked for, to see a longer file. */
async function matchesBuffer(handle: FileHandle, file: Buffer): Promise<boolean> {
  const back = borrowScratch(file.byteLength + 1);
  try {
    let filled = 0;
    while (filled < back.byteLength) {
      const read = await handle.read(back.subarray(filled), filled);
      if (read === 0) break;
      filled += read;
    }
    return filled === file.byteLength && back.compare(file, 0, file.byteLength, 0, filled) === 0;
  } finally {
    returnScratch(back);
  }
}

/** Reads the file back in chunks and checks it is exactly the laid-out pieces, zero gaps and the trailer. */
async function matchesLayout(handle: FileHandle, layout: FileLayout, trailer: Uint8Array): Promise<boolean> {
  if ((await handle.size()) !== layout.length) return false;
  const chunk = borrowScratch(Math.min(VERIFY_CHUNK_BYTES, layout.length));
  try {
    return await matchesPieces(handle, layout, trailer, chunk);
  } finally {
    returnScratch(chunk);
  }
}

async function matchesPieces(handle: FileHandle, layout: FileLayout, trailer: Uint8Array, chunk: Buffer): Promise<boolean> {
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

export type Timed = <T>(phase: TempPhase, action: () => Promise<T>) => Promise<T>;

/** A temp file written but not yet durable: its write handle is still open. */
export interface WrittenTemp {
  handle: FileHandle;
  file: Buffer | undefined;
  trailer: Uint8Array;
}

/** The temp file to write: a new one, or the spare (spare-file.ts) of `spareSize` bytes. */
export interface OpeningTemp {
  path: string;
  spareSize: number | undefined;
  /** The handle, opened on the first call (read and write: the read-back uses the same descriptor). */
  handle(): Promise<FileHandle>;
}

/**
 * The spare (already open: spare-file.ts openUsableSpare), or a new temp file, created only when
 * writing starts, so a save refused by its checks has touched nothing. Whoever does not go on to
 * writeTempFile calls abandonTempFile.
 */
export function openTempFile(fs: FileSystem, tempPath: string, spare: OpenSpare | undefined): OpeningTemp {
  if (spare !== undefined) {
    const opened = Promise.resolve(spare.handle);
    return { path: spare.path, spareSize: spare.size, handle: () => opened };
  }
  let created: Promise<FileHandle> | undefined;
  const handle = () => (created ??= step('create temp file', tempPath, () => fs.open(tempPath, 'wx+', 0o600)));
  return { path: tempPath, spareSize: undefined, handle };
}

/** A save that stopped before writing: closes the spare (nothing else exists yet). */
export async function abandonTempFile(opening: OpeningTemp): Promise<void> {
  if (opening.spareSize === undefined) return;
  const handle = await opening.handle().catch(() => undefined);
  await handle?.close().catch(() => undefined);
}

/**
 * Steps 1 and 2: writes every byte into the temp file being opened (phase 'write': laying out,
 * waiting for the file, writing, signing, cutting a longer spare to length); `created` is called
 * once it exists (from then on the caller removes it on failure). On failure the handle is closed.
 */
export async function writeTempFile(opening: OpeningTemp, layout: FileLayout, timed: Timed, created: () => void): Promise<WrittenTemp> {
  const { path: tempPath, spareSize } = opening;
  return timed('write', async () => {
    const file = layout.length <= CONTIGUOUS_BYTES ? assemble(layout) : undefined;
    const recycled = spareSize !== undefined;
    const handle = await opening.handle();
    created();
    try {
      const trailer = await step('write', tempPath, async () => {
        // The body goes to the kernel while this thread computes the HMAC, and the trailer
        // follows without waiting for the body's write to return (the two ranges are disjoint).
        const writes = file !== undefined
          ? writeAll(handle, file.subarray(0, layout.bodyLength), 0)
          : Promise.all(layout.pieces.map((piece) => writeAll(handle, piece.bytes, piece.offset)));
        writes.catch(() => undefined);
        const signature = layout.sign();
        file?.set(signature, layout.bodyLength);
        await Promise.all([writes, writeAll(handle, signature, layout.bodyLength)]);
        if (recycled && spareSize > layout.length) await handle.truncate(layout.length);
        return signature;
      });
      return { handle, file, trailer };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  });
}

/**
 * fsync (an error here is final: the data is not durable and never reported as such) while the
 * bytes are read back through the same handle: both see the same page cache, the read need not
 * wait. Closes the handle.
 * Resolves to the file's identity (inode, size, mtime), which renames keep.
 */
export async function makeDurable(fs: FileSystem, tempPath: string, layout: FileLayout, written: WrittenTemp, timed: Timed): Promise<FileStat | undefined> {
  try {
    const [checked, synced] = await Promise.allSettled([
      timed('verify', () => verify(fs, tempPath, layout, written)),
      timed('fsync', () => step('fsync', tempPath, () => written.handle.sync())),
    ]);
    if (synced.status === 'rejected') throw synced.reason;
    if (checked.status === 'rejected') throw checked.reason;
    return checked.value;
  } finally {
    // Closing need not finish before the commit rename: the file is durable and verified.
    void timed('finish', () => written.handle.close().catch(() => undefined));
    if (written.file !== undefined) returnScratch(written.file);
  }
}

/** Step 3: what is on disk is what was signed, read back through the handle that wrote it. */
async function verify(fs: FileSystem, tempPath: string, layout: FileLayout, { handle, file, trailer }: WrittenTemp): Promise<FileStat | undefined> {
  const [verified, identity] = await step('verify', tempPath, () =>
    Promise.all([file !== undefined ? matchesBuffer(handle, file) : matchesLayout(handle, layout, trailer), fs.stat(tempPath)]),
  );
  if (!verified) {
    throw new CorruptFileError('hmac-mismatch', 'read-back of the temp file differs from the bytes written', { file: tempPath });
  }
  return identity;
}
