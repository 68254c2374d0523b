// The real file system through blocking calls, for the save worker only. Its thread has nothing
// else to do, and a blocking call runs ON that thread, at its lowered priority (thread-priority.ts).
// The asynchronous node:fs calls would run on libuv's thread pool, shared with the agent's
// thread and at normal priority: writing 100 MB into the page cache there took a core from the
// agent's thread for ~100 ms (bench/runtime/queue-diagnose.ts).
// Every read and write is split into system calls of at most SYSCALL_BYTES: the kernel here runs
// without preemption ("Dynamic Preempt: none"), so a thread inside one 47 MB pwrite keeps its
// core until the call ends or reaches a rescheduling point, and the agent's thread, woken onto
// that core (a core running only a SCHED_IDLE thread counts as idle when a woken thread is
// placed), waited 5 to 8 ms for it (bench/runtime/queue-trace.ts). A 256 KiB call returns to
// user mode within ~0.1 ms, where the agent's wake-up preempts the worker at once.

import * as fs from 'node:fs';
import type { FileHandle, FileStat, FileSystem, OpenFlags, SpaceInfo } from '../fs/file-system.js';
import { errnoOf } from '../fs/file-system.js';
import { fileStatOf } from '../fs/node-file-system.js';

/** The most bytes one read or write system call moves. */
export const SYSCALL_BYTES = 256 * 1024;

class BlockingFileHandle implements FileHandle {
  readonly #fd: number;

  constructor(fd: number) {
    this.#fd = fd;
  }

  /** Writes all of `data` (or stops at a call that writes nothing), in calls of SYSCALL_BYTES. */
  async write(data: Uint8Array, position: number | null): Promise<number> {
    let done = 0;
    for (let n = -1; done < data.byteLength && n !== 0; done += n) {
      n = fs.writeSync(this.#fd, data, done, Math.min(SYSCALL_BYTES, data.byteLength - done), position === null ? null : position + done);
    }
    return done;
  }

  /** Fills `into` up to the end of the file, in calls of SYSCALL_BYTES. */
  async read(into: Uint8Array, position: number): Promise<number> {
    return readChunked(this.#fd, into, position);
  }

  async sync(): Promise<void> {
    fs.fsyncSync(this.#fd);
  }

  async datasync(): Promise<void> {
    fs.fdatasyncSync(this.#fd);
  }

  async truncate(length: number): Promise<void> {
    fs.ftruncateSync(this.#fd, length);
  }

  async size(): Promise<number> {
    return fs.fstatSync(this.#fd).size;
  }

  async close(): Promise<void> {
    fs.closeSync(this.#fd);
  }
}

/** Reads into `into` from `position` until it is full or the file ends; returns the bytes read. */
function readChunked(fd: number, into: Uint8Array, position: number): number {
  let filled = 0;
  for (let n = -1; filled < into.byteLength && n !== 0; filled += n) n = fs.readSync(fd, into, filled, Math.min(SYSCALL_BYTES, into.byteLength - filled), position + filled);
  return filled;
}

export class BlockingFileSystem implements FileSystem {
  async open(path: string, flags: OpenFlags, mode = 0o600): Promise<FileHandle> {
    return new BlockingFileHandle(fs.openSync(path, flags, mode));
  }

  async readFile(path: string): Promise<Uint8Array> {
    const fd = fs.openSync(path, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      // Its own buffer, at offset 0, so every 8-aligned section can be viewed in place.
      const buffer = new Uint8Array(Buffer.allocUnsafeSlow(size).buffer, 0, size);
      const filled = readChunked(fd, buffer, 0);
      return filled === size ? buffer : buffer.subarray(0, filled);
    } finally {
      fs.closeSync(fd);
    }
  }

  async rename(from: string, to: string): Promise<void> {
    fs.renameSync(from, to);
  }

  async link(existing: string, to: string): Promise<void> {
    fs.linkSync(existing, to);
  }

  async unlink(path: string): Promise<void> {
    fs.unlinkSync(path);
  }

  async mkdir(path: string, mode = 0o700): Promise<void> {
    fs.mkdirSync(path, { recursive: true, mode });
  }

  async readdir(path: string): Promise<string[]> {
    return fs.readdirSync(path);
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      return fileStatOf(fs.statSync(path));
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return undefined;
      throw error;
    }
  }

  async syncDirectory(path: string): Promise<void> {
    const fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  async statfs(path: string): Promise<SpaceInfo> {
    const info = fs.statfsSync(path);
    return { totalBytes: info.blocks * info.bsize, freeBytes: info.bavail * info.bsize };
  }

  async chmod(path: string, mode: number): Promise<void> {
    fs.chmodSync(path, mode);
  }
}
