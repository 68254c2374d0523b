// Reading and tailing the save journal from any process (the console server's live latency
// view). A JournalPosition is an opaque string that sorts in journal order: it names the
// segment and the byte offset after an entry, so it survives rotation and can be an SSE id.

import type { FileHandle, FileSystem } from '../fs/file-system.js';
import { errnoOf } from '../fs/file-system.js';
import { nodeFileSystem } from '../fs/node-file-system.js';
import type { JournalEntry } from './journal.js';
import { ROTATED_SUFFIX, journalPath, parseSegmentHeader } from './journal.js';

/** Opaque, ordered by string comparison; pass it back as `after` to continue. */
export type JournalPosition = string;

export interface PositionedEntry {
  position: JournalPosition;
  entry: JournalEntry;
}

export interface ReadJournalOptions {
  /** Return only entries after this position; from the oldest kept entry when absent. */
  after?: JournalPosition;
  /** At most this many entries (the oldest first). */
  limit?: number;
  fs?: FileSystem;
}

export interface JournalPage {
  entries: PositionedEntry[];
  /** Where the next read should continue: the last entry returned, else `after`. */
  position: JournalPosition | undefined;
  /** Lines that were not valid JSON entries and were skipped. */
  skippedLines: number;
}

const SEGMENT_DIGITS = 8;
const OFFSET_DIGITS = 12;

export function formatPosition(segment: number, offset: number): JournalPosition {
  return `${String(segment).padStart(SEGMENT_DIGITS, '0')}:${String(offset).padStart(OFFSET_DIGITS, '0')}`;
}

export function parsePosition(position: JournalPosition): { segment: number; offset: number } | undefined {
  const match = /^(\d{1,8}):(\d{1,12})$/.exec(position);
  return match === null ? undefined : { segment: Number(match[1]), offset: Number(match[2]) };
}

interface Segment {
  path: string;
  segment: number;
  /** Offset of the first entry, after the header line. */
  firstEntry: number;
}

export async function readJournal(directory: string, options: ReadJournalOptions = {}): Promise<JournalPage> {
  const fs = options.fs ?? nodeFileSystem;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const segments = await listSegments(fs, journalPath(directory));
  let after = options.after === undefined ? undefined : parsePosition(options.after);
  // A journal deleted and started over numbers its segments from 0 again: read it from the start.
  if (after !== undefined && segments.every((segment) => segment.segment < (after as { segment: number }).segment)) after = undefined;
  const page: JournalPage = { entries: [], position: options.after, skippedLines: 0 };
  for (const segment of segments) {
    if (page.entries.length >= limit) break;
    if (after !== undefined && segment.segment < after.segment) continue;
    const start = after !== undefined && segment.segment === after.segment ? Math.max(after.offset, segment.firstEntry) : segment.firstEntry;
    await readSegment(fs, segment, start, limit, page);
  }
  return page;
}

export interface FollowJournalOptions extends Omit<ReadJournalOptions, 'limit'> {
  intervalMs?: number;
  signal?: AbortSignal;
}

/** Yields every entry after `after`, then new ones as they are appended, until `signal` aborts. */
export async function* followJournal(directory: string, options: FollowJournalOptions = {}): AsyncGenerator<PositionedEntry> {
  const intervalMs = options.intervalMs ?? 250;
  let position = options.after;
  while (options.signal?.aborted !== true) {
    const page = await readJournal(directory, { ...(position === undefined ? {} : { after: position }), limit: 1000, ...(options.fs === undefined ? {} : { fs: options.fs }) });
    for (const entry of page.entries) yield entry;
    position = page.position;
    if (page.entries.length === 0) await abortableSleep(intervalMs, options.signal);
  }
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

async function listSegments(fs: FileSystem, path: string): Promise<Segment[]> {
  const segments: Segment[] = [];
  for (const candidate of [path + ROTATED_SUFFIX, path]) {
    const head = await readAt(fs, candidate, 0, 256);
    if (head === undefined) continue;
    const end = head.indexOf(0x0a);
    const header = end < 0 ? undefined : parseSegmentHeader(Buffer.from(head.subarray(0, end)).toString('utf8'));
    if (header === undefined) continue;
    if (segments.some((known) => known.segment === header.segment)) continue;
    segments.push({ path: candidate, segment: header.segment, firstEntry: end + 1 });
  }
  return segments.sort((a, b) => a.segment - b.segment);
}

async function readSegment(fs: FileSystem, segment: Segment, start: number, limit: number, page: JournalPage): Promise<void> {
  const bytes = await readAt(fs, segment.path, start);
  if (bytes === undefined) return;
  let lineStart = 0;
  for (let newline = bytes.indexOf(0x0a); newline >= 0 && page.entries.length < limit; newline = bytes.indexOf(0x0a, lineStart)) {
    const entry = parseEntry(Buffer.from(bytes.subarray(lineStart, newline)).toString('utf8'));
    lineStart = newline + 1;
    const position = formatPosition(segment.segment, start + lineStart);
    page.position = position;
    if (entry === undefined) page.skippedLines++;
    else page.entries.push({ position, entry });
  }
}

function parseEntry(line: string): JournalEntry | undefined {
  try {
    const parsed = JSON.parse(line) as Partial<JournalEntry>;
    return typeof parsed.kind === 'string' && typeof parsed.time === 'number' && typeof parsed.outcome === 'string' ? (parsed as JournalEntry) : undefined;
  } catch {
    return undefined;
  }
}

/** Bytes of `path` from `offset` (to the end, or `length` bytes); undefined if it does not exist. */
async function readAt(fs: FileSystem, path: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
  let handle: FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const size = await handle.size();
    const buffer = new Uint8Array(Math.max(0, Math.min(length ?? size, size - offset)));
    let filled = 0;
    while (filled < buffer.byteLength) {
      const n = await handle.read(buffer.subarray(filled), offset + filled);
      if (n === 0) break;
      filled += n;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
