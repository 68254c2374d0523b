// Files this process has verified (or written), identified by inode, size and mtime,
// so a save does not re-read the whole chain every time.

import type { FileSystem } from '../fs/file-system.js';

interface Identity {
  ino: number;
  size: number;
  mtimeMs: number;
  seq: number;
}

export class VerifiedFiles {
  readonly #byPath = new Map<string, Identity>();

  async remember(fs: FileSystem, path: string, seq: number): Promise<void> {
    const stat = await fs.stat(path);
    if (stat !== undefined) this.#byPath.set(path, { ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs, seq });
  }

  /** The seq of a file verified before, if it is still the same file; renames carry identities along. */
  async seqOf(fs: FileSystem, path: string): Promise<number | undefined> {
    const stat = await fs.stat(path);
    if (stat === undefined) return undefined;
    for (const identity of this.#byPath.values()) {
      if (identity.ino === stat.ino && identity.size === stat.size && identity.mtimeMs === stat.mtimeMs) return identity.seq;
    }
    return undefined;
  }
}
