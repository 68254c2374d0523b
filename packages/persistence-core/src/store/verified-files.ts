// Files this process has verified (or written), identified by inode, size and mtime,
// so a save does not re-read the whole chain every time and a load lists the generations it
// did not need without opening them. Renames and links keep the identity, so a generation
// stays known as it moves down the chain.

import type { FileStat, FileSystem } from '../fs/file-system.js';
import type { FileHeader } from '../format/header.js';

/** Enough for every generation of every component, with room for files that left the chain. */
const CAPACITY = 256;

export interface VerifiedFile {
  seq: number;
  header?: FileHeader;
}

export function identityOf(stat: FileStat): string {
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

export class VerifiedFiles {
  readonly #byIdentity = new Map<string, VerifiedFile>();

  async remember(fs: FileSystem, path: string, seq: number, header?: FileHeader): Promise<void> {
    const stat = await fs.stat(path);
    if (stat !== undefined) this.rememberStat(stat, seq, header);
  }

  /** For a file whose stat was taken already (a renamed temp file keeps inode, size and mtime). */
  rememberStat(stat: FileStat, seq: number, header?: FileHeader): void {
    const identity = identityOf(stat);
    this.#byIdentity.delete(identity);
    this.#byIdentity.set(identity, header === undefined ? { seq } : { seq, header });
    if (this.#byIdentity.size > CAPACITY) this.#byIdentity.delete(this.#byIdentity.keys().next().value as string);
  }

  /** What is known of the file with this stat. */
  known(stat: FileStat): VerifiedFile | undefined {
    return this.#byIdentity.get(identityOf(stat));
  }
}
