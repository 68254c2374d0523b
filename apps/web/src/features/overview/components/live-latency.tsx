// The live save-latency panel: pick a component, watch its percentiles move with each save.

import { useId, useState, useSyncExternalStore } from 'react';
import { LatencyChart } from '../../../components/charts/latency-chart';
import { useEventStream } from '../../events/components/event-stream-provider';
import { formatMs } from '../../../lib/format';
import { useLatency } from '../api/get-latency';

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
        <table className="compact">
          <caption>Last 5 minutes, from the save journal</caption>
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col">Saves</th>
              <th scope="col">p50</th>
              <th scope="col">p95</th>
              <th scope="col">p99</th>
              <th scope="col">max</th>
            </tr>
          </thead>
          <tbody>
            {totals.map((series) => (
              <tr key={series.component}>
                <th scope="row">{series.component}</th>
                <td>{series.milliseconds.count}</td>
                <td>{formatMs(series.milliseconds.p50)}</td>
                <td>{formatMs(series.milliseconds.p95)}</td>
                <td>{formatMs(series.milliseconds.p99)}</td>
                <td>{formatMs(series.milliseconds.max)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
