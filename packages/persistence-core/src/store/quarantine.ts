// Generations that failed verification are moved aside into `quarantine/`, never deleted.

import { basename, join } from 'node:path';
import type { RejectReason } from '../errors.js';
import type { FileSystem } from '../fs/file-system.js';

export const QUARANTINE_DIRECTORY = 'quarantine';

export interface QuarantinedFile {
  from: string;
  to: string;
  reason: RejectReason;
}

/** Moves `path` into the quarantine folder, durably; returns where it went. */
export async function quarantine(fs: FileSystem, directory: string, path: string, reason: RejectReason, now: number): Promise<QuarantinedFile> {
  return { from: basename(path), to: await moveIntoQuarantine(fs, directory, path, reason, now), reason };
}

/** Moves `path` into quarantine under `<name>.<time>.<label>`; returns its path relative to `directory`. */
export async function moveIntoQuarantine(fs: FileSystem, directory: string, path: string, label: string, now: number): Promise<string> {
  const folder = join(directory, QUARANTINE_DIRECTORY);
  if ((await fs.stat(folder)) === undefined) {
    await fs.mkdir(folder, 0o700);
    await fs.syncDirectory(directory);
  }
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const to = join(folder, `${basename(path)}.${stamp}.${label}`);
  // Link, fsync the new home, then unlink: the file has a durable name at every moment, even
  // where a rename across directories is not atomic on power loss (POSIX promises no more).
  await fs.link(path, to);
  await fs.syncDirectory(folder);
  await fs.unlink(path);
  await fs.syncDirectory(directory);
  return join(QUARANTINE_DIRECTORY, basename(to));
}

/** The files in quarantine, oldest name first. */
export async function listQuarantine(fs: FileSystem, directory: string, fileName?: string): Promise<string[]> {
  const folder = join(directory, QUARANTINE_DIRECTORY);
  if ((await fs.stat(folder)) === undefined) return [];
  const names = await fs.readdir(folder);
  return names.filter((name) => fileName === undefined || name.startsWith(`${fileName}.`)).sort();
}
