// How an installation's health, lag and kind read.

import type { InstallationHealth, InstallationSummary } from '@quantum/api-contract';
import { lagText } from '../../replication/lag-text';

const labels: Record<InstallationHealth, string> = { ok: 'Healthy', warning: 'Warning', error: 'Error' };

export function installationHealthLabel(health: InstallationHealth): string {
  return labels[health];
}

export function lagLabel(summary: InstallationSummary): string {
  if (summary.kind === 'bucket') return 'n/a (copy of the bucket)';
  if (summary.lag === null) return 'unknown (no replicator seen)';
  return summary.lag.generations === 0 ? 'caught up' : lagText(summary.lag);
}

export function kindLabel(summary: InstallationSummary): string {
  return summary.kind === 'local' ? 'Local state directory' : `Bucket copy of ${summary.mirror?.bucketInstallation ?? summary.id}`;
}
