// Files this process has verified (or written), identified by inode, size and mtime,
// so a save does not re-read the whole chain every time. Renames and links keep the
// identity, so a generation stays known as it moves down the chain.

import type { FileSystem } from '../fs/file-system.js';

/** Enough for every generation of every component, with room for files that left the chain. */
const CAPACITY = 256;

export class VerifiedFiles {
  readonly #seqByIdentity = new Map<string, number>();

  async remember(fs: FileSystem, path: string, seq: number): Promise<void> {
    const stat = await fs.stat(path);
    if (stat === undefined) return;
    const identity = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    this.#seqByIdentity.delete(identity);
    this.#seqByIdentity.set(identity, seq);
    if (this.#seqByIdentity.size > CAPACITY) this.#seqByIdentity.delete(this.#seqByIdentity.keys().next().value as string);
  }

  /** The seq of a file verified before, if it is still the same file. */
  async seqOf(fs: FileSystem, path: string): Promise<number | undefined> {
    const stat = await fs.stat(path);
    return stat === undefined ? undefined : this.#seqByIdentity.get(`${stat.ino}:${stat.size}:${stat.mtimeMs}`);
  }
}
