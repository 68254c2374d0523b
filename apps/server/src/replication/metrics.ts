// Replication gauges for /metrics, one series per installation replicated from here (bucket
// mirrors are skipped: their replication belongs to the installation that uploads them), from
// the same status the API shows (state directory only).

import type { FastifyInstance } from 'fastify';
import type { ReplicationStatus } from '@quantum/api-contract';
import type { PrometheusText } from '../state/prometheus.js';
import { replicationStatus } from './status.js';

type Series = Map<string, number>;

export async function writeReplicationMetrics(text: PrometheusText, app: FastifyInstance): Promise<void> {
  const families = new Map<string, Series>();
  const set = (name: string, labels: string[], value: number): void => {
    let series = families.get(name);
    if (series === undefined) families.set(name, (series = new Map()));
    series.set(JSON.stringify(labels), value);
  };
  for (const [id, { state, installation }] of app.installations) {
    if (installation.kind === 'bucket') continue;
    const status = await replicationStatus({ directory: state.store.directory, settings: app.replication.settingsFor(state) });
    collect(status, (name, value, component) => set(name, component === undefined ? [id] : [id, component], value));
  }
  for (const [name, help, labels] of FAMILIES) text.gauge(name, help, labels, families.get(name) ?? new Map());
}

const FAMILIES: [string, string, string[]][] = [
  ['quantum_replication_configured', '1 when the server has a replication bucket', ['installation']],
  ['quantum_replication_lag_seconds', 'Age of the oldest local generation not yet in the bucket (0 when caught up)', ['installation']],
  ['quantum_replication_generations_behind', 'Local generations not yet uploaded, by component', ['installation', 'component']],
  ['quantum_replication_bytes_pending', 'Bytes of local generations not yet uploaded, by component', ['installation', 'component']],
  ['quantum_replication_consecutive_failures', 'Failed replicator passes since the last successful one', ['installation']],
  ['quantum_replication_last_pass_timestamp_seconds', 'When the replicator last uploaded something successfully (Unix time)', ['installation']],
  ['quantum_replication_last_verification_ok', '1 when the last restore-and-compare found every replica good', ['installation']],
  ['quantum_replication_last_verification_timestamp_seconds', 'When the last restore-and-compare ran (Unix time)', ['installation']],
];

function collect(status: ReplicationStatus, set: (name: string, value: number, component?: string) => void): void {
  set('quantum_replication_configured', status.configured ? 1 : 0);
  const lag = status.lag;
  if (!status.configured || lag === undefined) return;
  set('quantum_replication_lag_seconds', lag.seconds);
  for (const component of lag.components) {
    set('quantum_replication_generations_behind', component.generationsBehind, component.component);
    set('quantum_replication_bytes_pending', component.bytesPending, component.component);
  }
  set('quantum_replication_consecutive_failures', status.consecutiveFailures ?? 0);
  if (status.lastPass !== undefined) set('quantum_replication_last_pass_timestamp_seconds', status.lastPass.time / 1000);
  const verification = status.lastVerification;
  if (verification !== undefined) {
    set('quantum_replication_last_verification_ok', verification.outcome === 'ok' ? 1 : 0);
    set('quantum_replication_last_verification_timestamp_seconds', verification.time / 1000);
  }
}
