// Uploads the verified records of a component's delta log past the cursor, one segment object
// per run. Before each run the bucket's segments of that base are listed and the run starts
// after the last record already there, so a process killed between a PUT and its cursor write
// never uploads a record twice under another segment name.

import { join } from 'node:path';
import type { CursorState } from './cursor.js';
import { componentCursor, saveCursor } from './cursor.js';
import { sha256Hex } from './digest.js';
import { ObjectConflictError } from './errors.js';
import type { DeltaRecordInfo } from './delta-segments.js';
import { deltaSegmentKey, parseDeltaSegmentKey, pendingSegments, scanDeltaRecords } from './delta-segments.js';
import type { ReplicatedComponent } from './local-generations.js';
import { componentPrefix } from './object-keys.js';
import type { PassReport, UploadContext } from './uploader.js';

export async function replicateDeltaLog(context: UploadContext, cursor: CursorState, component: ReplicatedComponent, report: PassReport): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await context.fs.readFile(join(context.directory, `${component.fileName}.delta`));
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return;
    throw error;
  }
  const state = componentCursor(cursor, component.name);
  for (const candidate of pendingSegments(scanDeltaRecords(bytes, context.keyring, component.kind).records, state.delta)) {
    const inBucket = await lastRecordInBucket(context, component, candidate[0]!.baseSeq);
    const run = candidate.filter((record) => record.recordSeq > inBucket);
    const last = candidate[candidate.length - 1]!;
    if (run.length > 0) await uploadRun(context, component, bytes, run, report);
    state.delta = { baseSeq: last.baseSeq, recordSeq: last.recordSeq };
    await saveCursor(context.directory, cursor, context.fs);
  }
}

async function uploadRun(context: UploadContext, component: ReplicatedComponent, bytes: Uint8Array, run: DeltaRecordInfo[], report: PassReport): Promise<void> {
  const first = run[0]!;
  const last = run[run.length - 1]!;
  const segment = bytes.subarray(first.offset, last.offset + last.length);
  const key = deltaSegmentKey(context.scope, component.name, first.baseSeq, first.recordSeq, last.recordSeq);
  const metadata = {
    sha256: sha256Hex(segment),
    component: component.name,
    'base-seq': String(first.baseSeq),
    'first-record': String(first.recordSeq),
    'last-record': String(last.recordSeq),
    'saved-at': String(last.savedAt),
  };
  try {
    const outcome = await context.bucket.putImmutable(key, segment, metadata);
    report.deltas.push({ component: component.name, baseSeq: first.baseSeq, firstRecord: first.recordSeq, lastRecord: last.recordSeq, key, bytes: segment.byteLength, outcome });
  } catch (error) {
    if (!(error instanceof ObjectConflictError)) throw error;
    report.conflicts.push({ component: component.name, seq: first.baseSeq, message: error.message });
  }
}

async function lastRecordInBucket(context: UploadContext, component: ReplicatedComponent, baseSeq: number): Promise<number> {
  const prefix = componentPrefix(context.scope, component.name);
  const segments = (await context.bucket.list(`${prefix}${String(baseSeq).padStart(16, '0')}.delta.`)).map((object) => parseDeltaSegmentKey(prefix, object.key));
  return Math.max(0, ...segments.map((segment) => segment?.last ?? 0));
}
