// The replication outbox: `.outbox/` in the state directory, created by the off-site replicator.
// While it exists, every committed generation is hard-linked into it as `<fileName>.<seq, 12 digits>`,
// so fast saves cannot rotate a generation off the four local slots before it is uploaded.
// The replicator unlinks an entry once uploaded. Linking never fails a save: problems are reported.

import { join } from 'node:path';
import type { FileSystem } from '../fs/file-system.js';
import { errnoOf } from '../fs/file-system.js';

export const OUTBOX_DIRECTORY = '.outbox';
/** Entries beyond which saves stop linking, so a dead replicator cannot fill the disk. */
export const DEFAULT_OUTBOX_LIMIT = 10_000;
/** How long a "no outbox" answer is trusted before the directory is looked for again. */
const ABSENT_RECHECK_MS = 1_000;
/** How long an entry count is trusted once it reaches the limit (the replicator drains meanwhile). */
const RECOUNT_MS = 1_000;

const SEQ_DIGITS = 12;
const ENTRY_PATTERN = new RegExp(`^(.+)\\.(\\d{${SEQ_DIGITS}})$`);

export function outboxEntryName(fileName: string, seq: number): string {
  return `${fileName}.${String(seq).padStart(SEQ_DIGITS, '0')}`;
}

export function parseOutboxEntry(name: string): { fileName: string; seq: number } | undefined {
  const match = ENTRY_PATTERN.exec(name);
  return match === null ? undefined : { fileName: match[1] as string, seq: Number(match[2]) };
}

/** What a save did with the outbox; absent from the SaveResult when replication is off. */
export interface OutboxLink {
  linked: boolean;
  /** The entry's name inside `.outbox/`. */
  entry: string;
  /** Why it was not linked (or not made durable): the outbox is full, or the link/fsync failed. */
  error?: string;
}

export class Outbox {
  readonly path: string;
  readonly limit: number;
  readonly #fs: FileSystem;
  /** undefined: not looked at yet. */
  #present: boolean | undefined;
  #absentSince = 0;
  /** Entries at the last count plus those linked since: an upper bound while only this process links. */
  #entries = 0;
  #countedAt = -Infinity;

  constructor(fs: FileSystem, directory: string, limit = DEFAULT_OUTBOX_LIMIT) {
    this.#fs = fs;
    this.path = join(directory, OUTBOX_DIRECTORY);
    this.limit = limit;
  }

  /** Whether the replicator asked for links: a stat at most once a second while it has not. */
  async enabled(): Promise<boolean> {
    const now = performance.now();
    if (this.#present === true || (this.#present === false && now - this.#absentSince < ABSENT_RECHECK_MS)) return this.#present;
    const stat = await this.#fs.stat(this.path).catch(() => undefined);
    this.#present = stat?.isDirectory === true;
    if (this.#present) await this.#count();
    else this.#absentSince = now;
    return this.#present;
  }

  /**
   * Links the committed file at `path` as the entry of (`fileName`, `seq`); the caller makes it
   * durable (see syncDirectory). Never throws; undefined when the outbox is gone.
   */
  async link(path: string, fileName: string, seq: number): Promise<OutboxLink | undefined> {
    const entry = outboxEntryName(fileName, seq);
    if (this.#entries >= this.limit && performance.now() - this.#countedAt >= RECOUNT_MS) await this.#count();
    if (this.#entries >= this.limit) {
      return { linked: false, entry, error: `${this.path} holds ${this.#entries} entries, its limit: the replicator is behind or stopped` };
    }
    try {
      await this.#fs.link(path, join(this.path, entry));
      this.#entries++;
      return { linked: true, entry };
    } catch (error) {
      if (errnoOf(error) === 'ENOENT' && (await this.#fs.stat(this.path).catch(() => undefined)) === undefined) {
        // The replicator removed the outbox: replication is off again.
        this.#present = false;
        this.#absentSince = performance.now();
        return undefined;
      }
      return { linked: false, entry, error: `link into ${this.path} failed: ${(error as Error).message}` };
    }
  }

  /** fsync of the outbox directory, for file systems whose directory operations may persist out of order. */
  async syncDirectory(link: OutboxLink): Promise<OutboxLink> {
    try {
      await this.#fs.syncDirectory(this.path);
      return link;
    } catch (error) {
      return { linked: false, entry: link.entry, error: `linked, but fsync of ${this.path} failed: ${(error as Error).message}` };
    }
  }

  /** The highest seq of `fileName` with an entry (0 if none): a seq must not be reused while its entry waits. */
  async highestSeq(fileName: string): Promise<number> {
    const names = await this.#fs.readdir(this.path).catch(() => [] as string[]);
    let highest = 0;
    for (const name of names) {
      const entry = parseOutboxEntry(name);
      if (entry?.fileName === fileName) highest = Math.max(highest, entry.seq);
    }
    return highest;
  }

  async #count(): Promise<void> {
    try {
      this.#entries = (await this.#fs.readdir(this.path)).filter((name) => parseOutboxEntry(name) !== undefined).length;
    } catch {
      this.#entries = 0;
    }
    this.#countedAt = performance.now();
  }
}
