// The stats of the generation files a listing looks at, taken again only when the state
// directory changed. A listing (`/api/components`) stats every generation of every component
// (10 components x 4 generations): a browser that lists a few times a second made the console
// stat the agent's directory over a thousand times a second, each stat a trip through the
// thread pool, while the file names change only when a save, restore or quarantine renames,
// links or unlinks one — and each of those changes the directory's mtime.
//
// So a listing stats the directory first, and reuses the file stats of the last listing when
// the directory is unchanged, with two guards:
// - settling: file timestamps come from a clock that ticks every few ms, so a change within the
//   tick of the directory's stat could leave its mtime as it was. A snapshot is reused only when
//   it was taken SETTLE_MS after the directory's last change (as git treats a "racily clean" index).
// - a maximum age: a file rewritten in place (not by the agent or the console, whose writes all
//   replace a file by rename; by hand, or a test) leaves the directory as it was. Its new
//   content is seen within maxAgeMs, or at once by verify-now (forget()).

import type { FileStat, FileSystem } from '@quantum/persistence-core';

/** stat of one generation file, for one listing. */
export type StatOf = (path: string) => Promise<FileStat | undefined>;

export interface ListingStatsOptions {
  /** How long a snapshot of an unchanged directory is reused; 0: never (every listing stats every file). */
  maxAgeMs?: number;
  now?: () => number;
}

/** Longer than the file-timestamp clock's tick (4 ms at HZ 250, 10 ms at HZ 100), with margin. */
export const SETTLE_MS = 25;

interface Snapshot {
  directory: FileStat;
  takenAt: number;
  stats: Map<string, FileStat | undefined>;
}

export class ListingStats {
  maxAgeMs: number;
  readonly #fs: FileSystem;
  readonly #directory: string;
  readonly #now: () => number;
  #snapshot: Snapshot | undefined;
  /** Stats made: of the directory, and of generation files (a probe for the benchmark). */
  readonly counts = { directory: 0, files: 0 };

  constructor(fs: FileSystem, directory: string, options: ListingStatsOptions = {}) {
    this.#fs = fs;
    this.#directory = directory;
    this.maxAgeMs = options.maxAgeMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** The next listing stats every file again. */
  forget(): void {
    this.#snapshot = undefined;
  }

  /** A stat function for one listing: from the last snapshot when the directory has not changed since. */
  async view(): Promise<StatOf> {
    if (this.maxAgeMs <= 0) return (path) => this.#statFile(path);
    const takenAt = this.#now();
    this.counts.directory++;
    const directory = await this.#fs.stat(this.#directory);
    const last = this.#snapshot;
    if (directory !== undefined && last !== undefined && reusable(last, directory, takenAt, this.maxAgeMs)) return (path) => this.#statOnce(last, path);
    // Stats taken from here on are at least as new as this stat of the directory.
    const snapshot: Snapshot | undefined = directory === undefined ? undefined : { directory, takenAt, stats: new Map() };
    this.#snapshot = snapshot;
    return snapshot === undefined ? (path) => this.#statFile(path) : (path) => this.#statOnce(snapshot, path);
  }

  async #statOnce(snapshot: Snapshot, path: string): Promise<FileStat | undefined> {
    if (snapshot.stats.has(path)) return snapshot.stats.get(path);
    const stat = await this.#statFile(path);
    snapshot.stats.set(path, stat);
    return stat;
  }

  #statFile(path: string): Promise<FileStat | undefined> {
    this.counts.files++;
    return this.#fs.stat(path);
  }
}

function reusable(snapshot: Snapshot, directory: FileStat, now: number, maxAgeMs: number): boolean {
  const before = snapshot.directory;
  const unchanged = directory.ino === before.ino && directory.mtimeMs === before.mtimeMs && directory.size === before.size;
  const settled = before.mtimeMs < snapshot.takenAt - SETTLE_MS;
  return unchanged && settled && now - snapshot.takenAt < maxAgeMs;
}
