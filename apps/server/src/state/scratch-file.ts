// One reused buffer for the files the console only verifies. A health listing verifies every
// generation file the agent writes (5–6 a second while it is browsed, a 17 MB EntryAgent or
// training checkpoint among them); reading each into a fresh buffer cost a 17 MB allocation, its
// page faults and zeroing, and its garbage collection, all on the 2 cores the agent saves on.
// Read into this buffer, a verification costs the copy from the page cache and the HMAC only.
// The bytes are valid during `use` alone: whatever must outlive it (a decoded state is made of
// views on the bytes) needs a file read of its own.

import type { FileSystem } from '@quantum/persistence-core';

export class ScratchFile {
  #buffer = new Uint8Array(0);
  /** Uses run one after another: each needs the whole buffer. */
  #queue: Promise<unknown> = Promise.resolve();

  /** The buffer's size: it grows to the largest file read and stays (one buffer, reused). */
  get capacity(): number {
    return this.#buffer.byteLength;
  }

  /** Reads the whole file at `path` and passes its bytes to `use`; ENOENT propagates. */
  read<T>(fs: FileSystem, path: string, use: (bytes: Uint8Array) => T): Promise<T> {
    const run = this.#queue.then(async () => use(await this.#load(fs, path)));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #load(fs: FileSystem, path: string): Promise<Uint8Array> {
    const handle = await fs.open(path, 'r');
    try {
      // One byte more than the size, so a file that grew meanwhile is seen whole, not cut.
      let wanted = (await handle.size()) + 1;
      let filled = 0;
      for (;;) {
        if (this.#buffer.byteLength < wanted) this.#grow(wanted, filled);
        const read = await handle.read(this.#buffer.subarray(filled, wanted), filled);
        if (read === 0) return this.#buffer.subarray(0, filled);
        filled += read;
        if (filled === wanted) wanted *= 2;
      }
    } finally {
      await handle.close();
    }
  }

  /** A larger buffer holding the `filled` bytes read so far. */
  #grow(bytes: number, filled: number): void {
    const grown = new Uint8Array(Math.max(bytes, Math.ceil(this.#buffer.byteLength * 1.25)));
    grown.set(this.#buffer.subarray(0, filled));
    this.#buffer = grown;
  }
}
