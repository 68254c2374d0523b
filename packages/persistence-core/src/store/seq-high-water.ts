// The highest seq ever given out per component file, so a seq is never reused: besides the
// chain, generations moved to quarantine, pinned copies and replication outbox entries count.
// Read once per process and component, then kept up to date by the saves themselves.

import { join } from 'node:path';
import type { ComponentCodec } from '../components/codec.js';
import type { FileSystem } from '../fs/file-system.js';
import { pinnedSeqs } from '../guard/pin-files.js';
import { readHeaderOnly } from './generation-reader.js';
import type { Outbox } from './outbox.js';
import { QUARANTINE_DIRECTORY, listQuarantine } from './quarantine.js';

export class SeqHighWater {
  readonly #highest = new Map<string, number>();
  readonly #fs: FileSystem;
  readonly #directory: string;
  readonly #outbox: Outbox;

  constructor(fs: FileSystem, directory: string, outbox: Outbox) {
    this.#fs = fs;
    this.#directory = directory;
    this.#outbox = outbox;
  }

  /** Pins and outbox entries by name (a pin is never shadowed), quarantined files by header. */
  async of(codec: ComponentCodec<unknown>): Promise<number> {
    let highest = this.#highest.get(codec.fileName);
    if (highest === undefined) {
      highest = 0;
      for (const name of await listQuarantine(this.#fs, this.#directory, codec.fileName)) {
        const header = await readHeaderOnly(this.#fs, join(this.#directory, QUARANTINE_DIRECTORY, name));
        if (header !== undefined && header.componentKind === codec.kind) highest = Math.max(highest, header.seq);
      }
      highest = Math.max(highest, (await pinnedSeqs(this.#fs, this.#directory, codec.fileName))[0] ?? 0, await this.#outbox.highestSeq(codec.fileName));
      this.#highest.set(codec.fileName, highest);
    }
    return highest;
  }

  committed(fileName: string, seq: number): void {
    this.#highest.set(fileName, seq);
  }

  /** After a quarantine: the moved file's seq is read again from quarantine/. */
  forget(fileName: string): void {
    this.#highest.delete(fileName);
  }
}
