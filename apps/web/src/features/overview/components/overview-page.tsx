// Overview: every component's health, disk space, live save latency, alerts.

import { QueryState } from '../../../components/ui/query-state';
import { DiskGauge } from '../../../components/charts/disk-gauge';
import { formatAge } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { useComponents } from '../api/get-components';
import { useDisk } from '../api/get-disk';
import { ComponentCard } from './component-card';
import { HealthAlerts } from './health-alerts';
import { LiveLatency } from './live-latency';
import { LivePositionCard } from './live-position-card';

export function OverviewPage() {
  const components = useComponents();
  const disk = useDisk();
  const now = useNow();
  const list = components.data?.components ?? [];
  const lastGoodSave = Math.max(0, ...list.map((summary) => summary.active?.savedAt ?? 0));

  return (
    <>
      <h1>Overview</h1>
      <QueryState
        label="components"
        isPending={components.isPending}
        error={components.data ? null : components.error}
        onRetry={() => void components.refetch()}
        isEmpty={list.length > 0 && list.every((summary) => summary.health === 'empty')}
        emptyMessage="The state directory is empty: no component has been saved yet. The cards below fill in as the agent saves."
      >
        <HealthAlerts components={list} />
        <p className="lede" aria-live="polite">
          Last good save: <strong>{lastGoodSave > 0 ? formatAge(lastGoodSave, now) : 'never'}</strong>
        </p>
      </QueryState>
      <section aria-labelledby="components-title">
        <h2 id="components-title" className="visually-hidden">
          Components
        </h2>
        <div className="card-grid">
          {list.map((summary) => (
            <ComponentCard key={summary.component} summary={summary} now={now} />
          ))}
          <LivePositionCard now={now} />
        </div>
      </section>
      <div className="two-columns">
        <section className="panel" aria-labelledby="disk-title">
          <h2 id="disk-title">Disk</h2>
          <QueryState label="disk status" isPending={disk.isPending} error={disk.data ? null : disk.error}>
            {disk.data ? (
              <>
                <DiskGauge totalBytes={disk.data.totalBytes} freeBytes={disk.data.freeBytes} reserveBytes={disk.data.reserveBytes} />
                {disk.data.skippedNow.length > 0 ? (
                  <p role="alert">Saves skipped for lack of space: {disk.data.skippedNow.join(', ')}</p>
                ) : null}
              </>
            ) : null}
          </QueryState>
        </section>
        <LiveLatency components={list.map((summary) => summary.component)} />
      </div>
    </>
  );
}
