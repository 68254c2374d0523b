// The one interface through which persistence-core touches the disk, so tests can
// substitute a recording file system that simulates power cuts, ENOSPC and EIO.

import type { MetadataOrderProbe } from './metadata-order.js';

export type OpenFlags =
  /** Read only; the file must exist. */
  | 'r'
  /** Read and write; the file must exist. */
  | 'r+'
  /** Create for writing; fails with EEXIST if the file exists. */
  | 'wx'
  /** Create for reading and writing; fails with EEXIST if the file exists. */
  | 'wx+'
  /** Create or open for appending. */
  | 'a';

export interface FileHandle {
  /** Writes at `position` (or the end, for append handles); may write fewer bytes than asked. */
  write(data: Uint8Array, position: number | null): Promise<number>;
  /** Reads into `into` from `position`; returns bytes read, 0 at end of file. */
  read(into: Uint8Array, position: number): Promise<number>;
  /** fsync(2): data and metadata durable, or it throws. */
  sync(): Promise<void>;
  /** fdatasync(2): data (and the size, if it changed) durable, or it throws. */
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  size(): Promise<number>;
  close(): Promise<void>;
}

export interface FileStat {
  /** Inode number: with size and mtime, identifies a file across renames and links. */
  ino: number;
  size: number;
  mtimeMs: number;
  mode: number;
  isDirectory: boolean;
  /** Names the inode has (hard links): 1 when no other name, e.g. a replication outbox entry, shares it. */
  nlink: number;
}

export interface SpaceInfo {
  totalBytes: number;
  freeBytes: number;
}

export interface FileSystem {
  open(path: string, flags: OpenFlags, mode?: number): Promise<FileHandle>;
  /** The whole file in a buffer whose start is 8-byte aligned (typed-array views need it). */
  readFile(path: string): Promise<Uint8Array>;
  /** readFile, with the stat of the very file read (fstat of the handle it was read through). */
  readFileStat?(path: string): Promise<{ bytes: Uint8Array; stat: FileStat }>;
  /** rename(2): atomic replace of `to`; durable only after syncDirectory. */
  rename(from: string, to: string): Promise<void>;
  /** link(2): fails with EEXIST if `to` exists. */
  link(existing: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** mkdir -p with the given mode for directories it creates. */
  mkdir(path: string, mode?: number): Promise<void>;
  readdir(path: string): Promise<string[]>;
  /** undefined when the path does not exist. */
  stat(path: string): Promise<FileStat | undefined>;
  /** fsync(2) on the directory, making renames, links and unlinks in it durable. */
  syncDirectory(path: string): Promise<void>;
  /** statfs(2) of the file system holding `path`: bytes available to this user. */
  statfs(path: string): Promise<SpaceInfo>;
  chmod(path: string, mode: number): Promise<void>;
  /** Whether directory operations persist in order on the file system holding `path` (metadata-order.ts). */
  metadataOrder?(path: string): Promise<MetadataOrderProbe>;
}

/** The errno code of a Node system error, if it is one. */
export function errnoOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

/** Writes every byte of `data` at `position`, looping on short writes. */
export async function writeAll(handle: FileHandle, data: Uint8Array, position: number): Promise<void> {
  let written = 0;
  while (written < data.byteLength) {
    const n = await handle.write(data.subarray(written), position + written);
    if (n <= 0) throw new Error(`write returned ${n} after ${written} of ${data.byteLength} bytes`);
    written += n;
  }
}

/** Reads the whole file through `fs`, or undefined if it does not exist. */
export async function readFileIfExists(fs: FileSystem, path: string): Promise<Uint8Array | undefined> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}
