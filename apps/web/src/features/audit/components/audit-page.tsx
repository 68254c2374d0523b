// The audit log of operator actions, filterable by component (in the URL).

import { ChoiceSelect } from '../../../components/ui/choice-select';
import { Field } from '../../../components/ui/field';
import { QueryState } from '../../../components/ui/query-state';
import { useUrlState } from '../../../lib/use-url-state';
import { useComponents } from '../../overview/api/get-components';
import { useAudit } from '../api/get-audit';
import { AuditTable } from './audit-table';

export function AuditPage() {
  const [view, setView] = useUrlState({ component: '' });
  const components = useComponents();
  const componentNames = (components.data?.components ?? []).map((summary) => summary.component);
  const audit = useAudit(view.component || undefined);
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? [];
  return (
    <>
      <h1>Audit log</h1>
      <div className="toolbar">
        <Field label="Component">
          {(id) => <ChoiceSelect id={id} value={view.component} options={componentNames} blankLabel="all" onChange={(component) => setView({ component })} />}
        </Field>
      </div>
      <QueryState
        label="audit log"
        isPending={audit.isPending}
        error={audit.error}
        onRetry={() => void audit.refetch()}
        isEmpty={entries.length === 0}
        emptyMessage="No operator action has been recorded."
      >
        <AuditTable entries={entries} caption="Operator actions, newest first" />
        {audit.hasNextPage ? (
          <button type="button" onClick={() => void audit.fetchNextPage()} disabled={audit.isFetchingNextPage}>
            {audit.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
          </button>
        ) : null}
      </QueryState>
    </>
  );
}
