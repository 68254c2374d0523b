// Off-site replication: where replicas go, how far the bucket is behind (per component and over
// time), the last pass, failure, verification (restore-and-compare) and retention run.

import type { ReplicationEvent, ReplicationStatus } from '@quantum/api-contract';
import { QueryState } from '../../../components/ui/query-state';
import { StatusBadge } from '../../../components/ui/status-badge';
import { formatAge, formatTime } from '../../../lib/format';
import { useReplication } from '../api/get-replication';
import { lagText } from '../lag-text';
import { LagChart } from './lag-chart';
import { LagTable } from './lag-table';

export function ReplicationPage() {
  const replication = useReplication();
  const status = replication.data;
  return (
    <>
      <div className="page-header">
        <h1>Replication</h1>
        {status ? <StatusBadge tone={toneOf(status)}>{status.configured ? status.message : 'not configured'}</StatusBadge> : null}
      </div>
      <QueryState label="replication status" isPending={replication.isPending} error={replication.error}>
        {status && !status.configured ? (
          <p className="state state-empty" role="status">
            {status.message}
          </p>
        ) : null}
        {status?.configured ? <ConfiguredView status={status} /> : null}
      </QueryState>
    </>
  );
}

function toneOf(status: ReplicationStatus): 'ok' | 'warning' | 'error' | 'neutral' {
  if (!status.configured) return 'neutral';
  if ((status.consecutiveFailures ?? 0) > 0 || status.lastVerification?.outcome === 'failed') return 'error';
  return status.lag?.generations === 0 ? 'ok' : 'warning';
}

function ConfiguredView({ status }: { status: ReplicationStatus }) {
  const lag = status.lag;
  return (
    <>
      <section className="panel" aria-label="Replication summary">
        <dl className="facts">
          <dt>Bucket</dt>
          <dd>{status.target ? `${status.target.bucket} / ${status.target.prefix} / ${status.target.installation}${status.target.endpoint ? ` at ${status.target.endpoint}` : ''}` : 'installation not known yet'}</dd>
          <dt>Replicator</dt>
          <dd>{status.replicatorProcess ? `pid ${status.replicatorProcess.pid}, ${status.replicatorProcess.running ? 'running' : 'stopped'}` : status.replicatorSeen ? 'runs outside the console' : 'has not run here yet'}</dd>
          <dt>Lag</dt>
          <dd aria-label="Lag">{lag ? lagText(lag) : '—'}</dd>
          <dt>Consecutive failures</dt>
          <dd>{status.consecutiveFailures ?? 0}{status.failingSince ? ` (failing since ${formatTime(status.failingSince)})` : ''}</dd>
          <EventFacts label="Last upload pass" event={status.lastPass} />
          <EventFacts label="Last error" event={status.lastFailure} />
          <EventFacts label="Last verification" event={status.lastVerification} />
          <EventFacts label="Last retention" event={status.lastRetention} />
          <dt>Outbox</dt>
          <dd>{status.outbox?.enabled ? `${status.outbox.entries} entr${status.outbox.entries === 1 ? 'y' : 'ies'} waiting` : 'off (generations are found by polling the state directory)'}</dd>
          <dt>Last heard from</dt>
          <dd>{formatAge(status.lastSeenAt)}</dd>
        </dl>
      </section>
      <section className="panel" aria-label="Lag over time">
        <h2>Lag over time</h2>
        {(status.history ?? []).length > 1 ? <LagChart points={status.history ?? []} /> : <p className="muted">Not enough journal entries yet.</p>}
      </section>
      {lag ? <LagTable lag={lag} problems={status.problems ?? []} /> : null}
    </>
  );
}

function EventFacts({ label, event }: { label: string; event: ReplicationEvent | undefined }) {
  return (
    <>
      <dt>{label}</dt>
      <dd aria-label={label}>
        {event ? (
          <>
            <StatusBadge tone={event.outcome === 'ok' ? 'ok' : event.outcome === 'warning' ? 'warning' : 'error'}>{event.outcome}</StatusBadge> {formatTime(event.time)}: {event.message}
          </>
        ) : (
          'none yet'
        )}
      </dd>
    </>
  );
}
