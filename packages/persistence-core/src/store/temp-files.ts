// This system's temp files in the state directory: `.<fileName>.<pid>.<random>.qtmp` (a save
// in progress), `.qdrop` (a generation rotated off the chain, deleted once its save commits)
// and `.qholder` (a process's lock holder file, component-lock.ts).
// Start-up touches only ours, and only those whose writer is no longer alive. The links of an
// unordered rotation (`.qnext`, rotation-links.ts) name no process: they are resolved under the
// component's lock, by StateDirectory.open.

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FileSystem } from '../fs/file-system.js';
import { errnoOf } from '../fs/file-system.js';
import { HOLDER_FILE_PATTERN } from './component-lock.js';
import { isProcessAlive } from './process-identity.js';
import { moveIntoQuarantine } from './quarantine.js';
import type { ResolvedRotation } from './rotation-links.js';
import { ROTATION_LINK_PATTERN } from './rotation-links.js';

const TEMP_PATTERN = /^\.(ProjectQuantum_[A-Za-z0-9_]+\.[a-z]+)\.(\d+)\.([0-9a-f]{8})\.(qtmp|qdrop)$/;

export interface StartupCleanup {
  /** Temp files of saves that died before committing: removed. */
  removedTempFiles: string[];
  /** Generations set aside by a save that died: put back as .bak2 when that slot is free, else kept in quarantine. */
  recoveredGenerations: { file: string; to: string }[];
  /** Rotations a dead save left half done: completed, or their links removed (rotation-links.ts). */
  resolvedRotations: ({ file: string } & ResolvedRotation)[];
}

export interface DeadSaves {
  cleanup: Omit<StartupCleanup, 'resolvedRotations'>;
  /** File names of the components whose rotation links were found. */
  interruptedRotations: string[];
}

export function tempPathFor(directory: string, fileName: string): string {
  return join(directory, `.${fileName}.${process.pid}.${randomBytes(4).toString('hex')}.qtmp`);
}

/** Cleans up after saves that died; never deletes a generation. */
export async function cleanUpAfterDeadSaves(fs: FileSystem, directory: string, now: number): Promise<DeadSaves> {
  const removed: string[] = [];
  const recoveredGenerations: { file: string; to: string }[] = [];
  const interruptedRotations = new Set<string>();
  for (const name of await fs.readdir(directory)) {
    const link = ROTATION_LINK_PATTERN.exec(name);
    if (link !== null) interruptedRotations.add(link[1] as string);
    const match = TEMP_PATTERN.exec(name);
    const holder = HOLDER_FILE_PATTERN.exec(name);
    if (match === null && holder === null) continue;
    const pid = Number(match?.[2] ?? holder?.[1]);
    // A live writer (this process or another sharing the directory) may still be using it.
    if (pid === process.pid || isProcessAlive(pid)) continue;
    if (match?.[4] === 'qdrop') {
      recoveredGenerations.push({ file: name, to: await putBackDropped(fs, directory, name, `${match[1]}.bak2`, now) });
      continue;
    }
    try {
      await fs.unlink(join(directory, name));
      removed.push(name);
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') throw error;
    }
  }
  if (removed.length > 0) await fs.syncDirectory(directory);
  return { cleanup: { removedTempFiles: removed, recoveredGenerations }, interruptedRotations: [...interruptedRotations] };
}

async function putBackDropped(fs: FileSystem, directory: string, name: string, bak2: string, now: number): Promise<string> {
  if ((await fs.stat(join(directory, bak2))) === undefined) {
    await fs.rename(join(directory, name), join(directory, bak2));
    await fs.syncDirectory(directory);
    return bak2;
  }
  return moveIntoQuarantine(fs, directory, join(directory, name), 'rotated-out', now);
}
