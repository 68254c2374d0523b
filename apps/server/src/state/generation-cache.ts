// Decoded generations kept in memory, bounded by bytes (least recently used goes first).
// Keyed by the file's identity (inode, size, mtime), so a generation rotated from current to
// .bak by a rename is still a cache hit, and by (component, seq) for pinned generations.

import type { FileHeader } from '@quantum/persistence-core';

export interface CachedGeneration {
  component: string;
  seq: number;
  header: FileHeader;
  sizeBytes: number;
  state: unknown;
  /** Lazily built per-generation data (tables, sort indexes), dropped with the entry. */
  derived: Map<string, unknown>;
  approxBytes: number;
}

export function fileIdentity(stat: { ino: number; size: number; mtimeMs: number }): string {
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

export class GenerationCache {
  readonly #byFile = new Map<string, CachedGeneration>();
  readonly #bySeq = new Map<string, CachedGeneration>();
  #bytes = 0;

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.#byFile.size;
  }

  getByFile(component: string, identity: string): CachedGeneration | undefined {
    const key = `${component}|${identity}`;
    const entry = this.#byFile.get(key);
    if (entry !== undefined) this.#touch(key, entry);
    return entry;
  }

  getBySeq(component: string, seq: number): CachedGeneration | undefined {
    return this.#bySeq.get(`${component}|${seq}`);
  }

  put(identity: string, entry: CachedGeneration): void {
    const key = `${entry.component}|${identity}`;
    if (this.#byFile.has(key)) return;
    this.#byFile.set(key, entry);
    this.#bySeq.set(`${entry.component}|${entry.seq}`, entry);
    this.#bytes += entry.approxBytes;
    this.#evict(key);
  }

  /** Counts memory added after the entry was cached (sort indexes, tables). */
  grow(entry: CachedGeneration, bytes: number): void {
    entry.approxBytes += bytes;
    this.#bytes += bytes;
  }

  #touch(key: string, entry: CachedGeneration): void {
    this.#byFile.delete(key);
    this.#byFile.set(key, entry);
  }

  // Keeps at least the entry just added, even when it alone exceeds the bound.
  #evict(keep: string): void {
    for (const [key, entry] of this.#byFile) {
      if (this.#bytes <= this.maxBytes) break;
      if (key === keep) continue;
      this.#byFile.delete(key);
      const seqKey = `${entry.component}|${entry.seq}`;
      if (this.#bySeq.get(seqKey) === entry) this.#bySeq.delete(seqKey);
      this.#bytes -= entry.approxBytes;
    }
  }
}

/** Bytes held by the typed arrays reachable from a decoded state. */
export function approximateBytes(value: unknown, depth = 0): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (depth > 6 || value === null || typeof value !== 'object') return 16;
  let total = 64;
  for (const child of Array.isArray(value) ? value : Object.values(value)) total += approximateBytes(child, depth + 1);
  return total;
}
