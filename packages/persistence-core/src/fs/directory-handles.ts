// Directory fsync through a descriptor held open between calls. Opening, fsyncing and closing a
// directory is three trips through libuv's thread pool; a save fsyncs its directory twice, and
// the two extra trips each time cost more than the fsync's own work here (bench/core: a 10k save
// 0.6 ms faster). Each call still fsyncs the directory that is at `path` while it runs: the path
// is stat'ed beside the fsync, and if it no longer names the held directory (moved, removed,
// replaced) that descriptor is dropped and the directory now at the path is opened and fsynced.
// An fsync through a descriptor opened earlier reports at least the write-back errors one opened
// now would (errseq: errors since the descriptor was opened, or not yet seen by anyone).
// The most recently used MAX_HELD directories keep a descriptor; the least recent is closed.

import { constants, statSync } from 'node:fs';
import * as fsp from 'node:fs/promises';

const MAX_HELD = 16;

interface Held {
  handle: fsp.FileHandle;
  dev: number;
  ino: number;
  /** fsyncs in flight: an evicted descriptor is closed when the last one ends. */
  users: number;
  evicted: boolean;
}

interface Entry {
  opening: Promise<Held>;
  /** Set once opened. */
  held?: Held;
}

export class DirectoryHandles {
  /** Insertion order is recency: a use moves its entry to the end. */
  readonly #held = new Map<string, Entry>();

  async sync(path: string): Promise<void> {
    const held = await this.#use(path);
    try {
      const synced = held.handle.sync();
      const now = statOrUndefined(path);
      try {
        await synced;
      } catch (error) {
        this.#drop(path, held);
        throw error;
      }
      if (now !== undefined && now.dev === held.dev && now.ino === held.ino) return;
      this.#drop(path, held);
    } finally {
      this.#release(held);
    }
    // The path names another directory now (or none: opening it fails as an uncached sync would).
    const fresh = await this.#use(path);
    try {
      await fresh.handle.sync();
    } finally {
      this.#release(fresh);
    }
  }

  async #use(path: string): Promise<Held> {
    let entry = this.#held.get(path);
    if (entry === undefined) {
      const opened: Entry = { opening: openHeld(path) };
      opened.opening.then(
        (held) => (opened.held = held),
        () => this.#held.get(path) === opened && this.#held.delete(path),
      );
      entry = opened;
    } else {
      this.#held.delete(path);
    }
    this.#held.set(path, entry);
    this.#evictBeyondLimit();
    const held = await entry.opening;
    held.users++;
    return held;
  }

  #release(held: Held): void {
    held.users--;
    if (held.evicted && held.users === 0) void held.handle.close().catch(() => undefined);
  }

  #drop(path: string, held: Held): void {
    if (this.#held.get(path)?.held === held) this.#held.delete(path);
    this.#retire(held);
  }

  #retire(held: Held): void {
    if (held.evicted) return;
    held.evicted = true;
    if (held.users === 0) void held.handle.close().catch(() => undefined);
  }

  #evictBeyondLimit(): void {
    while (this.#held.size > MAX_HELD) {
      const [oldest, entry] = this.#held.entries().next().value as [string, Entry];
      this.#held.delete(oldest);
      void entry.opening.then((held) => this.#retire(held), () => undefined);
    }
  }
}

async function openHeld(path: string): Promise<Held> {
  const handle = await fsp.open(path, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    const stat = await handle.stat();
    return { handle, dev: stat.dev, ino: stat.ino, users: 0, evicted: false };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

/** The path's stat now, taken on this thread: a lookup of a directory in use, microseconds. */
function statOrUndefined(path: string): { dev: number; ino: number } | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    // Unreadable now: treated as another directory, which the reopen reports.
    return undefined;
  }
}
