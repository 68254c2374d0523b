// The risk adversary: weight and bias histograms per layer, calibration and Brier score.

import { HistogramChart } from '../../../components/charts/histogram-chart';
import { ReliabilityDiagram } from '../../../components/charts/reliability-diagram';
import { QueryState } from '../../../components/ui/query-state';
import { formatNumber, formatTime } from '../../../lib/format';
import { useView } from '../api/get-views';

export function AdversaryPanel({ component, generation }: { component: string; generation: string }) {
  const view = useView(component, generation, 'adversary');
  const data = view.data;
  return (
    <section className="panel" aria-label={`${component} adversary`}>
      <h2>{component}: adversary</h2>
      <QueryState label="adversary" isPending={view.isPending} error={view.error}>
        {data ? (
          <>
            <p>
              Model: {data.kind}
              {data.kind === 'tabular' ? ` (${data.qTableRows.toLocaleString('en-US')} Q-table rows)` : ''} · Brier score{' '}
              <strong>{data.calibration.brierScore === null ? '—' : data.calibration.brierScore.toFixed(4)}</strong> over{' '}
              {data.calibration.predictions.toLocaleString('en-US')} predictions
            </p>
            <dl className="facts inline-facts">
              {Object.entries(data.metrics).map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{/^last[A-Z]/.test(name) ? formatTime(value) : formatNumber(value)}</dd>
                </div>
              ))}
            </dl>
            <h3>Reliability diagram</h3>
            <ReliabilityDiagram bins={data.calibration.bins} label="Observed crash rate against predicted danger" />
            <div className="chart-grid">
              {data.layers.map((layer) => (
                <div key={layer.index}>
                  <h3>
                    Layer {layer.index}: {layer.inputs}→{layer.outputs} {layer.activation}
                  </h3>
                  <HistogramChart
                    edges={layer.weights.histogram.edges}
                    series={[{ group: 'weights', counts: layer.weights.histogram.counts }]}
                    label={`Weight histogram of layer ${layer.index}`}
                    height={150}
                  />
                </div>
              ))}
            </div>
          </>
        ) : null}
      </QueryState>
    </section>
  );
}
