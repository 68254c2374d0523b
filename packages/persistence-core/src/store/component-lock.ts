// Cross-process lock of one component's files: `.<fileName>.lock`, created with O_EXCL.
// A holder that crashed (dead pid, other boot, reused pid) is detected and its lock taken over.

import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LockedError } from '../errors.js';
import type { FileSystem } from '../fs/file-system.js';
import { errnoOf, writeAll } from '../fs/file-system.js';
import type { ProcessIdentity } from './process-identity.js';
import { currentProcess, isHolderAlive } from './process-identity.js';

export interface LockOptions {
  /** How long to wait for a live holder before failing with LockedError. */
  timeoutMs?: number;
}

export function lockPathFor(directory: string, fileName: string): string {
  return join(directory, `.${fileName}.lock`);
}

async function readHolder(fs: FileSystem, path: string): Promise<ProcessIdentity | undefined> {
  try {
    const parsed = JSON.parse(Buffer.from(await fs.readFile(path)).toString('utf8')) as ProcessIdentity;
    return typeof parsed.pid === 'number' ? parsed : undefined;
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    return undefined;
  }
}

/** A lock file without a readable holder is being written right now, or was left half-written by a crash. */
const UNREADABLE_LOCK_GRACE_MS = 5_000;

async function isStale(fs: FileSystem, path: string, holder: ProcessIdentity | undefined): Promise<boolean> {
  if (holder !== undefined) return !isHolderAlive(holder);
  const stat = await fs.stat(path);
  return stat !== undefined && Date.now() - stat.mtimeMs > UNREADABLE_LOCK_GRACE_MS;
}

async function tryCreate(fs: FileSystem, path: string, identity: ProcessIdentity): Promise<boolean> {
  let handle;
  try {
    handle = await fs.open(path, 'wx', 0o600);
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await writeAll(handle, Buffer.from(JSON.stringify(identity)), 0);
  } finally {
    await handle.close();
  }
  return true;
}

/** Acquires the lock at `path`; resolves to a release function. */
export async function acquireLock(fs: FileSystem, path: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const identity = currentProcess();
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let delay = 2;
  for (;;) {
    if (await tryCreate(fs, path, identity)) {
      return async () => {
        try {
          await fs.unlink(path);
        } catch (error) {
          if (errnoOf(error) !== 'ENOENT') throw error;
        }
      };
    }
    const holder = await readHolder(fs, path);
    if (await isStale(fs, path, holder)) {
      // Re-read just before removing, so a lock freshly taken by another process is left alone.
      const again = await readHolder(fs, path);
      if (JSON.stringify(again) === JSON.stringify(holder)) {
        try {
          await fs.unlink(path);
        } catch (error) {
          if (errnoOf(error) !== 'ENOENT') throw error;
        }
      }
      continue;
    }
    if (Date.now() >= deadline) {
      throw new LockedError(holder === undefined ? 'a process that is still writing the lock' : `pid ${holder.pid} on ${holder.host}`, { file: path });
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 50);
  }
}
