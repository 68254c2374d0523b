// The physical limit of a durable replace: write + fsync + rename + directory fsync of the same
// bytes, and the cost of reading them back with HMAC-SHA256, with nothing else. Each in its
// fastest form: the directory's descriptor held open, nothing waited for that need not be.

import { createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { constants } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';

const key = randomBytes(32);

// Directory descriptors held open across runs, as the store holds them (src/fs/directory-handles.ts).
const directoryHandles = new Map<string, Promise<fsp.FileHandle>>();
const directoryFds = new Map<string, number>();

async function syncDirectory(directory: string): Promise<void> {
  let handle = directoryHandles.get(directory);
  if (handle === undefined) directoryHandles.set(directory, (handle = fsp.open(directory, constants.O_RDONLY | constants.O_DIRECTORY)));
  await (await handle).sync();
}

/** write + fsync + rename + directory fsync, the fastest way through node:fs/promises (closing off the path). */
export async function rawDurableReplace(directory: string, name: string, bytes: Uint8Array): Promise<void> {
  const temp = join(directory, `${name}.raw-tmp`);
  const handle = await fsp.open(temp, 'w');
  await handle.write(bytes);
  await handle.sync();
  const closed = handle.close();
  await fsp.rename(temp, join(directory, name));
  await syncDirectory(directory);
  await closed;
}

/** The same with blocking calls on this thread: no trips through libuv's thread pool at all. */
export function rawDurableReplaceBlocking(directory: string, name: string, bytes: Uint8Array): void {
  const temp = join(directory, `${name}.raw-tmp`);
  const fd = fs.openSync(temp, 'w');
  for (let done = 0; done < bytes.byteLength; ) done += fs.writeSync(fd, bytes, done);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(temp, join(directory, name));
  let directoryFd = directoryFds.get(directory);
  if (directoryFd === undefined) directoryFds.set(directory, (directoryFd = fs.openSync(directory, constants.O_RDONLY | constants.O_DIRECTORY)));
  fs.fsyncSync(directoryFd);
}

/** Closes the held directory descriptors (before the benchmark's directories are removed). */
export async function releaseDirectories(): Promise<void> {
  for (const handle of directoryHandles.values()) await (await handle).close();
  for (const fd of directoryFds.values()) fs.closeSync(fd);
  directoryHandles.clear();
  directoryFds.clear();
}

/**
 * The same replace written over an allocated file's blocks, as a save writes over its spare
 * (src/store/spare-file.ts): write in place + fsync, the old current becomes the next spare.
 */
export async function rawRecyclingReplace(directory: string, name: string, bytes: Uint8Array): Promise<void> {
  const spare = join(directory, `${name}.raw-spare`);
  const current = join(directory, name);
  const handle = await fsp.open(spare, 'r+').catch(() => fsp.open(spare, 'w'));
  await handle.write(bytes, 0, bytes.byteLength, 0);
  await handle.truncate(bytes.byteLength);
  await handle.sync();
  await handle.close();
  const old = join(directory, `${name}.raw-old`);
  await fsp.rename(current, old).catch(() => undefined);
  await fsp.rename(spare, current);
  await fsp.rename(old, spare).catch(() => undefined);
  await syncDirectory(directory);
}

export function hmac(bytes: Uint8Array): Buffer {
  return createHmac('sha256', key).update(bytes).digest();
}

export async function readAndHmac(path: string): Promise<void> {
  hmac(await fsp.readFile(path));
}

/**
 * The same replace keeping four generations crash-safely, with nothing else: the renames and
 * link of the rotation, each followed by a directory fsync, as a save of this package does.
 */
export async function rawRotatingReplace(directory: string, name: string, bytes: Uint8Array): Promise<void> {
  const path = (suffix: string) => join(directory, name + suffix);
  const exists = async (suffix: string) => fsp.stat(path(suffix)).then(() => true, () => false);
  const temp = path('.raw-tmp');
  const handle = await fsp.open(temp, 'w');
  await handle.write(bytes);
  await handle.sync();
  await handle.close();
  if (await exists('.bak2')) {
    await fsp.rename(path('.bak2'), path('.drop'));
    await syncDirectory(directory);
  }
  for (const [from, to] of [['.bak1', '.bak2'], ['.bak', '.bak1']] as const) {
    if (!(await exists(from))) continue;
    await fsp.rename(path(from), path(to));
    await syncDirectory(directory);
  }
  if (await exists('')) {
    await fsp.link(path(''), path('.bak'));
    await syncDirectory(directory);
  }
  await fsp.rename(temp, path(''));
  await syncDirectory(directory);
  await fsp.rm(path('.drop'), { force: true });
}
