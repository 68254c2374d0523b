// Every installation the server watches: health, last save, replication lag; open any of them.

import type { InstallationSummary } from '@quantum/api-contract';
import { useInstallation } from '../../../app/installation';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { QueryState } from '../../../components/ui/query-state';
import { StatusBadge } from '../../../components/ui/status-badge';
import { formatAge, formatTime } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { useInstallations } from '../api/get-installations';
import { installationHealthLabel, kindLabel, lagLabel } from './installation-health';

export function InstallationsPage() {
  const installations = useInstallations();
  const now = useNow();
  const list = installations.data?.installations ?? [];
  const { current, switchTo } = useInstallation();
  const isShown = (summary: InstallationSummary) => (current === null ? summary.default : current === summary.id);
  const columns: Column<InstallationSummary>[] = [
    {
      header: 'Installation',
      rowHeader: true,
      cell: (summary) => (
        <>
          {summary.id}
          {summary.default ? <span className="muted"> (default)</span> : null}
        </>
      ),
    },
    { header: 'Health', cell: healthOf },
    {
      header: 'Last save',
      cell: (summary) => (summary.lastSaveAt === undefined ? 'never' : formatAge(summary.lastSaveAt, now)),
      title: (summary) => formatTime(summary.lastSaveAt),
    },
    { header: 'Components', cell: (summary) => summary.components },
    { header: 'Replication lag', cell: lagLabel },
    {
      header: 'Kind',
      cell: (summary) => (
        <>
          {kindLabel(summary)}
          {summary.readOnly ? <div className="muted">Read-only{summary.mirror?.refreshedAt ? `, refreshed ${formatAge(summary.mirror.refreshedAt, now)}` : ''}</div> : null}
        </>
      ),
    },
    {
      header: 'Shown',
      cell: (summary) =>
        isShown(summary) ? (
          'Shown now'
        ) : (
          <button type="button" onClick={() => switchTo(summary.id, summary.default)}>
            Open {summary.id}
          </button>
        ),
    },
  ];
  return (
    <>
      <h1>Installations</h1>
      <QueryState label="installations" isPending={installations.isPending} error={installations.data ? null : installations.error} onRetry={() => void installations.refetch()}>
        <section className="panel">
          <DataTable columns={columns} rows={list} rowKey={(summary) => summary.id} label="Installations" isCurrent={isShown} />
        </section>
      </QueryState>
    </>
  );
}

function healthOf(summary: InstallationSummary) {
  return (
    <>
      <StatusBadge tone={summary.health} title={summary.detail}>
        {installationHealthLabel(summary.health)}
      </StatusBadge>{' '}
      <span className="muted">{summary.detail}</span>
    </>
  );
}
