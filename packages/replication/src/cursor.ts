// The replicator's durable cursor: per component, the highest seq known to be in the bucket.
// Seqs only grow and are uploaded in order, so one number per component says what is done;
// after a crash between a PUT and the cursor write, the object is found by its digest and
// not sent again. Written temp + fsync + rename + directory fsync, like a state file.

import { join } from 'node:path';
import type { FileSystem } from '@quantum/persistence-core';
import { nodeFileSystem, writeFileDurably } from './fs-helpers.js';
import { ReplicationError } from './errors.js';
import type { ReplicationTarget } from './config.js';

export const CURSOR_FILE = 'ProjectQuantum_Replication.cursor.json';
const MAX_LISTED = 100;

export interface ComponentCursor {
  /** Every generation up to this seq that existed locally when it was reached is in the bucket. */
  uploadedSeq: number;
  uploadedAt?: number;
  /** Seqs that rotated off the local chain before they could be uploaded (newest 100). */
  missed: number[];
  /** Seqs that failed local verification and were not uploaded (newest 100). */
  rejected: { seq: number; reason: string }[];
  /** Newest seq whose replica passed a restore-and-compare; retention never deletes it. */
  verifiedSeq?: number;
  /** Last delta-log record uploaded (Q-table components). */
  delta?: { baseSeq: number; recordSeq: number };
}

export interface CursorState {
  version: 1;
  bucket: string;
  prefix: string;
  installation: string;
  components: Record<string, ComponentCursor>;
}

export function emptyCursor(target: Pick<ReplicationTarget, 'bucket' | 'prefix' | 'installation'>): CursorState {
  return { version: 1, bucket: target.bucket, prefix: target.prefix, installation: target.installation, components: {} };
}

export function componentCursor(state: CursorState, component: string): ComponentCursor {
  return (state.components[component] ??= { uploadedSeq: 0, missed: [], rejected: [] });
}

/** A retried pass may note the same gap again: kept once, in seq order. */
export function noteMissed(cursor: ComponentCursor, seqs: number[]): void {
  cursor.missed = [...new Set([...cursor.missed, ...seqs])].sort((a, b) => a - b).slice(-MAX_LISTED);
}

export function noteRejected(cursor: ComponentCursor, seq: number, reason: string): void {
  cursor.rejected = [...cursor.rejected, { seq, reason }].slice(-MAX_LISTED);
}

/** The cursor for `target`; refuses one written for another bucket, prefix or installation. */
export async function loadCursor(directory: string, target: Pick<ReplicationTarget, 'bucket' | 'prefix' | 'installation'>, fs: FileSystem = nodeFileSystem): Promise<CursorState> {
  const path = join(directory, CURSOR_FILE);
  let text: string;
  try {
    text = Buffer.from(await fs.readFile(path)).toString('utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return emptyCursor(target);
    throw error;
  }
  let state: CursorState;
  try {
    state = JSON.parse(text) as CursorState;
  } catch (cause) {
    throw new ReplicationError('the replication cursor is not valid JSON; move it aside to start over (objects already in the bucket are recognised by digest, not uploaded twice)', { file: path, cause });
  }
  if (state.version !== 1 || typeof state.components !== 'object') throw new ReplicationError(`unknown cursor version ${String(state.version)}`, { file: path });
  if (state.bucket !== target.bucket || state.prefix !== target.prefix || state.installation !== target.installation) {
    throw new ReplicationError(
      `the cursor belongs to s3://${state.bucket}/${state.prefix} installation ${state.installation}, not s3://${target.bucket}/${target.prefix} installation ${target.installation}; move it aside to replicate to a new target`,
      { file: path },
    );
  }
  return state;
}

export async function saveCursor(directory: string, state: CursorState, fs: FileSystem = nodeFileSystem): Promise<void> {
  await writeFileDurably(fs, join(directory, CURSOR_FILE), Buffer.from(`${JSON.stringify(state, null, 1)}\n`));
  await fs.syncDirectory(directory);
}
