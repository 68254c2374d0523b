// The real file system: node:fs/promises, with directory fsync and statfs.

import type { Stats } from 'node:fs';
import { statSync, statfsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import type { FileHandle, FileStat, FileSystem, OpenFlags, SpaceInfo } from './file-system.js';
import { DirectoryHandles } from './directory-handles.js';
import type { MetadataOrderProbe } from './metadata-order.js';
import { probeMetadataOrder } from './metadata-order.js';

/** The FileStat of a node:fs Stats (also used by runtime/blocking-file-system.ts). */
export function fileStatOf(stats: Stats): FileStat {
  return { ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, mode: stats.mode, isDirectory: stats.isDirectory(), nlink: stats.nlink };
}

class NodeFileHandle implements FileHandle {
  readonly #handle: fsp.FileHandle;

  constructor(handle: fsp.FileHandle) {
    this.#handle = handle;
  }

  async write(data: Uint8Array, position: number | null): Promise<number> {
    const { bytesWritten } = await this.#handle.write(data, 0, data.byteLength, position);
    return bytesWritten;
  }

  async read(into: Uint8Array, position: number): Promise<number> {
    const { bytesRead } = await this.#handle.read(into, 0, into.byteLength, position);
    return bytesRead;
  }

  sync(): Promise<void> {
    return this.#handle.sync();
  }

  datasync(): Promise<void> {
    return this.#handle.datasync();
  }

  truncate(length: number): Promise<void> {
    return this.#handle.truncate(length);
  }

  async size(): Promise<number> {
    return (await this.#handle.stat()).size;
  }

  close(): Promise<void> {
    return this.#handle.close();
  }
}

/** One set per thread, shared by every NodeFileSystem (and objects deriving from one). */
const heldDirectories = new DirectoryHandles();

export class NodeFileSystem implements FileSystem {
  async open(path: string, flags: OpenFlags, mode = 0o600): Promise<FileHandle> {
    return new NodeFileHandle(await fsp.open(path, flags, mode));
  }

  async readFile(path: string): Promise<Uint8Array> {
    return (await this.readFileStat(path)).bytes;
  }

  async readFileStat(path: string): Promise<{ bytes: Uint8Array; stat: FileStat }> {
    const handle = await fsp.open(path, 'r');
    try {
      const stats = await handle.stat();
      const size = stats.size;
      // A buffer of its own starts at offset 0, so every 8-aligned section can be viewed in place;
      // unzeroed, because every byte is overwritten by the read.
      const buffer = new Uint8Array(Buffer.allocUnsafeSlow(size).buffer, 0, size);
      let filled = 0;
      while (filled < size) {
        const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return { bytes: filled === size ? buffer : buffer.subarray(0, filled), stat: fileStatOf(stats) };
    } finally {
      await handle.close();
    }
  }

  rename(from: string, to: string): Promise<void> {
    return fsp.rename(from, to);
  }

  link(existing: string, to: string): Promise<void> {
    return fsp.link(existing, to);
  }

  unlink(path: string): Promise<void> {
    return fsp.unlink(path);
  }

  async mkdir(path: string, mode = 0o700): Promise<void> {
    await fsp.mkdir(path, { recursive: true, mode });
  }

  readdir(path: string): Promise<string[]> {
    return fsp.readdir(path);
  }

  /**
   * stat and statfs run on the calling thread: a few µs each for the state directory's entries
   * (cached dentries, no lock a save holds), against a trip through the thread pool of ~0.1 ms,
   * and a save makes two of them in a row (the chain under the lock, the identity of its file).
   */
  async stat(path: string): Promise<FileStat | undefined> {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats === undefined ? undefined : fileStatOf(stats);
  }

  /** fsync of the directory at `path`, through a descriptor kept open between calls (directory-handles.ts). */
  syncDirectory(path: string): Promise<void> {
    return heldDirectories.sync(path);
  }

  async statfs(path: string): Promise<SpaceInfo> {
    const info = statfsSync(path);
    return { totalBytes: info.blocks * info.bsize, freeBytes: info.bavail * info.bsize };
  }

  chmod(path: string, mode: number): Promise<void> {
    return fsp.chmod(path, mode);
  }

  metadataOrder(path: string): Promise<MetadataOrderProbe> {
    return probeMetadataOrder(path);
  }
}

export const nodeFileSystem: FileSystem = new NodeFileSystem();
