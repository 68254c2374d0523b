// An open file of the RecordingFileSystem: writes dirty the pages they touch, fsync and
// fdatasync make the file's data and size durable (not its name: that is the directory's fsync).

import type { FileHandle, OpenFlags } from '../../../src/fs/file-system.js';
import type { FileNode } from './disk-model.js';
import { pagesOf } from './disk-model.js';

export function errnoError(code: string, syscall: string, path: string): Error {
  return Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });
}

/** What a handle needs of its file system. */
export interface HandleHost {
  /** Records one completed step. */
  step(description: string): void;
  now(): number;
  pageBytes(): number;
  freeBytes(): number;
}

export class RecordingHandle implements FileHandle {
  constructor(
    private readonly host: HandleHost,
    private readonly node: FileNode,
    private readonly path: string,
    private readonly flags: OpenFlags,
  ) {}

  async write(data: Uint8Array, position: number | null): Promise<number> {
    if (this.flags === 'r') throw errnoError('EBADF', 'write', this.path);
    const node = this.node;
    const at = this.flags === 'a' || position === null ? node.data.byteLength : position;
    const end = at + data.byteLength;
    const growth = Math.max(0, end - Math.max(node.data.byteLength, node.durable.byteLength));
    if (growth > this.host.freeBytes()) throw errnoError('ENOSPC', 'write', this.path);
    if (end > node.data.byteLength) {
      const grown = new Uint8Array(end);
      grown.set(node.data);
      node.data = grown;
    }
    node.data.set(data, at);
    for (const page of pagesOf(at, end, this.host.pageBytes())) node.dirty.add(page);
    node.mtimeMs = this.host.now();
    this.host.step(`write ${this.path} [${at}, ${end})`);
    return data.byteLength;
  }

  async read(into: Uint8Array, position: number): Promise<number> {
    const data = this.node.data;
    const available = data.subarray(Math.min(position, data.byteLength), Math.min(position + into.byteLength, data.byteLength));
    into.set(available);
    return available.byteLength;
  }

  async sync(): Promise<void> {
    this.#makeDurable('fsync');
  }

  async datasync(): Promise<void> {
    this.#makeDurable('fdatasync');
  }

  async truncate(length: number): Promise<void> {
    const node = this.node;
    const old = node.data.byteLength;
    const next = new Uint8Array(length);
    next.set(node.data.subarray(0, Math.min(old, length)));
    node.data = next;
    for (const page of pagesOf(Math.min(old, length), Math.max(old, length + 1), this.host.pageBytes())) node.dirty.add(page);
    node.mtimeMs = this.host.now();
    this.host.step(`truncate ${this.path} to ${length}`);
  }

  async size(): Promise<number> {
    return this.node.data.byteLength;
  }

  async close(): Promise<void> {}

  #makeDurable(kind: 'fsync' | 'fdatasync'): void {
    this.node.durable = this.node.data.slice();
    this.node.dirty.clear();
    this.host.step(`${kind} ${this.path}`);
  }
}
