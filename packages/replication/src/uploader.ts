// One replication pass: every local generation (slots and outbox) above the cursor, oldest
// first, verified and uploaded as an immutable object; the cursor advances durably in batches.

import type { FileSystem, Keyring } from '@quantum/persistence-core';
import type { Bucket } from './bucket.js';
import type { CursorState } from './cursor.js';
import { componentCursor, noteMissed, noteRejected } from './cursor.js';
import { hmacTrailerHex, sha256Hex } from './digest.js';
import { ObjectConflictError } from './errors.js';
import type { GenerationRead, LocalGeneration, ReplicatedComponent } from './local-generations.js';
import { listLocalGenerations, readVerifiedEntry, readVerifiedGeneration } from './local-generations.js';
import type { OutboxEntry } from './outbox.js';
import { listOutbox, outboxEntry, removeOutboxEntry } from './outbox.js';
import { CursorBatch } from './cursor-batch.js';
import type { PendingGeneration } from './pending.js';
import { pendingGenerations, settledEntries } from './pending.js';
import { replicateDeltaLog } from './delta-upload.js';
import type { KeyScope } from './object-keys.js';
import { componentPrefix, generationKey, seqOfKey } from './object-keys.js';

type VerifiedRead = Extract<GenerationRead, { status: 'ok' }>;

export interface UploadContext {
  fs: FileSystem;
  directory: string;
  keyring: Keyring;
  bucket: Bucket;
  scope: KeyScope;
  components: readonly ReplicatedComponent[];
  now: () => number;
}

export interface UploadedGeneration {
  component: string;
  seq: number;
  key: string;
  bytes: number;
  /** `already-present`: found in the bucket with the same digest (a PUT finished before a crash). */
  outcome: 'created' | 'already-present';
}

export interface UploadedDeltaSegment {
  component: string;
  baseSeq: number;
  firstRecord: number;
  lastRecord: number;
  key: string;
  bytes: number;
  outcome: 'created' | 'already-present';
}

export interface PassReport {
  uploaded: UploadedGeneration[];
  deltas: UploadedDeltaSegment[];
  missed: { component: string; seqs: number[] }[];
  rejected: { component: string; seq: number; reason: string; message: string }[];
  conflicts: { component: string; seq: number; message: string }[];
}

export async function replicatePass(context: UploadContext, cursor: CursorState): Promise<PassReport> {
  const report: PassReport = { uploaded: [], deltas: [], missed: [], rejected: [], conflicts: [] };
  // Every slot before the outbox: a seq absent from both was committed before the slot listing,
  // so it was linked by then if it was ever going to be (the outbox's bound); only then is it a gap.
  const slots = new Map<string, LocalGeneration[]>();
  for (const component of context.components) slots.set(component.name, await listLocalGenerations(context.fs, context.directory, component));
  const outbox = await listOutbox(context.fs, context.directory, context.components);
  for (const component of context.components) {
    await replicateComponent(context, cursor, component, { slots: slots.get(component.name) ?? [], outbox: outbox.get(component.name) ?? [] }, report);
    await replicateDeltaLog(context, cursor, component, report);
  }
  return report;
}

async function replicateComponent(context: UploadContext, cursor: CursorState, component: ReplicatedComponent, local: { slots: LocalGeneration[]; outbox: OutboxEntry[] }, report: PassReport): Promise<void> {
  const state = componentCursor(cursor, component.name);
  for (const entry of settledEntries(local.outbox, state)) await removeOutboxEntry(context.fs, entry);
  const pending = pendingGenerations(local.slots, local.outbox, state);
  // Without a cursor (first run, or a process killed before its first cursor write), the bucket says where replication stood.
  let floor = state.uploadedSeq === 0 && pending[0] !== undefined ? await highestInBucketBelow(context, component, pending[0].seq) : state.uploadedSeq;
  const batch = new CursorBatch(context.fs, context.directory, cursor);
  try {
    for (const generation of pending) {
      const skippedSeqs = floor === 0 ? [] : await notInBucket(context, component, range(floor + 1, generation.seq));
      floor = generation.seq;
      if (skippedSeqs.length > 0) {
        // Durable before the next PUT: once a later seq is in the bucket, a restarted replicator
        // without this note could no longer tell the gap from history it never saw.
        noteMissed(state, skippedSeqs);
        report.missed.push({ component: component.name, seqs: skippedSeqs });
        batch.record(undefined, 'none');
        await batch.flush();
      }
      const read = await readPending(context, component, generation);
      let outcome: 'uploaded' | 'bad' | 'none' = 'none';
      if (read.status === 'ok') {
        try {
          report.uploaded.push(await uploadGeneration(context, component, read));
          outcome = 'uploaded';
        } catch (error) {
          if (!(error instanceof ObjectConflictError)) throw error;
          noteRejected(state, generation.seq, 'bucket-conflict');
          report.conflicts.push({ component: component.name, seq: generation.seq, message: error.message });
          outcome = 'bad';
        }
      }
      if (read.status === 'gone') {
        noteMissed(state, [generation.seq]);
        report.missed.push({ component: component.name, seqs: [generation.seq] });
      }
      if (read.status === 'rejected') {
        noteRejected(state, generation.seq, read.reason);
        report.rejected.push({ component: component.name, seq: generation.seq, reason: read.reason, message: read.message });
        outcome = 'bad';
      }
      state.uploadedSeq = generation.seq;
      state.uploadedAt = context.now();
      // The outbox lets go of an entry only once the cursor covering it is durable; a bad entry is held, never dropped.
      batch.record(generation.outbox, outcome);
      if (read.status === 'gone' || batch.full) await batch.flush();
    }
  } finally {
    // Progress is kept when a PUT fails part-way (the store went away): the next pass starts after it.
    await batch.flush();
  }
}

/** The outbox entry when there is one (stable: never renamed or rewritten), else the slot holding that seq. */
async function readPending(context: UploadContext, component: ReplicatedComponent, generation: PendingGeneration): Promise<GenerationRead> {
  if (generation.outbox !== undefined) {
    const read = await readVerifiedEntry(context.fs, context.keyring, component, generation.outbox.path, generation.seq);
    if (read.status !== 'gone') return read;
  }
  const read = await readVerifiedGeneration(context.fs, context.directory, context.keyring, component, generation.seq);
  if (read.status !== 'gone' || generation.outbox !== undefined) return read;
  // Rotated away after the listing: the save that committed it linked it before the outbox listing.
  const entry = outboxEntry(context.directory, component, generation.seq);
  const fromEntry = await readVerifiedEntry(context.fs, context.keyring, component, entry.path, generation.seq);
  // Settled (unlinked, or held when bad) like any listed entry.
  if (fromEntry.status !== 'gone') generation.outbox = entry;
  return fromEntry;
}

/** PUTs one verified generation as `<component>/<seq>.dat` with its digest and HMAC in metadata. */
export async function uploadGeneration(context: UploadContext, component: ReplicatedComponent, read: VerifiedRead): Promise<UploadedGeneration> {
  const seq = read.header.seq;
  const key = generationKey(context.scope, component.name, seq);
  const metadata = {
    sha256: sha256Hex(read.bytes),
    hmac: hmacTrailerHex(read.bytes),
    component: component.name,
    seq: String(seq),
    'saved-at': String(read.header.savedAt),
    flags: String(read.header.flags),
    schema: String(read.header.schemaVersion),
  };
  const outcome = await context.bucket.putImmutable(key, read.bytes, metadata);
  return { component: component.name, seq, key, bytes: read.bytes.byteLength, outcome };
}

async function highestInBucketBelow(context: UploadContext, component: ReplicatedComponent, seq: number): Promise<number> {
  const prefix = componentPrefix(context.scope, component.name);
  const below = (await context.bucket.list(prefix)).map((object) => seqOfKey(prefix, object.key) ?? 0).filter((candidate) => candidate < seq);
  return Math.max(0, ...below);
}

/** A process killed after a PUT but before its cursor write may have uploaded part of a gap: only the rest was missed. */
async function notInBucket(context: UploadContext, component: ReplicatedComponent, seqs: number[]): Promise<number[]> {
  if (seqs.length === 0) return seqs;
  const prefix = componentPrefix(context.scope, component.name);
  const present = new Set((await context.bucket.list(prefix)).map((object) => seqOfKey(prefix, object.key)));
  return seqs.filter((seq) => !present.has(seq));
}

function range(from: number, toExclusive: number): number[] {
  const seqs: number[] = [];
  for (let seq = from; seq < toExclusive; seq++) seqs.push(seq);
  return seqs;
}
