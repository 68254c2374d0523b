// Replication status read from the state directory alone (cursor, generation headers, outbox
// and the replication journal's newest events), for a process that is not the replicator: the
// console server, the agent, `quantum-replicate status`. No bucket access, no credentials,
// no replicator in the calling process.

import { join } from 'node:path';
import type { FileSystem } from '@quantum/persistence-core';
import { defaultComponents } from './components.js';
import type { CursorState } from './cursor.js';
import { CURSOR_FILE } from './cursor.js';
import { nodeFileSystem } from './fs-helpers.js';
import type { ReplicationLag } from './lag.js';
import { measureLag } from './lag.js';
import type { ReplicatedComponent } from './local-generations.js';
import { outboxPath } from './outbox.js';
import type { ReplicationEvent, ReplicationEventKind } from './replication-journal.js';
import { lastJournalEvents } from './replication-journal.js';

export interface DiskReplicationStatus {
  /** false: no replicator has written a cursor or a journal line in this directory. */
  configured: boolean;
  /** From the cursor (absent until the first cursor write). */
  target?: { bucket: string; prefix: string; installation: string };
  /** Now, from the local headers, the outbox and the cursor (not the lag of the last journal line). */
  lag: ReplicationLag;
  /** Whether the outbox directory exists (a replicator created it: saves link into it). */
  outbox: boolean;
  /** Per component, from the cursor: seqs that were never uploaded and why (newest 100 each). */
  problems: { component: string; missed: number[]; rejected: { seq: number; reason: string }[]; verifiedSeq?: number }[];
  /** The newest journal event of each kind. */
  last: Partial<Record<ReplicationEventKind, ReplicationEvent>>;
  lastPass?: { at: number; outcome: ReplicationEvent['outcome']; message: string };
  /** Set while the newest failure is newer than the newest pass and lag record. */
  lastError?: { at: number; message: string; consecutiveFailures?: number; retryInMs?: number };
  lastVerification?: { at: number; ok: boolean; checked?: number; message: string };
  lastRetention?: { at: number; message: string };
  /** Time of the first failure of the current run of failures (set only while failing). */
  failingSince?: number;
  /** Time of the replicator's newest journal line of any kind (lag records are written every minute by a running replicator). */
  lastSeenAt?: number;
}

export interface DiskStatusOptions {
  fs?: FileSystem;
  components?: readonly ReplicatedComponent[];
  now?: number;
}

export async function readReplicationStatus(directory: string, options: DiskStatusOptions = {}): Promise<DiskReplicationStatus> {
  const fs = options.fs ?? nodeFileSystem;
  const cursor = await readCursorIfAny(fs, directory);
  const empty: CursorState = { version: 1, bucket: '', prefix: '', installation: '', components: {} };
  const lag = await measureLag(fs, directory, options.components ?? defaultComponents(), cursor ?? empty, options.now ?? Date.now());
  const last = await lastJournalEvents(directory, fs);
  const status: DiskReplicationStatus = {
    configured: cursor !== undefined || Object.keys(last).length > 0,
    lag,
    outbox: (await fs.stat(outboxPath(directory)))?.isDirectory === true,
    problems: Object.entries(cursor?.components ?? {})
      .filter(([, state]) => state.missed.length + state.rejected.length > 0 || state.verifiedSeq !== undefined)
      .map(([component, state]) => ({ component, missed: state.missed, rejected: state.rejected, ...(state.verifiedSeq === undefined ? {} : { verifiedSeq: state.verifiedSeq }) })),
    last,
  };
  if (cursor !== undefined) status.target = { bucket: cursor.bucket, prefix: cursor.prefix, installation: cursor.installation };
  const { pass, failure, verify, retention } = last;
  if (pass !== undefined) status.lastPass = { at: pass.time, outcome: pass.outcome, message: pass.message };
  // A lag record is only written after a successful pass: a newer one also ends a run of failures.
  if (failure !== undefined && failure.time >= Math.max(pass?.time ?? 0, last.lag?.time ?? 0)) {
    status.lastError = { at: failure.time, message: failure.message, ...numbers(failure, 'consecutiveFailures', 'retryInMs') };
    status.failingSince = Number(failure.detail?.['failingSince'] ?? failure.time);
  }
  if (verify !== undefined) status.lastVerification = { at: verify.time, ok: verify.outcome === 'ok', message: verify.message, ...numbers(verify, 'checked') };
  if (retention !== undefined) status.lastRetention = { at: retention.time, message: retention.message };
  const times = Object.values(last).map((event) => event.time);
  if (times.length > 0) status.lastSeenAt = Math.max(...times);
  return status;
}

async function readCursorIfAny(fs: FileSystem, directory: string): Promise<CursorState | undefined> {
  try {
    return JSON.parse(Buffer.from(await fs.readFile(join(directory, CURSOR_FILE))).toString('utf8')) as CursorState;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT' || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function numbers<K extends string>(event: ReplicationEvent, ...names: K[]): Partial<Record<K, number>> {
  const picked: Partial<Record<K, number>> = {};
  for (const name of names) {
    const value = event.detail?.[name];
    if (typeof value === 'number') picked[name] = value;
  }
  return picked;
}
