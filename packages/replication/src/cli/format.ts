// Human-readable lines for the CLI (the --json output is the objects themselves).

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
    lines.push(`  ${component.component.padEnd(20)} local seq ${String(component.localSeq).padStart(6)}  uploaded ${String(component.uploadedSeq).padStart(6)}  behind ${component.generationsBehind} (${component.seqsBehind} saves)`);
  }
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
