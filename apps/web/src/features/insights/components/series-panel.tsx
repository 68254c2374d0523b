// Every history of a component (TD error, Q stability, coverage, entropy, ...), downsampled by the server.

import { SeriesChart } from '../../../components/charts/series-chart';
import { QueryState } from '../../../components/ui/query-state';
import { useSeries } from '../api/get-series';

export function SeriesPanel({ component, generation, series }: { component: string; generation: string; series: { name: string; length: number }[] }) {
  return (
    <section className="panel" aria-label={`${component} histories`}>
      <h2>{component}: histories</h2>
      <div className="chart-grid">
        {series.map((one) => (
          <OneSeries key={one.name} component={component} generation={generation} name={one.name} length={one.length} />
        ))}
      </div>
    </section>
  );
}

function OneSeries({ component, generation, name, length }: { component: string; generation: string; name: string; length: number }) {
  const series = useSeries(component, generation, name);
  return (
    <div>
      <h3>
        {name} <span className="muted">({length.toLocaleString('en-US')} points)</span>
      </h3>
      <QueryState label={name} isPending={series.isPending} error={series.error} isEmpty={length === 0} emptyMessage="Empty history.">
        {series.data ? <SeriesChart points={series.data.points} label={`${name} history of ${component}`} /> : null}
      </QueryState>
    </div>
  );
}
