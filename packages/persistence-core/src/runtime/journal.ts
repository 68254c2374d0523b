// The save journal: one NDJSON line per save, delta, position write, compaction, restore,
// checkpoint or SaveAll, appended to ProjectQuantum_SaveJournal.ndjson in the state directory
// so other processes (the console server) can tail it.
//
// Stable API for readers (see journal-reader.ts): `readJournal(directory, { after, limit })`
// returns entries with an opaque, ordered `position` string usable as an SSE event id, and
// `followJournal(directory, { after, intervalMs, signal })` yields new entries as they appear.
//
// File layout: the first line of every segment is `{"segment":N,"createdAt":ms}`; the rest
// are JournalEntry objects. When a segment passes `maxBytes` it is renamed to `.1` (the
// previous `.1` is dropped) and segment N+1 starts, so the journal holds at most ~2 x maxBytes.
// Each line is written with one O_APPEND write of less than 4 KiB, so lines from several
// processes never interleave. Lines are not fsynced: the journal is an operations log, not
// state; a power cut may lose its last lines, never a state file.

import { basename, dirname, join } from 'node:path';
import type { FileHandle, FileSystem } from '../fs/file-system.js';
import { errnoOf, writeAll } from '../fs/file-system.js';
import { nodeFileSystem } from '../fs/node-file-system.js';
import { tempPathFor } from '../store/temp-files.js';

export const JOURNAL_FILE = 'ProjectQuantum_SaveJournal.ndjson';
export const ROTATED_SUFFIX = '.1';
export const DEFAULT_JOURNAL_MAX_BYTES = 4 * 1024 * 1024;
/**
 * A write() to an O_APPEND file lands whole at the end on local Linux file systems; lines stay
 * under a page so each one is a single small write everywhere, not split by the kernel.
 */
export const MAX_LINE_BYTES = 4000;
const MAX_ERROR_CHARS = 1000;

export type JournalKind = 'save' | 'delta' | 'position' | 'compaction' | 'restore' | 'checkpoint' | 'saveAll';
export type JournalOutcome = 'ok' | 'failed' | 'skipped' | 'suspect';

export interface JournalEntry {
  /** Milliseconds since the Unix epoch, when the operation finished. */
  time: number;
  kind: JournalKind;
  /** Component name (`EntryAgent`, `ActivePosition`, ...) or `*` for SaveAll. */
  component: string;
  seq?: number;
  bytes?: number;
  outcome: JournalOutcome;
  /** The error message (never a key); cut to 1000 characters. */
  error?: string;
  durationMs: number;
  /** Duration of each phase in milliseconds (lock, encode, write, fsync, ...). */
  phases?: Record<string, number>;
  /** Small kind-specific facts: skipped components, records applied, cut id. */
  detail?: Record<string, string | number | boolean>;
  pid: number;
}

export interface SegmentHeader {
  segment: number;
  createdAt: number;
}

export function journalPath(directory: string): string {
  return join(directory, JOURNAL_FILE);
}

/** The segment number written in the first line of a journal file, if it has one. */
export function parseSegmentHeader(line: string): SegmentHeader | undefined {
  try {
    const parsed = JSON.parse(line) as Partial<SegmentHeader>;
    return typeof parsed.segment === 'number' && typeof parsed.createdAt === 'number' ? (parsed as SegmentHeader) : undefined;
  } catch {
    return undefined;
  }
}

export interface SaveJournalOptions {
  directory: string;
  fs?: FileSystem;
  maxBytes?: number;
  now?: () => number;
}

/** Appends journal lines; never throws into the save path (failures are counted instead). */
export class SaveJournal {
  readonly path: string;
  readonly #fs: FileSystem;
  readonly #maxBytes: number;
  readonly #now: () => number;
  #handle: FileHandle | undefined;
  #chain: Promise<void> = Promise.resolve();
  #failures = 0;
  #lastError: string | undefined;

  constructor(options: SaveJournalOptions) {
    this.path = journalPath(options.directory);
    this.#fs = options.fs ?? nodeFileSystem;
    this.#maxBytes = options.maxBytes ?? DEFAULT_JOURNAL_MAX_BYTES;
    this.#now = options.now ?? Date.now;
  }

  /** Appends failed since this journal was opened, and the last reason. */
  get health(): { failures: number; lastError: string | undefined } {
    return { failures: this.#failures, lastError: this.#lastError };
  }

  /** Queues one line; the promise settles when it is written (or its failure counted). */
  append(entry: Omit<JournalEntry, 'time' | 'pid'> & { time?: number }): Promise<void> {
    const line = formatLine({ ...entry, time: entry.time ?? this.#now(), pid: process.pid });
    this.#chain = this.#chain.then(() => this.#write(line)).catch((error: unknown) => {
      this.#failures++;
      this.#lastError = error instanceof Error ? error.message : String(error);
    });
    return this.#chain;
  }

  async close(): Promise<void> {
    await this.#chain;
    await this.#handle?.close();
    this.#handle = undefined;
  }

  async #write(line: Uint8Array): Promise<void> {
    const handle = await this.#openSegment();
    await handle.write(line, null);
    if ((await handle.size()) >= this.#maxBytes) await this.#rotate();
  }

  async #openSegment(): Promise<FileHandle> {
    if (this.#handle !== undefined) return this.#handle;
    const existing = await this.#fs.stat(this.path);
    if (existing === undefined) await this.#createSegment(await this.#nextSegmentNumber());
    this.#handle = await this.#fs.open(this.path, 'a', 0o600);
    return this.#handle;
  }

  /**
   * Another process may have created the segment first: EEXIST means it did, and that is fine.
   * The header is written to a temp file that is linked into place, so no process can append to
   * the new segment before its header line exists.
   */
  async #createSegment(segment: number): Promise<void> {
    const temp = tempPathFor(dirname(this.path), basename(this.path));
    const handle = await this.#fs.open(temp, 'wx', 0o600);
    try {
      await writeAll(handle, Buffer.from(`${JSON.stringify({ segment, createdAt: this.#now() })}\n`), 0);
    } finally {
      await handle.close();
    }
    try {
      await this.#fs.link(temp, this.path);
    } catch (error) {
      if (errnoOf(error) !== 'EEXIST') throw error;
    } finally {
      await this.#fs.unlink(temp).catch(() => undefined);
    }
  }

  async #nextSegmentNumber(): Promise<number> {
    const rotated = await readFirstLine(this.#fs, this.path + ROTATED_SUFFIX);
    const header = rotated === undefined ? undefined : parseSegmentHeader(rotated);
    return header === undefined ? 0 : header.segment + 1;
  }

  /**
   * Renames the full segment to `.1` and starts the next one. Only rotates when the file at
   * `path` is itself over the limit, so a second process that appended to the old segment
   * after a rotation does not rotate the fresh one away.
   */
  async #rotate(): Promise<void> {
    await this.#handle?.close();
    this.#handle = undefined;
    const current = await this.#fs.stat(this.path);
    if (current === undefined || current.size < this.#maxBytes) return;
    const firstLine = await readFirstLine(this.#fs, this.path);
    const segment = (firstLine === undefined ? undefined : parseSegmentHeader(firstLine))?.segment ?? 0;
    await this.#fs.rename(this.path, this.path + ROTATED_SUFFIX);
    await this.#createSegment(segment + 1);
  }
}

/** One NDJSON line under MAX_LINE_BYTES: long errors and details are cut, never the line split. */
export function formatLine(entry: JournalEntry): Uint8Array {
  const bounded: JournalEntry = entry.error === undefined ? entry : { ...entry, error: entry.error.slice(0, MAX_ERROR_CHARS) };
  let line = Buffer.from(`${JSON.stringify(bounded)}\n`);
  if (line.byteLength > MAX_LINE_BYTES) {
    const { detail: _detail, phases: _phases, ...essential } = bounded;
    line = Buffer.from(`${JSON.stringify({ ...essential, error: essential.error?.slice(0, 200) })}\n`);
  }
  return line;
}

export async function readFirstLine(fs: FileSystem, path: string): Promise<string | undefined> {
  let handle: FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const buffer = new Uint8Array(256);
    const n = await handle.read(buffer, 0);
    const text = Buffer.from(buffer.subarray(0, n)).toString('utf8');
    const end = text.indexOf('\n');
    return end < 0 ? undefined : text.slice(0, end);
  } finally {
    await handle.close();
  }
}
