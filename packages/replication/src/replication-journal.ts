// The replicator's own NDJSON journal beside the save journal: one line per pass that did
// something, per failure, verification and retention run, each with the lag at that moment.
// Not fsynced (an operations log). Rotated to `.1` past 4 MiB.

import { join } from 'node:path';
import type { FileSystem } from '@quantum/persistence-core';
import { nodeFileSystem } from './fs-helpers.js';
import type { ReplicationLag } from './lag.js';

export const REPLICATION_JOURNAL_FILE = 'ProjectQuantum_ReplicationJournal.ndjson';
const MAX_BYTES = 4 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

/** `lag`: the periodic lag record (every `lagRecordEveryMs`, also when nothing happened). */
export type ReplicationEventKind = 'pass' | 'failure' | 'verify' | 'retention' | 'lag';
export const EVENT_KINDS: readonly ReplicationEventKind[] = ['pass', 'failure', 'verify', 'retention', 'lag'];

export interface ReplicationEvent {
  time: number;
  kind: ReplicationEventKind;
  outcome: 'ok' | 'warning' | 'failed';
  message: string;
  lag?: Pick<ReplicationLag, 'seconds' | 'generations' | 'bytesPending'>;
  detail?: Record<string, string | number | boolean>;
  /** Lag records: the components behind, by name. */
  behind?: Record<string, { generations: number; seqs: number; bytes: number; seconds: number }>;
}

export class ReplicationJournal {
  readonly path: string;
  #chain: Promise<void> = Promise.resolve();

  constructor(directory: string, readonly fs: FileSystem = nodeFileSystem) {
    this.path = join(directory, REPLICATION_JOURNAL_FILE);
  }

  /** Never throws: a journal that cannot be written must not stop replication. */
  append(event: ReplicationEvent): Promise<void> {
    this.#chain = this.#chain.then(() => this.#write(event)).catch(() => undefined);
    return this.#chain;
  }

  async #write(event: ReplicationEvent): Promise<void> {
    const handle = await this.fs.open(this.path, 'a', 0o600);
    try {
      await handle.write(Buffer.from(`${JSON.stringify({ ...event, pid: process.pid })}\n`), null);
      if ((await handle.size()) < MAX_BYTES) return;
    } finally {
      await handle.close();
    }
    await this.fs.rename(this.path, `${this.path}.1`);
  }
}

/** The newest event of each kind (current segment, then `.1`), reading backwards from the end in chunks so a status read stays cheap. */
export async function lastJournalEvents(directory: string, fs: FileSystem = nodeFileSystem): Promise<Partial<Record<ReplicationEventKind, ReplicationEvent>>> {
  const found: Partial<Record<ReplicationEventKind, ReplicationEvent>> = {};
  const path = join(directory, REPLICATION_JOURNAL_FILE);
  for (const segment of [path, `${path}.1`]) {
    await readBackwards(fs, segment, (event) => {
      found[event.kind] ??= event;
      return EVENT_KINDS.every((kind) => found[kind] !== undefined);
    });
    if (EVENT_KINDS.every((kind) => found[kind] !== undefined)) break;
  }
  return found;
}

/** Calls `visit` with each complete line's event, newest first, until it returns true. Unparsable lines (a torn last write) are skipped. */
async function readBackwards(fs: FileSystem, path: string, visit: (event: ReplicationEvent) => boolean): Promise<void> {
  let handle;
  try {
    handle = await fs.open(path, 'r');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return;
    throw error;
  }
  try {
    let end = await handle.size();
    let carry = Buffer.alloc(0);
    while (end > 0) {
      const start = Math.max(0, end - CHUNK_BYTES);
      const chunk = Buffer.alloc(end - start);
      let read = 0;
      while (read < chunk.byteLength) {
        const n = await handle.read(chunk.subarray(read), start + read);
        if (n <= 0) break;
        read += n;
      }
      const text = Buffer.concat([chunk.subarray(0, read), carry]);
      end = start;
      // Bytes before the first newline may be the end of a line that starts in the earlier chunk.
      const cut = start > 0 ? text.indexOf(10) : -1;
      carry = start > 0 ? text.subarray(0, cut === -1 ? text.byteLength : cut) : Buffer.alloc(0);
      if (start > 0 && cut === -1) continue;
      const lines = text.subarray(cut + 1).toString('utf8').split('\n');
      for (const line of lines.reverse()) if (line !== '' && visitLine(line, visit)) return;
    }
  } finally {
    await handle.close();
  }
}

function visitLine(line: string, visit: (event: ReplicationEvent) => boolean): boolean {
  try {
    return visit(JSON.parse(line) as ReplicationEvent);
  } catch (error) {
    if (error instanceof SyntaxError) return false;
    throw error;
  }
}

/** Entries of the journal (current segment), oldest first; for the CLI and tests. */
export async function readReplicationJournal(directory: string, fs: FileSystem = nodeFileSystem): Promise<ReplicationEvent[]> {
  try {
    const text = Buffer.from(await fs.readFile(join(directory, REPLICATION_JOURNAL_FILE))).toString('utf8');
    return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as ReplicationEvent);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
}
