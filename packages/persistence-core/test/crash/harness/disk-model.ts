// The disk as a power cut sees it: for every file the bytes written so far and the bytes
// made durable by the last fsync; for every directory the names it holds now, the names
// made durable by its last fsync, and the directory operations still pending in between.

/** The unit a write is torn in: the page cache writes back whole pages. */
export const PAGE_BYTES = 4096;

export interface FileNode {
  kind: 'file';
  ino: number;
  /** What a read returns now (the page cache). */
  data: Uint8Array;
  /** What survives a power cut for sure: the content at the last fsync/fdatasync. */
  durable: Uint8Array;
  /** Pages written (or truncated) since the last fsync: each may be lost, or survive. */
  dirty: Set<number>;
  mode: number;
  mtimeMs: number;
}

/**
 * A name change in one directory, not yet made durable by fsync of that directory.
 * Each carries the inode it names, so it means the same whatever other pending ops persisted.
 */
export type DirectoryOp = (
  | { kind: 'set'; name: string; ino: number; label: string }
  | { kind: 'delete'; name: string; label: string }
  /** A rename within one directory is atomic: the old name goes exactly when the new one comes. */
  | { kind: 'rename'; from: string; to: string; ino: number; label: string }
  /**
   * A rename into this directory from another one, atomic as in a journaling file system: it
   * persists whole or not at all, and fsync of either directory makes it durable.
   */
  | { kind: 'move-in'; name: string; ino: number; fromDirectory: number; fromName: string; label: string }
) & {
  /** Issue order across all directories, for the prefix model (RecordingOptions.metadataOrder). */
  order?: number;
};

export interface DirectoryNode {
  kind: 'dir';
  ino: number;
  entries: Map<string, number>;
  durableEntries: Map<string, number>;
  pending: DirectoryOp[];
  mode: number;
  mtimeMs: number;
}

export type DiskNode = FileNode | DirectoryNode;

export const ROOT_INO = 1;

/** Applies `op` to this directory's entries (a move-in's removal from its source is the caller's). */
export function applyDirectoryOp(entries: Map<string, number>, op: DirectoryOp): void {
  if (op.kind === 'set' || op.kind === 'move-in') entries.set(op.name, op.ino);
  else if (op.kind === 'delete') entries.delete(op.name);
  else {
    entries.delete(op.from);
    entries.set(op.to, op.ino);
  }
}

export function pagesOf(start: number, end: number, pageBytes = PAGE_BYTES): number[] {
  const pages: number[] = [];
  for (let page = Math.floor(start / pageBytes); page * pageBytes < end; page++) pages.push(page);
  return pages;
}

/** A file's content after a power cut: `survived` pages from the page cache, the rest as last synced. */
export function contentAfterCut(node: FileNode, survived: ReadonlySet<number>, size: number, pageBytes = PAGE_BYTES): Uint8Array {
  const out = new Uint8Array(new ArrayBuffer(size));
  for (let page = 0; page * pageBytes < size; page++) {
    const source = survived.has(page) ? node.data : node.durable;
    const start = page * pageBytes;
    const end = Math.min(size, start + pageBytes);
    // Bytes the source does not have read as zeros: a size that persisted ahead of its data.
    out.set(source.subarray(Math.min(start, source.byteLength), Math.min(end, source.byteLength)), start);
  }
  return out;
}

export function cloneNode(node: DiskNode): DiskNode {
  if (node.kind === 'file') {
    return { ...node, data: node.data.slice(), durable: node.durable.slice(), dirty: new Set(node.dirty) };
  }
  return { ...node, entries: new Map(node.entries), durableEntries: new Map(node.durableEntries), pending: [...node.pending] };
}
