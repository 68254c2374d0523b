// How an installation's health, lag and kind read.

import type { InstallationHealth, InstallationSummary } from '@quantum/api-contract';
import type { Tone } from '../../../components/ui/status-badge';
import { formatBytes } from '../../../lib/format';

const labels: Record<InstallationHealth, string> = { ok: 'Healthy', warning: 'Warning', error: 'Error' };

export function installationHealthLabel(health: InstallationHealth): string {
  return labels[health];
}

export function installationTone(health: InstallationHealth): Tone {
  return health;
}

export function lagLabel(summary: InstallationSummary): string {
  if (summary.kind === 'bucket') return 'n/a (copy of the bucket)';
  if (summary.lag === null) return 'unknown (no replicator seen)';
  const { seconds, generations, bytesPending } = summary.lag;
  return generations === 0 ? 'caught up' : `${seconds.toFixed(1)} s, ${generations} generation(s), ${formatBytes(bytesPending)} pending`;
}

export function kindLabel(summary: InstallationSummary): string {
  return summary.kind === 'local' ? 'Local state directory' : `Bucket copy of ${summary.mirror?.bucketInstallation ?? summary.id}`;
}
