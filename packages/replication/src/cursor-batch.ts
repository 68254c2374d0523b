// Cursor writes batched over a run of uploads (the fsync pair is most of a generation's cost),
// with the outbox entries that may only be unlinked or held once the cursor covering them is
// durable. A crash before a flush loses nothing: the objects are recognised by digest next time.

import type { FileSystem } from '@quantum/persistence-core';
import type { CursorState } from './cursor.js';
import { saveCursor } from './cursor.js';
import type { OutboxEntry } from './outbox.js';
import { holdOutboxEntry, removeOutboxEntry } from './outbox.js';

/** Generations uploaded between two cursor writes at most. */
export const CURSOR_BATCH = 32;

export class CursorBatch {
  #changes = 0;
  readonly #uploaded: OutboxEntry[] = [];
  readonly #bad: OutboxEntry[] = [];

  constructor(readonly fs: FileSystem, readonly directory: string, readonly cursor: CursorState) {}

  /** One generation recorded in the cursor; `entry` is settled (removed, or held when `bad`) after the next flush. */
  record(entry: OutboxEntry | undefined, outcome: 'uploaded' | 'bad' | 'none'): void {
    this.#changes++;
    if (entry !== undefined && outcome === 'uploaded') this.#uploaded.push(entry);
    if (entry !== undefined && outcome === 'bad') this.#bad.push(entry);
  }

  get full(): boolean {
    return this.#changes >= CURSOR_BATCH;
  }

  /** Makes the cursor durable, then lets go of the entries it covers. */
  async flush(): Promise<void> {
    if (this.#changes === 0) return;
    await saveCursor(this.directory, this.cursor, this.fs);
    this.#changes = 0;
    for (const entry of this.#uploaded.splice(0)) await removeOutboxEntry(this.fs, entry);
    for (const entry of this.#bad.splice(0)) await holdOutboxEntry(this.fs, this.directory, entry);
  }
}
