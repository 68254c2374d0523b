// Restore-and-compare: download replicas, check digest and HMAC, compare with the local
// generation while it is still on disk. A replica missing from the bucket whose generation is
// still on disk is uploaded again (the name is free, so nothing is overwritten).

import type { CursorState } from './cursor.js';
import type { ComponentCursor } from './cursor.js';
import { componentCursor } from './cursor.js';
import { RemoteIntegrityError } from './errors.js';
import { listLocalGenerations, readVerifiedGeneration } from './local-generations.js';
import type { ReplicatedComponent } from './local-generations.js';
import { generationKey } from './object-keys.js';
import { checkDownloaded } from './remote-check.js';
import { sha256Hex } from './digest.js';
import { scanDeltaRecords } from './delta-segments.js';
import type { RemoteCatalog } from './remote-catalog.js';
import type { UploadContext } from './uploader.js';
import { uploadGeneration } from './uploader.js';

export type VerificationStatus = 'ok' | 'missing' | 'repaired' | 'digest-mismatch' | 'hmac-mismatch' | 'wrong-generation' | 'differs-from-local';

export interface VerificationResult {
  component: string;
  seq: number;
  key: string;
  status: VerificationStatus;
  /** Whether the replica was compared byte for byte with a local generation. */
  comparedWithLocal: boolean;
  /** For a delta-log segment (seq is then its base seq): its record range. */
  delta?: { first: number; last: number };
  message: string;
}

export interface VerificationReport {
  at: number;
  ok: boolean;
  checked: number;
  results: VerificationResult[];
  durationMs: number;
}

export interface VerifyOptions {
  /** Every object of every component, not only the newest uploaded generation. */
  all?: boolean;
}

export async function verifyReplicas(context: UploadContext, catalog: RemoteCatalog, cursor: CursorState, options: VerifyOptions = {}): Promise<VerificationReport> {
  const started = performance.now();
  const results: VerificationResult[] = [];
  for (const component of context.components) {
    const state = componentCursor(cursor, component.name);
    if (state.uploadedSeq === 0) continue;
    const newest = newestUploadedSeq(state);
    const seqs = options.all === true ? await everyReplica(context, catalog, component, state) : newest === undefined ? [] : [newest];
    for (const seq of seqs) results.push(await verifyOne(context, component, seq));
    const verified = results.filter((result) => result.component === component.name && result.delta === undefined && isGood(result)).map((result) => result.seq);
    if (verified.length > 0) state.verifiedSeq = Math.max(state.verifiedSeq ?? 0, ...verified);
    if (options.all === true) for (const segment of await catalog.deltaSegments(component.name)) results.push(await verifyDeltaSegment(context, component, segment));
  }
  return { at: context.now(), ok: results.every(isGood), checked: results.length, results, durationMs: performance.now() - started };
}

const isGood = (result: VerificationResult): boolean => result.status === 'ok' || result.status === 'repaired';

/** Every object in the bucket, every uploaded generation still on disk and the newest uploaded one (so a deleted one is noticed). */
async function everyReplica(context: UploadContext, catalog: RemoteCatalog, component: ReplicatedComponent, state: ComponentCursor): Promise<number[]> {
  const local = (await listLocalGenerations(context.fs, context.directory, component)).filter((generation) => generation.seq <= state.uploadedSeq).map((generation) => generation.seq);
  const remote = (await catalog.generations(component.name)).map((object) => object.seq);
  const newest = newestUploadedSeq(state);
  return [...new Set([...remote, ...local, ...(newest === undefined ? [] : [newest])])].sort((a, b) => a - b);
}

/**
 * The newest generation the cursor says went up: the highest seq up to `uploadedSeq` not noted as
 * missed or rejected. Retention never deletes it, so its absence from the bucket is a deletion
 * behind the replicator's back, reported even when the local copy has rotated away.
 */
function newestUploadedSeq(state: ComponentCursor): number | undefined {
  const skipped = new Set([...state.missed, ...state.rejected.map((item) => item.seq)]);
  for (let seq = state.uploadedSeq; seq > 0; seq--) if (!skipped.has(seq)) return seq;
  return undefined;
}

async function verifyOne(context: UploadContext, component: ReplicatedComponent, seq: number): Promise<VerificationResult> {
  const key = generationKey(context.scope, component.name, seq);
  const local = await readVerifiedGeneration(context.fs, context.directory, context.keyring, component, seq);
  const result = (status: VerificationStatus, message: string, comparedWithLocal = false): VerificationResult => ({ component: component.name, seq, key, status, comparedWithLocal, message });
  try {
    const checked = checkDownloaded(key, await context.bucket.get(key), context.keyring, { kind: component.kind, seq });
    if (local.status !== 'ok') return result('ok', 'digest and HMAC verified; the local generation has rotated away, not compared');
    if (!Buffer.from(local.bytes).equals(checked.bytes)) return result('differs-from-local', 'verified replica but its bytes differ from the local generation with the same seq', true);
    return result('ok', 'digest, HMAC and bytes match the local generation', true);
  } catch (error) {
    if (!(error instanceof RemoteIntegrityError)) throw error;
    if (error.problem === 'missing' && local.status === 'ok') {
      await uploadGeneration(context, component, local);
      return result('repaired', 'the object had been deleted from the bucket; uploaded again from the local generation');
    }
    if (error.problem === 'missing') return result('missing', `${error.message}; the local generation is gone, so it cannot be re-uploaded`);
    return result(error.problem, error.message);
  }
}

/** Digest against the metadata, then every record: HMAC, base seq and record seqs first..last. */
async function verifyDeltaSegment(context: UploadContext, component: ReplicatedComponent, segment: { key: string; baseSeq: number; first: number; last: number }): Promise<VerificationResult> {
  const result = (status: VerificationStatus, message: string): VerificationResult => ({ component: component.name, seq: segment.baseSeq, key: segment.key, status, comparedWithLocal: false, message, delta: { first: segment.first, last: segment.last } });
  const download = await context.bucket.get(segment.key);
  if (download === undefined) return result('missing', 'the delta segment disappeared during verification');
  const sha256 = sha256Hex(download.bytes);
  if (download.facts.metadata['sha256'] !== sha256) return result('digest-mismatch', `content sha256 ${sha256}, metadata says ${download.facts.metadata['sha256'] ?? 'nothing'}`);
  const { records, stopped } = scanDeltaRecords(download.bytes, context.keyring, component.kind);
  const expected = segment.last - segment.first + 1;
  const consistent = records.length === expected && records.every((record, i) => record.baseSeq === segment.baseSeq && record.recordSeq === segment.first + i);
  if (stopped !== undefined || !consistent) return result('hmac-mismatch', stopped ?? `holds ${records.length} record(s), not records ${segment.first}-${segment.last} of base ${segment.baseSeq}`);
  return result('ok', `${expected} delta record(s) verified`);
}

export function describeVerification(report: VerificationReport): string {
  const bad = report.results.filter((result) => !isGood(result));
  if (report.checked === 0) return 'nothing uploaded yet, nothing verified';
  if (bad.length === 0) return `${report.checked} replica(s) verified`;
  return `${bad.length} of ${report.checked} replica(s) failed: ${bad.map((result) => `${result.component}#${result.seq} ${result.status}`).join(', ')}`;
}
