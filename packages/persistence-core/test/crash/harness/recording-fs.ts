// An in-memory FileSystem that records what a power cut could leave behind (see disk-model.ts).
// Every mutating call is one "step"; a listener sees each step as it completes, so a test
// can take the possible crash states after every single step of an operation sequence.

import { basename, dirname, posix } from 'node:path';
import type { FileHandle, FileStat, FileSystem, OpenFlags, SpaceInfo } from '../../../src/fs/file-system.js';
import type { MetadataOrderProbe } from '../../../src/fs/metadata-order.js';
import type { HandleHost } from './recording-handle.js';
import { errnoError, RecordingHandle } from './recording-handle.js';
import type { DirectoryNode, DirectoryOp, DiskNode, FileNode } from './disk-model.js';
import { applyDirectoryOp, cloneNode, PAGE_BYTES, ROOT_INO } from './disk-model.js';
import { commitPrefix } from './prefix-model.js';

export { errnoError };

export interface RecordingOptions {
  /** Bytes the simulated disk holds; writes beyond it fail with ENOSPC. */
  capacityBytes?: number;
  now?: () => number;
  /** The unit writes tear in: 4096 (a page) by default; 512 models a disk that tears sectors. */
  pageBytes?: number;
  /**
   * 'atomic' (default): a rename across directories persists whole or not at all, as on ext4,
   * XFS and btrfs. 'halves': each directory's half persists on its own (POSIX promises no more),
   * so a cut before either directory is synced may lose both names.
   */
  crossDirectoryRename?: 'atomic' | 'halves';
  /**
   * 'any-subset' (default): pending directory operations persist in any subset, and fsync of a
   * directory makes only its own durable. 'prefix': they persist as a prefix of their issue
   * order across all directories, and fsync of a directory makes durable every operation up to
   * its own last one, as a journal that commits in order does (ext4 with jbd2, XFS).
   */
  metadataOrder?: 'any-subset' | 'prefix';
}

export class RecordingFileSystem implements FileSystem {
  readonly nodes = new Map<number, DiskNode>();
  readonly log: string[] = [];
  capacityBytes: number;
  readonly pageBytes: number;
  readonly crossDirectoryRename: 'atomic' | 'halves';
  readonly metadataModel: 'any-subset' | 'prefix';
  #nextIno = ROOT_INO + 1;
  #nextOrder = 0;
  readonly #now: () => number;
  readonly #listeners: ((step: string) => void)[] = [];
  readonly #host: HandleHost = {
    step: (description) => this.step(description),
    now: () => this.#now(),
    pageBytes: () => this.pageBytes,
    freeBytes: () => this.capacityBytes - this.usedBytes(),
  };

  constructor(options: RecordingOptions = {}) {
    this.capacityBytes = options.capacityBytes ?? 2 ** 40;
    this.#now = options.now ?? Date.now;
    this.pageBytes = options.pageBytes ?? PAGE_BYTES;
    this.crossDirectoryRename = options.crossDirectoryRename ?? 'atomic';
    this.metadataModel = options.metadataOrder ?? 'any-subset';
    const root: DirectoryNode = { kind: 'dir', ino: ROOT_INO, entries: new Map(), durableEntries: new Map(), pending: [], mode: 0o755, mtimeMs: 0 };
    this.nodes.set(ROOT_INO, root);
  }

  /** A disk whose every node is durable: the state after a reboot. */
  static fromNodes(nodes: Iterable<DiskNode>, options: RecordingOptions): RecordingFileSystem {
    const fs = new RecordingFileSystem(options);
    for (const node of nodes) {
      fs.nodes.set(node.ino, cloneNode(node));
      fs.#nextIno = Math.max(fs.#nextIno, node.ino + 1);
    }
    return fs;
  }

  onStep(listener: (step: string) => void): void {
    this.#listeners.push(listener);
  }

  get steps(): number {
    return this.log.length;
  }

  step(description: string): void {
    this.log.push(description);
    for (const listener of this.#listeners) listener(description);
  }

  // --- namespace -------------------------------------------------------------------------

  #dir(path: string, syscall: string): DirectoryNode {
    const node = this.#lookup(path);
    if (node === undefined) throw errnoError('ENOENT', syscall, path);
    if (node.kind !== 'dir') throw errnoError('ENOTDIR', syscall, path);
    return node;
  }

  #lookup(path: string): DiskNode | undefined {
    let node: DiskNode | undefined = this.nodes.get(ROOT_INO);
    for (const part of posix.normalize(path).split('/').filter((p) => p !== '')) {
      if (node === undefined || node.kind !== 'dir') return undefined;
      const ino = node.entries.get(part);
      node = ino === undefined ? undefined : this.nodes.get(ino);
    }
    return node;
  }

  #file(path: string, syscall: string): FileNode {
    const node = this.#lookup(path);
    if (node === undefined) throw errnoError('ENOENT', syscall, path);
    if (node.kind !== 'file') throw errnoError('EISDIR', syscall, path);
    return node;
  }

  /** Queues `op` as not yet durable, stamped with its issue order. */
  #pend(dir: DirectoryNode, op: DirectoryOp): void {
    dir.pending.push({ ...op, order: this.#nextOrder++ });
  }

  #record(dir: DirectoryNode, op: DirectoryOp): void {
    applyDirectoryOp(dir.entries, op);
    this.#pend(dir, op);
    dir.mtimeMs = this.#now();
    this.step(op.label);
  }

  #create(path: string, mode: number): FileNode {
    const parent = this.#dir(dirname(path), 'open');
    const node: FileNode = { kind: 'file', ino: this.#nextIno++, data: new Uint8Array(0), durable: new Uint8Array(0), dirty: new Set(), mode, mtimeMs: this.#now() };
    this.nodes.set(node.ino, node);
    this.#record(parent, { kind: 'set', name: basename(path), ino: node.ino, label: `create ${path}` });
    return node;
  }

  /** Bytes held by the files that have a name (an unlinked file's space is freed at once). */
  usedBytes(): number {
    const named = new Set<number>();
    for (const node of this.nodes.values()) if (node.kind === 'dir') for (const ino of node.entries.values()) named.add(ino);
    let used = 0;
    for (const ino of named) {
      const node = this.nodes.get(ino);
      if (node?.kind === 'file') used += Math.max(node.data.byteLength, node.durable.byteLength);
    }
    return used;
  }

  // --- FileSystem ------------------------------------------------------------------------

  async open(path: string, flags: OpenFlags, mode = 0o600): Promise<FileHandle> {
    const existing = this.#lookup(path);
    if (existing?.kind === 'dir') throw errnoError('EISDIR', 'open', path);
    if ((flags === 'wx' || flags === 'wx+') && existing !== undefined) throw errnoError('EEXIST', 'open', path);
    if ((flags === 'r' || flags === 'r+') && existing === undefined) throw errnoError('ENOENT', 'open', path);
    const node = existing ?? this.#create(path, mode);
    return new RecordingHandle(this.#host, node, path, flags);
  }

  async readFile(path: string): Promise<Uint8Array> {
    return this.#file(path, 'open').data.slice();
  }

  async rename(from: string, to: string): Promise<void> {
    const source = this.#dir(dirname(from), 'rename');
    const ino = source.entries.get(basename(from));
    if (ino === undefined) throw errnoError('ENOENT', 'rename', from);
    const target = this.#dir(dirname(to), 'rename');
    if (source === target) {
      this.#record(source, { kind: 'rename', from: basename(from), to: basename(to), ino, label: `rename ${from} -> ${to}` });
      return;
    }
    if (this.crossDirectoryRename === 'atomic') {
      target.entries.set(basename(to), ino);
      source.entries.delete(basename(from));
      this.#pend(target, { kind: 'move-in', name: basename(to), ino, fromDirectory: source.ino, fromName: basename(from), label: `rename ${from} -> ${to}` });
      this.step(`rename ${from} -> ${to}`);
      return;
    }
    // Across directories each half becomes durable with its own directory's fsync.
    applyDirectoryOp(target.entries, { kind: 'set', name: basename(to), ino, label: '' });
    this.#pend(target, { kind: 'set', name: basename(to), ino, label: `rename (new name) ${to}` });
    applyDirectoryOp(source.entries, { kind: 'delete', name: basename(from), label: '' });
    this.#pend(source, { kind: 'delete', name: basename(from), label: `rename (old name) ${from}` });
    this.step(`rename ${from} -> ${to}`);
  }

  async link(existing: string, to: string): Promise<void> {
    const node = this.#file(existing, 'link');
    const target = this.#dir(dirname(to), 'link');
    if (target.entries.has(basename(to))) throw errnoError('EEXIST', 'link', to);
    this.#record(target, { kind: 'set', name: basename(to), ino: node.ino, label: `link ${existing} -> ${to}` });
  }

  async unlink(path: string): Promise<void> {
    const parent = this.#dir(dirname(path), 'unlink');
    const node = this.#file(path, 'unlink');
    this.#record(parent, { kind: 'delete', name: basename(path), label: `unlink ${path} (ino ${node.ino})` });
  }

  async mkdir(path: string, mode = 0o700): Promise<void> {
    let current = '/';
    for (const part of posix.normalize(path).split('/').filter((p) => p !== '')) {
      const parent = this.#dir(current, 'mkdir');
      current = posix.join(current, part);
      const ino = parent.entries.get(part);
      if (ino !== undefined) {
        if (this.nodes.get(ino)?.kind !== 'dir') throw errnoError('ENOTDIR', 'mkdir', current);
        continue;
      }
      const node: DirectoryNode = { kind: 'dir', ino: this.#nextIno++, entries: new Map(), durableEntries: new Map(), pending: [], mode, mtimeMs: this.#now() };
      this.nodes.set(node.ino, node);
      this.#record(parent, { kind: 'set', name: part, ino: node.ino, label: `mkdir ${current}` });
    }
  }

  async readdir(path: string): Promise<string[]> {
    return [...this.#dir(path, 'scandir').entries.keys()].sort();
  }

  async stat(path: string): Promise<FileStat | undefined> {
    const node = this.#lookup(path);
    if (node === undefined) return undefined;
    const size = node.kind === 'file' ? node.data.byteLength : 4096;
    let nlink = 0;
    for (const other of this.nodes.values()) if (other.kind === 'dir') for (const ino of other.entries.values()) if (ino === node.ino) nlink++;
    return { ino: node.ino, size, mtimeMs: node.mtimeMs, mode: node.mode | (node.kind === 'dir' ? 0o040000 : 0o100000), isDirectory: node.kind === 'dir', nlink };
  }

  async syncDirectory(path: string): Promise<void> {
    const dir = this.#dir(path, 'fsync');
    if (this.metadataModel === 'prefix') {
      commitPrefix(this.nodes, dir);
      this.step(`fsync directory ${path}`);
      return;
    }
    // A move committed by either directory's fsync is durable in both.
    for (const op of dir.pending) if (op.kind === 'move-in') this.#commitMoveOut(op);
    for (const node of this.nodes.values()) {
      if (node.kind !== 'dir' || node === dir) continue;
      const moves = node.pending.filter((op) => op.kind === 'move-in' && op.fromDirectory === dir.ino);
      for (const op of moves) node.durableEntries.set((op as { name: string }).name, (op as { ino: number }).ino);
      node.pending = node.pending.filter((op) => !moves.includes(op));
    }
    dir.durableEntries = new Map(dir.entries);
    dir.pending = [];
    this.step(`fsync directory ${path}`);
  }

  /** What the store's 'auto' metadata order finds: the model this disk was built with. */
  async metadataOrder(): Promise<MetadataOrderProbe> {
    return this.metadataModel === 'prefix'
      ? { order: 'ordered', reason: 'recording file system, prefix model' }
      : { order: 'unordered', reason: 'recording file system, any-subset model' };
  }

  #commitMoveOut(op: Extract<DirectoryOp, { kind: 'move-in' }>): void {
    const source = this.nodes.get(op.fromDirectory);
    if (source?.kind === 'dir' && source.durableEntries.get(op.fromName) === op.ino) source.durableEntries.delete(op.fromName);
  }

  async statfs(): Promise<SpaceInfo> {
    return { totalBytes: this.capacityBytes, freeBytes: Math.max(0, this.capacityBytes - this.usedBytes()) };
  }

  async chmod(path: string, mode: number): Promise<void> {
    const node = this.#lookup(path);
    if (node === undefined) throw errnoError('ENOENT', 'chmod', path);
    node.mode = mode;
    this.step(`chmod ${path}`);
  }

  /** The content of the file at `path`, or undefined if there is none. */
  contentOf(path: string): Uint8Array | undefined {
    const node = this.#lookup(path);
    return node?.kind === 'file' ? node.data : undefined;
  }

  /** Makes everything durable, as a clean shutdown long ago would have: the start of a scenario. */
  settleEverything(): void {
    for (const node of this.nodes.values()) {
      if (node.kind === 'file') {
        node.durable = node.data.slice();
        node.dirty.clear();
      } else {
        node.durableEntries = new Map(node.entries);
        node.pending = [];
      }
    }
  }

  /** Replaces a file's content as if synced long ago: for tests that plant bit rot or fixtures. */
  replaceDurably(path: string, data: Uint8Array): void {
    const node = this.#file(path, 'open');
    node.data = new Uint8Array(data);
    node.durable = node.data.slice();
    node.dirty.clear();
  }

  /** The names under `path`, recursively, as the running system sees them. */
  listFiles(path = '/'): string[] {
    const out: string[] = [];
    const dir = this.#dir(path, 'scandir');
    for (const [name, ino] of dir.entries) {
      const child = posix.join(path, name);
      if (this.nodes.get(ino)?.kind === 'dir') out.push(...this.listFiles(child));
      else out.push(child);
    }
    return out.sort();
  }
}
