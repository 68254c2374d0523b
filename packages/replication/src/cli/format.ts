// Human-readable lines for the CLI (the --json output is the objects themselves).

import type { DiskReplicationStatus } from '../disk-status.js';
import type { ReplicationLag } from '../lag.js';
import type { RestoreReport } from '../restore.js';
import type { ReplicatorStatus } from '../status.js';
import type { VerificationReport } from '../verify.js';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatLag(lag: ReplicationLag): string[] {
  const lines = [`lag: ${lag.seconds.toFixed(1)} s, ${lag.generations} generation(s), ${formatBytes(lag.bytesPending)} pending`];
  for (const component of lag.components) {
    if (component.localSeq === 0 && component.uploadedSeq === 0) continue;
    lines.push(
      `  ${component.component.padEnd(20)} local seq ${String(component.localSeq).padStart(6)}  uploaded ${String(component.uploadedSeq).padStart(6)}  behind ${component.seconds.toFixed(1)} s, ${component.generationsBehind} generation(s) (${component.seqsBehind} saves), ${formatBytes(component.bytesPending)} pending${component.outboxEntries > 0 ? `, ${component.outboxEntries} in the outbox` : ''}`,
    );
  }
  return lines;
}

/** `status` without a replicator: what the state directory says (cursor, headers, outbox, journal). */
export function formatDiskStatus(status: DiskReplicationStatus): string[] {
  if (!status.configured) return ['not replicated: no replication cursor or journal in this directory', ...formatLag(status.lag)];
  const at = (time: number): string => new Date(time).toISOString();
  const target = status.target === undefined ? 'target not recorded yet (no cursor)' : `replicating to s3://${status.target.bucket}/${status.target.prefix} as ${status.target.installation}`;
  const lines = [`${target}; outbox ${status.outbox ? 'on' : 'off'}`, ...formatLag(status.lag)];
  for (const problem of status.problems) {
    if (problem.missed.length > 0) lines.push(`  ${problem.component}: missed (never uploaded) seq ${problem.missed.join(',')}`);
    if (problem.rejected.length > 0) lines.push(`  ${problem.component}: not uploaded ${problem.rejected.map((item) => `seq ${item.seq} (${item.reason})`).join(', ')}`);
  }
  if (status.lastPass !== undefined) lines.push(`last pass: ${at(status.lastPass.at)} ${status.lastPass.outcome}: ${status.lastPass.message}`);
  if (status.lastError !== undefined) lines.push(`FAILING since ${at(status.failingSince ?? status.lastError.at)} (${status.lastError.consecutiveFailures ?? 1} in a row): ${status.lastError.message}`);
  if (status.lastVerification !== undefined) lines.push(`last verification: ${at(status.lastVerification.at)} ${status.lastVerification.ok ? 'ok' : 'FAILED'}: ${status.lastVerification.message}`);
  if (status.lastRetention !== undefined) lines.push(`last retention: ${at(status.lastRetention.at)} ${status.lastRetention.message}`);
  lines.push(status.lastSeenAt === undefined ? 'the replicator has not written its journal yet' : `replicator last heard from: ${at(status.lastSeenAt)}`);
  return lines;
}

export function formatStatus(status: ReplicatorStatus): string[] {
  const lines = formatLag(status.lag);
  const { totals } = status;
  lines.push(`uploaded ${totals.uploaded} generation(s) and ${totals.deltaSegments} delta segment(s) (${formatBytes(totals.bytes)}), already present ${totals.alreadyPresent}, missed ${totals.missed}, rejected ${totals.rejected}, conflicts ${totals.conflicts}`);
  if (status.lastError !== undefined && status.consecutiveFailures > 0) {
    lines.push(`FAILING (${status.consecutiveFailures} in a row, ${status.lastError.kind}): ${status.lastError.message}; retry in ${status.lastError.retryInMs} ms`);
  }
  if (status.lastVerification !== undefined) lines.push(`last verification: ${status.lastVerification.ok ? 'ok' : 'FAILED'}, ${status.lastVerification.checked} checked`);
  return lines;
}

export function formatVerification(report: VerificationReport): string[] {
  return [
    ...report.results.map((result) => `${result.status === 'ok' || result.status === 'repaired' ? 'ok  ' : 'FAIL'} ${result.component}#${result.seq} ${result.status}: ${result.message}`),
    `${report.ok ? 'verified' : 'verification FAILED'}: ${report.checked} replica(s) in ${report.durationMs.toFixed(0)} ms`,
  ];
}

export function formatRestore(report: RestoreReport): string[] {
  return [
    ...(report.movedAside === undefined ? [] : [`moved the existing directory to ${report.movedAside}`]),
    ...(report.cut === undefined ? [] : [`SaveAll cut #${report.cut.cutId} completed ${new Date(report.cut.completedAt).toISOString()}`]),
    ...report.files.map((file) => `${file.component.padEnd(20)} seq ${String(file.seq).padStart(6)}  saved ${new Date(file.savedAt).toISOString()}  ${formatBytes(file.bytes)}  -> ${file.file}${file.deltaRecords === undefined ? '' : ` + ${file.deltaRecords} delta record(s)`}`),
    ...report.warnings.map((warning) => `warning: ${warning}`),
    `restored ${report.files.length} verified file(s) into ${report.directory}`,
  ];
}
