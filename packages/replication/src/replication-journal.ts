// The replicator's own NDJSON journal beside the save journal: one line per pass that did
// something, per failure, verification and retention run, each with the lag at that moment.
// Not fsynced (an operations log). Rotated to `.1` past 4 MiB.

import { join } from 'node:path';
import type { FileSystem } from '@quantum/persistence-core';
import { nodeFileSystem } from './fs-helpers.js';
import type { ReplicationLag } from './lag.js';

export const REPLICATION_JOURNAL_FILE = 'ProjectQuantum_ReplicationJournal.ndjson';
const MAX_BYTES = 4 * 1024 * 1024;

export type ReplicationEventKind = 'pass' | 'failure' | 'verify' | 'retention';

export interface ReplicationEvent {
  time: number;
  kind: ReplicationEventKind;
  outcome: 'ok' | 'warning' | 'failed';
  message: string;
  lag?: Pick<ReplicationLag, 'seconds' | 'generations' | 'bytesPending'>;
  detail?: Record<string, string | number | boolean>;
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
