// Adversary, metrics, risk and shadows: the views each component's generation in use offers.

import { useQueries } from '@tanstack/react-query';
import { QueryState } from '../../../components/ui/query-state';
import { useComponents } from '../../overview/api/get-components';
import { generationSummaryQueryOptions } from '../../tables/api/get-generation-summary';
import { AdversaryPanel } from './adversary-panel';
import { CorrelationPanel } from './correlation-panel';
import { SeriesPanel } from './series-panel';
import { ShadowsPanel } from './shadows-panel';

export function InsightsPage() {
  const components = useComponents();
  const usable = (components.data?.components ?? []).filter((summary) => summary.active);
  const summaries = useQueries({
    queries: usable.map((summary) => generationSummaryQueryOptions(summary.component, summary.active?.generation ?? 'current')),
  });
  const loaded = summaries.flatMap((result) => (result.data ? [result.data] : []));
  const withViews = loaded.filter((summary) => summary.views.length > 0 || summary.series.length > 0);
  return (
    <>
      <h1>Adversary, metrics, risk and shadows</h1>
      <QueryState
        label="components"
        isPending={components.isPending || summaries.some((result) => result.isPending)}
        error={components.error}
        isEmpty={withViews.length === 0}
        emptyMessage="No usable generation offers these views yet."
      >
        {withViews.map((summary) => {
          const generation = summary.header.generation;
          return (
            <div key={summary.component}>
              {summary.views.includes('adversary') ? <AdversaryPanel component={summary.component} generation={generation} /> : null}
              {summary.views.includes('correlation') ? <CorrelationPanel component={summary.component} generation={generation} /> : null}
              {summary.views.includes('shadows') ? <ShadowsPanel component={summary.component} generation={generation} /> : null}
              {summary.series.length > 0 ? <SeriesPanel component={summary.component} generation={generation} series={summary.series} /> : null}
            </div>
          );
        })}
      </QueryState>
    </>
  );
}
