// One component: its generations, quarantined files, verification, diff and the way to restore.

import { Link, useParams } from 'react-router';
import { QueryState, messageOf } from '../../../components/ui/query-state';
import { StatusBadge } from '../../../components/ui/status-badge';
import { useNow } from '../../../lib/use-now';
import { healthLabel, healthTone } from '../../overview/health';
import { useComponent } from '../api/get-component';
import { useVerify } from '../api/verify';
import { DiffPanel } from './diff-panel';
import { GenerationTable } from './generation-table';
import { PinList } from './pin-list';
import { QuarantineList } from './quarantine-list';
import { BrowseLinks } from './browse-links';
import { PinForm } from '../../pins/components/pin-form';
import type { PinnedInfo } from '@quantum/api-contract';
import { UnpinButton } from '../../pins/components/unpin-button';
import { useReadOnlyReason } from '../../installations/api/use-shown-installation';

export function ComponentPage() {
  const component = useParams().component ?? '';
  const detail = useComponent(component);
  const verify = useVerify();
  const now = useNow();
  const readOnly = useReadOnlyReason();
  const summary = detail.data?.summary;

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/">Overview</Link> / {component}
      </nav>
      <div className="page-header">
        <h1>{component}</h1>
        {summary ? <StatusBadge tone={healthTone(summary.health)}>{healthLabel(summary.health)}</StatusBadge> : null}
        <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
          {verify.isPending ? 'Verifying…' : 'Verify now'}
        </button>
        <Link className="button" to={`/components/${component}/restore`}>
          Restore…
        </Link>
      </div>
      {verify.isError ? <p role="alert">Verification failed: {messageOf(verify.error)}</p> : null}
      {verify.isSuccess ? (
        <p role="status">
          Verified in {verify.data.durationMs.toFixed(0)} ms: {verify.data.validFiles} valid files, {verify.data.rejectedFiles} rejected.
        </p>
      ) : null}
      <QueryState label={`component ${component}`} isPending={detail.isPending} error={detail.data ? null : detail.error} onRetry={() => void detail.refetch()}>
        {detail.data && summary ? (
          <>
            {summary.health === 'recovered' ? (
              <p role="alert" className="alert alert-warning">
                The current file is unusable; loads use {summary.recoveredFrom}. Restore a generation to make it current again.
              </p>
            ) : null}
            {summary.health === 'unrecoverable' ? (
              <p role="alert" className="alert alert-error">
                No generation of {component} verifies: the agent starts it fresh. See the reasons below.
              </p>
            ) : null}
            <section className="panel">
              <GenerationTable generations={detail.data.generations} now={now} inUse={summary.active?.generation} />
            </section>
            <BrowseLinks component={component} generation={summary.active?.generation ?? 'current'} />
            <section className="panel" aria-label="Pinned generations">
              <PinList component={component} pins={detail.data.pins} {...(readOnly === undefined ? { actions: (pin: PinnedInfo) => <UnpinButton component={component} pin={pin} /> } : {})} />
              <PinForm component={component} generations={detail.data.generations} />
            </section>
            <section className="panel" aria-label="Quarantine">
              <QuarantineList files={detail.data.quarantined} />
            </section>
            <DiffPanel component={component} generations={detail.data.generations} />
          </>
        ) : null}
      </QueryState>
    </>
  );
}
