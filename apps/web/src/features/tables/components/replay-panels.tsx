// Replay-buffer charts: priority histogram and CDF, regime and action breakdown, circular-buffer position.

import { memo } from 'react';
import type { HistogramResult, ViewFilters } from '@quantum/api-contract';
import { BreakdownChart } from '../../../components/charts/breakdown-chart';
import { BufferPosition } from '../../../components/charts/buffer-position';
import { CdfChart } from '../../../components/charts/cdf-chart';
import { HistogramChart } from '../../../components/charts/histogram-chart';
import { QueryState } from '../../../components/ui/query-state';
import { useGenerationSummary } from '../api/get-generation-summary';
import { useHistogram, type HistogramRequest } from '../api/get-histogram';

interface ReplayPanelsProps {
  component: string;
  generation: string;
  filters: ViewFilters;
}

export const ReplayPanels = memo(function ReplayPanels({ component, generation, filters }: ReplayPanelsProps) {
  const { sort: _sort, order: _order, ...filterOnly } = filters;
  const base: HistogramRequest = { ...filterOnly, column: 'priority' };
  const priorities = useHistogram(component, generation, { ...base, bins: 40 });
  const byRegime = useHistogram(component, generation, { ...base, bins: 1, groupBy: 'regime' });
  const byAction = useHistogram(component, generation, { ...base, bins: 1, groupBy: 'action' });
  const summary = useGenerationSummary(component, generation);
  const scalars = summary.data?.scalars ?? {};
  const capacity = Number(scalars.capacity ?? 0);

  return (
    <>
      <section className="panel" aria-label="Circular buffer position">
        <h2>Circular buffer</h2>
        {capacity > 0 ? (
          <BufferPosition capacity={capacity} size={Number(scalars.currentSize ?? 0)} nextIndex={Number(scalars.nextIndex ?? 0)} />
        ) : (
          <p className="muted">Position unknown for this generation.</p>
        )}
      </section>
      <section className="panel" aria-label="Priorities">
        <h2>Priorities</h2>
        <QueryState label="priority histogram" isPending={priorities.isPending} error={priorities.error} isEmpty={priorities.data?.total === 0}>
          {priorities.data ? (
            <>
              <HistogramChart edges={priorities.data.edges} series={priorities.data.series} label="Priority histogram" height={160} />
              <CdfChart edges={priorities.data.edges} counts={priorities.data.series[0]?.counts ?? []} label="Priority CDF" />
            </>
          ) : null}
        </QueryState>
      </section>
      <section className="panel" aria-label="Breakdown">
        <h2>Regime and action</h2>
        <QueryState label="breakdown" isPending={byRegime.isPending || byAction.isPending} error={byRegime.error ?? byAction.error}>
          <BreakdownChart counts={totalsOf(byRegime.data)} label="Experiences per regime" />
          <BreakdownChart counts={totalsOf(byAction.data)} label="Experiences per action" />
        </QueryState>
      </section>
    </>
  );
});

function totalsOf(result: HistogramResult | undefined): { group: string; count: number }[] {
  return (result?.series ?? []).map((series) => ({ group: series.group, count: series.counts.reduce((sum, count) => sum + count, 0) }));
}
