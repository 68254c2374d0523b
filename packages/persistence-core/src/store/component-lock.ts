// Cross-process lock of one component's files: `.<fileName>.lock`, created with O_EXCL.
// A holder that crashed (dead pid, other boot, reused pid) is detected and its lock taken over.

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { LockedError } from '../errors.js';
import type { FileSystem } from '../fs/file-system.js';
import { errnoOf, writeAll } from '../fs/file-system.js';
import type { ProcessIdentity } from './process-identity.js';
import { currentProcess, isHolderAlive } from './process-identity.js';
import { saveStep } from './save-step.js';

export interface LockOptions {
  /** How long to wait for a live holder before failing with LockedError. */
  timeoutMs?: number;
}

export function lockPathFor(directory: string, fileName: string): string {
  return join(directory, `.${fileName}.lock`);
}

async function readHolder(fs: FileSystem, path: string): Promise<LockHolder | undefined> {
  try {
    const parsed = JSON.parse(Buffer.from(await fs.readFile(path)).toString('utf8')) as LockHolder;
    return typeof parsed.pid === 'number' ? parsed : undefined;
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    return undefined;
  }
}

/** A lock file without a readable holder is being written right now, or was left half-written by a crash. */
const UNREADABLE_LOCK_GRACE_MS = 5_000;

async function isStale(fs: FileSystem, path: string, holder: LockHolder | undefined): Promise<boolean> {
  if (holder !== undefined) {
    const self = currentProcess();
    // Left behind by this very thread (a release whose unlink failed): not held by anyone.
    const thisProcess = holder.pid === self.pid && holder.startTime === self.startTime && holder.bootId === self.bootId;
    if (thisProcess && holder.threadId === threadId) return !heldTokens.has(holder.token);
    return !isHolderAlive(holder);
  }
  const stat = await fs.stat(path);
  return stat !== undefined && Date.now() - stat.mtimeMs > UNREADABLE_LOCK_GRACE_MS;
}

/** Lock tokens this thread holds now: a lock file of this thread with another token is a leftover. */
const heldTokens = new Set<string>();

interface LockHolder extends ProcessIdentity {
  /** worker_threads id: another thread of this process is a live holder this thread cannot see into. */
  threadId: number;
  token: string;
}

async function tryCreate(fs: FileSystem, path: string, holder: LockHolder): Promise<boolean> {
  let handle;
  try {
    handle = await saveStep('create lock file', path, () => fs.open(path, 'wx', 0o600));
  } catch (error) {
    if (errnoOf((error as Error).cause) === 'EEXIST') return false;
    throw error;
  }
  try {
    await saveStep('write lock file', path, () => writeAll(handle, Buffer.from(JSON.stringify(holder)), 0));
  } catch (error) {
    // A lock file without its holder would block others until its grace period ends.
    await handle.close().catch(() => undefined);
    await fs.unlink(path).catch(() => undefined);
    throw error;
  }
  await handle.close().catch(() => undefined);
  return true;
}

/** Acquires the lock at `path`; resolves to a release function. */
export async function acquireLock(fs: FileSystem, path: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const holderOfThis: LockHolder = { ...currentProcess(), threadId, token: randomBytes(8).toString('hex') };
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let delay = 2;
  for (;;) {
    if (await tryCreate(fs, path, holderOfThis)) {
      heldTokens.add(holderOfThis.token);
      // Best effort: a lock file left behind is recognised as stale by its token.
      return async () => {
        heldTokens.delete(holderOfThis.token);
        await fs.unlink(path).catch(() => undefined);
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
