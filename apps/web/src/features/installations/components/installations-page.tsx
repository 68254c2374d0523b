// Every installation the server watches: health, last save, replication lag; open any of them.

import type { InstallationSummary } from '@quantum/api-contract';
import { useInstallation } from '../../../app/installation';
import { QueryState } from '../../../components/ui/query-state';
import { StatusBadge } from '../../../components/ui/status-badge';
import { formatAge, formatTime } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { useInstallations } from '../api/get-installations';
import { installationHealthLabel, installationTone, kindLabel, lagLabel } from './installation-health';

export function InstallationsPage() {
  const installations = useInstallations();
  const now = useNow();
  const list = installations.data?.installations ?? [];
  return (
    <>
      <h1>Installations</h1>
      <QueryState label="installations" isPending={installations.isPending} error={installations.data ? null : installations.error} onRetry={() => void installations.refetch()}>
        <section className="panel">
          <table aria-label="Installations">
            <thead>
              <tr>
                <th scope="col">Installation</th>
                <th scope="col">Health</th>
                <th scope="col">Last save</th>
                <th scope="col">Components</th>
                <th scope="col">Replication lag</th>
                <th scope="col">Kind</th>
                <th scope="col">Shown</th>
              </tr>
            </thead>
            <tbody>
              {list.map((summary) => (
                <InstallationRow key={summary.id} summary={summary} now={now} />
              ))}
            </tbody>
          </table>
        </section>
      </QueryState>
    </>
  );
}

function InstallationRow({ summary, now }: { summary: InstallationSummary; now: number }) {
  const { current, switchTo } = useInstallation();
  const shown = current === null ? summary.default : current === summary.id;
  return (
    <tr aria-current={shown ? 'true' : undefined}>
      <th scope="row">
        {summary.id}
        {summary.default ? <span className="muted"> (default)</span> : null}
      </th>
      <td>
        <StatusBadge tone={installationTone(summary.health)} title={summary.detail}>
          {installationHealthLabel(summary.health)}
        </StatusBadge>{' '}
        <span className="muted">{summary.detail}</span>
      </td>
      <td title={formatTime(summary.lastSaveAt)}>{summary.lastSaveAt === undefined ? 'never' : formatAge(summary.lastSaveAt, now)}</td>
      <td>{summary.components}</td>
      <td>{lagLabel(summary)}</td>
      <td>
        {kindLabel(summary)}
        {summary.readOnly ? <div className="muted">Read-only{summary.mirror?.refreshedAt ? `, refreshed ${formatAge(summary.mirror.refreshedAt, now)}` : ''}</div> : null}
      </td>
      <td>
        {shown ? (
          'Shown now'
        ) : (
          <button type="button" onClick={() => switchTo(summary.id, summary.default)}>
            Open {summary.id}
          </button>
        )}
      </td>
    </tr>
  );
}
