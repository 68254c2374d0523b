// This system's temp files: `.<fileName>.<pid>.<random>.qtmp` in the state directory.
// Start-up removes only ours, and only those whose writer is no longer alive.

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FileSystem } from '../fs/file-system.js';
import { errnoOf } from '../fs/file-system.js';
import { isProcessAlive } from './process-identity.js';

const TEMP_PATTERN = /^\.(ProjectQuantum_[A-Za-z0-9_]+\.[a-z]+)\.(\d+)\.([0-9a-f]{8})\.qtmp$/;

export function tempPathFor(directory: string, fileName: string): string {
  return join(directory, `.${fileName}.${process.pid}.${randomBytes(4).toString('hex')}.qtmp`);
}

/** Removes stale temp files of this system; returns the names removed. */
export async function removeStaleTempFiles(fs: FileSystem, directory: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await fs.readdir(directory)) {
    const match = TEMP_PATTERN.exec(name);
    if (match === null) continue;
    const pid = Number(match[2]);
    // A live writer (this process or another sharing the directory) may still be using it.
    if (pid === process.pid || isProcessAlive(pid)) continue;
    try {
      await fs.unlink(join(directory, name));
      removed.push(name);
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') throw error;
    }
  }
  if (removed.length > 0) await fs.syncDirectory(directory);
  return removed;
}
