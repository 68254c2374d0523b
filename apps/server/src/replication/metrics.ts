// Replication gauges for /metrics, from the same status the API shows (state directory only).

import type { ReplicationStatus } from '@quantum/api-contract';
import type { PrometheusText } from '../state/prometheus.js';

const one = (value: number): Map<string, number> => new Map([['[]', value]]);

export function writeReplicationMetrics(text: PrometheusText, status: ReplicationStatus): void {
  text.gauge('quantum_replication_configured', '1 when the server has a replication bucket', [], one(status.configured ? 1 : 0));
  const lag = status.lag;
  if (!status.configured || lag === undefined) return;
  text.gauge('quantum_replication_lag_seconds', 'Age of the oldest local generation not yet in the bucket (0 when caught up)', [], one(lag.seconds));
  const behind = new Map<string, number>();
  const pending = new Map<string, number>();
  for (const component of lag.components) {
    behind.set(JSON.stringify([component.component]), component.generationsBehind);
    pending.set(JSON.stringify([component.component]), component.bytesPending);
  }
  text.gauge('quantum_replication_generations_behind', 'Local generations not yet uploaded, by component', ['component'], behind);
  text.gauge('quantum_replication_bytes_pending', 'Bytes of local generations not yet uploaded, by component', ['component'], pending);
  text.gauge('quantum_replication_consecutive_failures', 'Failed replicator passes since the last successful one', [], one(status.consecutiveFailures ?? 0));
  const lastOk = status.lastPass?.time;
  if (lastOk !== undefined) text.gauge('quantum_replication_last_pass_timestamp_seconds', 'When the replicator last uploaded something successfully (Unix time)', [], one(lastOk / 1000));
  const verification = status.lastVerification;
  if (verification !== undefined) {
    text.gauge('quantum_replication_last_verification_ok', '1 when the last restore-and-compare found every replica good', [], one(verification.outcome === 'ok' ? 1 : 0));
    text.gauge('quantum_replication_last_verification_timestamp_seconds', 'When the last restore-and-compare ran (Unix time)', [], one(verification.time / 1000));
  }
}
