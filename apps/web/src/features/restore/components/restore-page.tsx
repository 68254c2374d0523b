// Restore a component: choose a generation, read its diff against current, type the name to confirm, follow the job.

import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Job } from '@quantum/api-contract';
import { Field } from '../../../components/ui/field';
import { QueryState } from '../../../components/ui/query-state';
import { useUrlState } from '../../../lib/use-url-state';
import { useCurrentSession } from '../../../app/session-context';
import { useComponent } from '../../components/api/get-component';
import { DiffView } from '../../components/components/diff-view';
import { useRestorePreview } from '../api/get-restore-preview';
import { RestoreForm } from './restore-form';
import { RestoreProgress } from './restore-progress';

export function RestorePage() {
  const component = useParams().component ?? '';
  const session = useCurrentSession();
  const detail = useComponent(component);
  const valid = (detail.data?.generations ?? []).filter((info) => info.status === 'valid');
  const choices = [
    ...valid.map((info) => ({ ref: info.generation as string, label: `${info.generation} (seq ${info.seq})` })),
    ...(detail.data?.pins ?? []).map((pin) => ({ ref: pin.ref, label: `pinned seq ${pin.seq}` })),
  ];
  const [view, setView] = useUrlState({ generation: '' });
  const chosen = view.generation || choices.find((choice) => choice.ref !== 'current')?.ref || '';
  const isOperator = session?.role === 'operator';
  const preview = useRestorePreview(component, chosen, isOperator);
  const [job, setJob] = useState<Job | null>(null);

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
      <QueryState label={`generations of ${component}`} isPending={detail.isPending} error={detail.error}>
        <section className="panel">
          <Field label="Generation to restore">
            {(id) => (
              <select
                id={id}
                value={chosen}
                onChange={(event) => {
                  setJob(null);
                  setView({ generation: event.target.value }, { replace: true });
                }}
              >
                {choices.length === 0 ? <option value="">no valid generation</option> : null}
                {choices.map((choice) => (
                  <option key={choice.ref} value={choice.ref}>
                    {choice.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {choices.length === 0 ? <p className="state state-empty">No generation of {component} verifies; nothing can be restored.</p> : null}
        </section>
        {isOperator && chosen ? (
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
        <RestoreForm component={component} generation={chosen} disabled={!isOperator || chosen === ''} onStarted={setJob} />
        {job ? <RestoreProgress component={component} initial={job} /> : null}
      </QueryState>
    </>
  );
}
