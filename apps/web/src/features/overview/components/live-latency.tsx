// The live save-latency panel: pick a component, watch its percentiles move with each save.

import { useId, useState, useSyncExternalStore } from 'react';
import type { LatencySeries } from '@quantum/api-contract';
import { LatencyChart } from '../../../components/charts/latency-chart';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { useEventStream } from '../../events/components/event-stream-provider';
import { formatMs } from '../../../lib/format';
import { useLatency } from '../api/get-latency';

const columns: Column<LatencySeries>[] = [
  { header: 'Component', rowHeader: true, cell: (series) => series.component },
  { header: 'Saves', cell: (series) => series.milliseconds.count },
  { header: 'p50', cell: (series) => formatMs(series.milliseconds.p50) },
  { header: 'p95', cell: (series) => formatMs(series.milliseconds.p95) },
  { header: 'p99', cell: (series) => formatMs(series.milliseconds.p99) },
  { header: 'max', cell: (series) => formatMs(series.milliseconds.max) },
];

export function LiveLatency({ components }: { components: string[] }) {
  const { latency } = useEventStream();
  useSyncExternalStore(latency.subscribe, latency.version);
  const selectId = useId();
  const [chosen, setChosen] = useState<string>('');
  const live = latency.components();
  const component = chosen || components[0] || live[0] || '';
  const points = latency.pointsOf(component);
  const report = useLatency('5m');
  const totals = report.data?.series.filter((series) => series.phase === 'total') ?? [];

  return (
    <section className="panel" aria-labelledby={`${selectId}-title`}>
      <div className="panel-header">
        <h2 id={`${selectId}-title`}>Save latency (live)</h2>
        <label htmlFor={selectId}>Component</label>
        <select id={selectId} value={component} onChange={(event) => setChosen(event.target.value)}>
          {[...new Set([...components, ...live])].map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      {points.length === 0 ? (
        <p className="state state-empty" role="status">
          No saves of {component || 'any component'} in the journal yet; the chart fills as the agent saves.
        </p>
      ) : (
        <LatencyChart points={points} label={`Save latency of ${component}, rolling percentiles over the last 100 saves`} />
      )}
      {totals.length > 0 ? (
        <DataTable columns={columns} rows={totals} rowKey={(series) => series.component} caption="Last 5 minutes, from the save journal" className="compact" />
      ) : null}
    </section>
  );
}
