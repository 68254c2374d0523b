// One-line descriptions for the journal and the CLI.

import { StoreError } from './errors.js';
import type { ReplicationLag } from './lag.js';
import type { ReplicationEvent } from './replication-journal.js';
import type { PassReport } from './uploader.js';

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function failureKindOf(error: unknown): string {
  return error instanceof StoreError ? error.failure : error instanceof Error ? error.name : 'unknown';
}

export function describePass(report: PassReport): string {
  const parts: string[] = [];
  const created = report.uploaded.filter((item) => item.outcome === 'created');
  if (created.length > 0) parts.push(`uploaded ${created.length} generation(s), ${created.reduce((sum, item) => sum + item.bytes, 0)} bytes`);
  const segments = report.deltas.filter((item) => item.outcome === 'created');
  if (segments.length > 0) parts.push(`uploaded ${segments.length} delta segment(s) (${segments.map((item) => `${item.component} base ${item.baseSeq} records ${item.firstRecord}-${item.lastRecord}`).join(', ')})`);
  const present = report.uploaded.length - created.length;
  if (present > 0) parts.push(`${present} already in the bucket (same digest, not sent again)`);
  for (const missed of report.missed) parts.push(`${missed.component} seq ${missed.seqs.join(',')} rotated away before upload`);
  for (const rejected of report.rejected) parts.push(`${rejected.component} seq ${rejected.seq} not uploaded: ${rejected.reason}`);
  for (const conflict of report.conflicts) parts.push(conflict.message);
  return parts.length === 0 ? 'nothing to upload' : parts.join('; ');
}

/** The periodic `lag` journal record: totals, and each component that is behind. */
export function lagRecord(lag: ReplicationLag): ReplicationEvent {
  const behind: NonNullable<ReplicationEvent['behind']> = {};
  for (const component of lag.components) {
    if (component.generationsBehind > 0 || component.seqsBehind > 0) behind[component.component] = { generations: component.generationsBehind, seqs: component.seqsBehind, bytes: component.bytesPending, seconds: component.seconds };
  }
  return {
    time: lag.at,
    kind: 'lag',
    outcome: 'ok',
    message: `${lag.seconds.toFixed(1)} s, ${lag.generations} generation(s), ${lag.bytesPending} bytes behind; ${lag.outboxEntries} in the outbox`,
    lag: { seconds: lag.seconds, generations: lag.generations, bytesPending: lag.bytesPending },
    detail: { outboxEntries: lag.outboxEntries },
    behind,
  };
}
