// Confirmation of a restore: the operator types the component's name; a dry run checks without changing anything.

import { useState, type FormEvent } from 'react';
import type { DryRunResult, Job } from '@quantum/api-contract';
import { Field } from '../../../components/ui/field';
import { messageOf } from '../../../components/ui/query-state';
import { isDryRunResult, useStartRestore } from '../api/start-restore';
import { useStartRemoteRestore } from '../../replication/api/remote-generations';

interface RestoreFormProps {
  component: string;
  generation: string;
  disabled: boolean;
  onStarted: (job: Job) => void;
  /** Restore this seq from the replication bucket instead of a local generation. */
  remoteSeq?: number | undefined;
}

export function RestoreForm({ component, generation, disabled, onStarted, remoteSeq }: RestoreFormProps) {
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [dryRun, setDryRun] = useState<DryRunResult | null>(null);
  const local = useStartRestore(component);
  const remote = useStartRemoteRestore(component);
  const restore = remoteSeq === undefined ? local : remote;
  const confirmed = typed === component;

  const run = (isDryRun: boolean) => (event?: FormEvent) => {
    event?.preventDefault();
    if (!confirmed && !isDryRun) return;
    setDryRun(null);
    const handlers = {
      onSuccess: (result: Job | DryRunResult) => {
        if (isDryRunResult(result)) return setDryRun(result);
        // A second restore needs a second confirmation.
        setTyped('');
        onStarted(result);
      },
    };
    const body = { dryRun: isDryRun, ...(reason ? { reason } : {}) };
    if (remoteSeq === undefined) local.mutate({ generation, ...body }, handlers);
    else remote.mutate({ seq: remoteSeq, ...body }, handlers);
  };

  return (
    <form className="panel restore-form" onSubmit={run(false)} aria-label="Confirm restore">
      <h2>Confirm</h2>
      <Field label={<>Type <strong>{component}</strong> to confirm</>}>
        {(id) => <input id={id} value={typed} onChange={(event) => setTyped(event.target.value)} disabled={disabled} autoComplete="off" />}
      </Field>
      <Field label="Reason (kept in the audit log)">
        {(id) => <input id={id} value={reason} onChange={(event) => setReason(event.target.value)} disabled={disabled} maxLength={500} />}
      </Field>
      <div className="toolbar">
        <button type="button" onClick={() => run(true)()} disabled={disabled || restore.isPending}>
          Dry run
        </button>
        <button type="submit" className="danger" disabled={disabled || !confirmed || restore.isPending}>
          Restore {generation || 'generation'}
        </button>
      </div>
      {restore.isError ? (
        <p role="alert" className="form-error">
          Restore refused: {messageOf(restore.error)}
        </p>
      ) : null}
      {dryRun ? (
        <div role="status">
          <p>Dry run: the restore {dryRun.wouldSucceed ? 'would succeed' : 'would fail'}.</p>
          <ul>
            {dryRun.checks.map((check) => (
              <li key={check.check}>
                {check.ok ? '✓' : '✗'} {check.check}: {check.detail}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}
