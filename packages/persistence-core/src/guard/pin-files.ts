// Where pinned generations live and how they are written: `pinned/<fileName>.<seq>.pin`
// (a verbatim copy of a verified generation) and its `.note` sidecar, each written
// temp -> fsync -> rename -> directory fsync, so a power cut leaves the old or the new file.

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FileSystem } from '../fs/file-system.js';
import { errnoOf, writeAll } from '../fs/file-system.js';
import { isProcessAlive } from '../store/process-identity.js';

export const PINNED_DIRECTORY = 'pinned';

const PIN_PATTERN = /^(.+)\.(\d+)\.pin$/;
const TEMP_PATTERN = /^\..+\.(\d+)\.[0-9a-f]{8}\.pintmp$/;

export function pinnedFolder(stateDirectory: string): string {
  return join(stateDirectory, PINNED_DIRECTORY);
}

export function pinFileName(fileName: string, seq: number): string {
  return `${fileName}.${seq}.pin`;
}

export function noteFileName(fileName: string, seq: number): string {
  return `${pinFileName(fileName, seq)}.note`;
}

/** The seqs pinned for `fileName`, newest first. */
export async function pinnedSeqs(fs: FileSystem, stateDirectory: string, fileName: string): Promise<number[]> {
  const folder = pinnedFolder(stateDirectory);
  if ((await fs.stat(folder)) === undefined) return [];
  const seqs: number[] = [];
  for (const name of await fs.readdir(folder)) {
    const match = PIN_PATTERN.exec(name);
    if (match !== null && match[1] === fileName) seqs.push(Number(match[2]));
  }
  return seqs.sort((a, b) => b - a);
}

/** Creates the pinned folder durably (its entry in the state directory is fsynced). */
export async function ensurePinnedFolder(fs: FileSystem, stateDirectory: string): Promise<string> {
  const folder = pinnedFolder(stateDirectory);
  if ((await fs.stat(folder)) === undefined) {
    await fs.mkdir(folder, 0o700);
    await fs.syncDirectory(stateDirectory);
  }
  return folder;
}

/** Writes `bytes` to `folder/name` atomically and durably; the file is complete once this resolves. */
export async function writeDurably(fs: FileSystem, folder: string, name: string, bytes: Uint8Array): Promise<void> {
  const temp = join(folder, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.pintmp`);
  let tempExists = false;
  try {
    const handle = await fs.open(temp, 'wx', 0o600);
    tempExists = true;
    try {
      await writeAll(handle, bytes, 0);
      await handle.sync();
    } finally {
      await handle.close().catch(() => undefined);
    }
    await fs.rename(temp, join(folder, name));
    tempExists = false;
    await fs.syncDirectory(folder);
  } finally {
    if (tempExists) await fs.unlink(temp).catch(() => undefined);
  }
}

/** Removes the pin temp files of writers that died mid-write. */
export async function removeStalePinTemps(fs: FileSystem, folder: string): Promise<void> {
  let removed = false;
  for (const name of await fs.readdir(folder)) {
    const match = TEMP_PATTERN.exec(name);
    if (match === null || isProcessAlive(Number(match[1]))) continue;
    try {
      await fs.unlink(join(folder, name));
      removed = true;
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') throw error;
    }
  }
  if (removed) await fs.syncDirectory(folder);
}
