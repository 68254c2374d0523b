// Restore a component: choose a local generation or one in the replication bucket, read its
// diff against current, type the name to confirm, follow the job.

import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Job } from '@quantum/api-contract';
import { Field } from '../../../components/ui/field';
import { QueryState, messageOf } from '../../../components/ui/query-state';
import { useUrlState } from '../../../lib/use-url-state';
import { useCurrentSession } from '../../../app/session-context';
import { useComponent } from '../../components/api/get-component';
import { DiffView } from '../../components/components/diff-view';
import { useRemoteGenerations } from '../../replication/api/remote-generations';
import { RemotePreview, remoteGenerationLabel } from '../../replication/components/remote-preview';
import { useRestorePreview } from '../api/get-restore-preview';
import { RestoreForm } from './restore-form';
import { RestoreProgress } from './restore-progress';
import { useReadOnlyReason } from '../../installations/api/use-shown-installation';

export function RestorePage() {
  const component = useParams().component ?? '';
  const session = useCurrentSession();
  const detail = useComponent(component);
  const [view, setView] = useUrlState({ source: 'local', generation: '', seq: '' });
  const remote = view.source === 'remote';
  const remoteList = useRemoteGenerations(component, remote);
  const valid = (detail.data?.generations ?? []).filter((info) => info.status === 'valid');
  const choices = remote
    ? (remoteList.data?.generations ?? []).map((generation) => ({ ref: String(generation.seq), label: remoteGenerationLabel(generation) }))
    : [
        ...valid.map((info) => ({ ref: info.generation as string, label: `${info.generation} (seq ${info.seq})` })),
        ...(detail.data?.pins ?? []).map((pin) => ({ ref: pin.ref, label: `pinned seq ${pin.seq}` })),
      ];
  const chosen = (remote ? view.seq : view.generation) || choices.find((choice) => choice.ref !== 'current')?.ref || '';
  const remoteSeq = remote && chosen !== '' ? Number(chosen) : undefined;
  const isOperator = session?.role === 'operator';
  const readOnly = useReadOnlyReason();
  const preview = useRestorePreview(component, chosen, isOperator && !remote);
  const [job, setJob] = useState<Job | null>(null);
  const choose = (patch: { source?: string; generation?: string; seq?: string }) => {
    setJob(null);
    setView(patch, { replace: true });
  };

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/">Overview</Link> / <Link to={`/components/${component}`}>{component}</Link> / restore
      </nav>
      <h1>Restore {component}</h1>
      {session === null ? (
        <p role="status" className="muted">
          Checking your role…
        </p>
      ) : null}
      {session && !isOperator ? (
        <p role="alert" className="alert alert-warning">
          Restore is unavailable: you are signed in as <strong>{session.actor}</strong> with the viewer role. Restoring
          replaces the component's current state, so it needs an operator token.
        </p>
      ) : null}
      {readOnly ? (
        <p role="alert" className="alert alert-warning">
          Restore is unavailable: {readOnly}.
        </p>
      ) : null}
      <QueryState label={`generations of ${component}`} isPending={detail.isPending} error={detail.error}>
        <section className="panel toolbar">
          <Field label="Restore from">
            {(id) => (
              <select id={id} value={view.source} onChange={(event) => choose({ source: event.target.value, generation: '', seq: '' })}>
                <option value="local">this state directory</option>
                <option value="remote">remote (bucket)</option>
              </select>
            )}
          </Field>
          <Field label="Generation to restore">
            {(id) => (
              <select id={id} value={chosen} onChange={(event) => choose(remote ? { seq: event.target.value } : { generation: event.target.value })}>
                {choices.length === 0 ? <option value="">no valid generation</option> : null}
                {choices.map((choice) => (
                  <option key={choice.ref} value={choice.ref}>
                    {choice.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {remote && remoteList.isPending ? <p role="status" className="state state-loading">Listing the bucket…</p> : null}
          {remote && remoteList.error ? <p role="alert" className="state state-error">Could not list the bucket: {messageOf(remoteList.error)}</p> : null}
          {remote && remoteList.data && !remoteList.data.configured ? <p className="state state-empty">{remoteList.data.message}</p> : null}
          {remote && remoteList.data?.configured && choices.length === 0 ? <p className="state state-empty">The bucket holds no generation of {component} yet.</p> : null}
          {remote && remoteList.data && remoteList.data.total > choices.length ? <p className="muted">Newest {choices.length} of {remoteList.data.total} in the bucket.</p> : null}
          {!remote && choices.length === 0 ? <p className="state state-empty">No generation of {component} verifies; nothing can be restored.</p> : null}
        </section>
        {isOperator && remoteSeq !== undefined ? <RemotePreview component={component} seq={remoteSeq} /> : null}
        {isOperator && !remote && chosen ? (
          <section className="panel" aria-label="Diff against current">
            <h2>
              {chosen} against current
            </h2>
            <QueryState label="restore preview" isPending={preview.isPending} error={preview.error}>
              {preview.data?.diff ? (
                <DiffView diff={preview.data.diff} />
              ) : (
                <p>There is no usable current generation to compare with: restoring makes {chosen} current.</p>
              )}
            </QueryState>
          </section>
        ) : null}
        <RestoreForm component={component} generation={remote ? `remote-${chosen}` : chosen} remoteSeq={remoteSeq} disabled={!isOperator || readOnly !== undefined || chosen === ''} onStarted={setJob} />
        {job ? <RestoreProgress component={component} initial={job} /> : null}
      </QueryState>
    </>
  );
}
