// A running restore: its steps and progress, then the result and the audit entry it left.

import type { Job } from '@quantum/api-contract';
import { QueryState, messageOf } from '../../../components/ui/query-state';
import { formatBytes, formatMs, formatTime } from '../../../lib/format';
import { useAudit } from '../../audit/api/get-audit';
import { AuditTable } from '../../audit/components/audit-table';
import { useJob } from '../api/get-job';

export function RestoreProgress({ component, initial }: { component: string; initial: Job }) {
  const polled = useJob(initial.id);
  const job = polled.data ?? initial;
  const finished = job.state === 'succeeded' || job.state === 'failed';
  return (
    <section className="panel" aria-label="Restore progress">
      <h2>Progress</h2>
      <progress max={1} value={job.progress} aria-label="Restore progress">
        {Math.round(job.progress * 100)}%
      </progress>
      <p role="status">Job {job.id}: {job.state}</p>
      <ol className="steps">
        {job.steps.map((step, index) => (
          <li key={index}>
            <span className="muted">{formatTime(step.time)}</span> {step.step}: {step.message}
          </li>
        ))}
      </ol>
      {polled.error ? <p role="alert">Lost track of the job: {messageOf(polled.error)}</p> : null}
      {job.state === 'succeeded' && job.result ? (
        <p role="status" className="alert alert-ok">
          Restored: {component} is now seq {job.result.seq} ({formatBytes(job.result.bytes)}, {formatMs(job.result.durationMs)}).
        </p>
      ) : null}
      {job.state === 'failed' ? (
        <p role="alert" className="alert alert-error">
          Restore failed: {job.error ?? 'no reason given'}
        </p>
      ) : null}
      {finished ? <RestoreAudit component={component} jobId={job.id} /> : null}
    </section>
  );
}

function RestoreAudit({ component, jobId }: { component: string; jobId: string }) {
  const audit = useAudit(component);
  const entries = (audit.data?.pages[0]?.entries ?? []).filter((entry) => entry.jobId === jobId);
  return (
    <QueryState label="audit entry" isPending={audit.isPending} error={audit.error} isEmpty={entries.length === 0} emptyMessage="The audit entry is not visible yet.">
      <AuditTable entries={entries} caption="Audit entry of this restore" />
    </QueryState>
  );
}
