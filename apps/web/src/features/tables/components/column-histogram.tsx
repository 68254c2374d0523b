// Histogram of one column under the view's filters, optionally one series per action or regime.

import { memo } from 'react';
import { HistogramChart } from '../../../components/charts/histogram-chart';
import { QueryState } from '../../../components/ui/query-state';
import { useHistogram, type HistogramRequest } from '../api/get-histogram';
import type { ViewFilters } from '@quantum/api-contract';

interface ColumnHistogramProps {
  component: string;
  generation: string;
  filters: ViewFilters;
  column: string;
  groupBy?: HistogramRequest['groupBy'];
}

export const ColumnHistogram = memo(function ColumnHistogram({ component, generation, filters, column, groupBy }: ColumnHistogramProps) {
  const { sort: _sort, order: _order, ...filterOnly } = filters;
  const query: HistogramRequest = { ...filterOnly, column, bins: 40, ...(groupBy ? { groupBy } : {}) };
  const histogram = useHistogram(component, generation, query);
  const title = `${column} histogram${groupBy ? ` per ${groupBy}` : ''}`;
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      <QueryState label={title} isPending={histogram.isPending} error={histogram.error} isEmpty={histogram.data?.total === 0}>
        {histogram.data ? <HistogramChart edges={histogram.data.edges} series={histogram.data.series} label={title} /> : null}
      </QueryState>
    </section>
  );
});
