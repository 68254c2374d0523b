// GET .../generations/{generation}/histogram: a column's histogram under the view's filters.

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { HistogramResult, ViewFilters } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

/** HistogramQuery: the view's filters (no sort), the column, bins, optional grouping. */
export type HistogramRequest = Omit<ViewFilters, 'sort' | 'order'> & { column: string; bins?: number; groupBy?: 'action' | 'regime' };

export async function getHistogram(component: string, generation: string, query: HistogramRequest, signal?: AbortSignal): Promise<HistogramResult> {
  const path = `/api/components/${encodeURIComponent(component)}/generations/${encodeURIComponent(generation)}/histogram`;
  return apiGet<HistogramResult>(path, { signal, query: { ...query } });
}

export const histogramQueryOptions = (component: string, generation: string, query: HistogramRequest) =>
  queryOptions({
    queryKey: ['learned-state', component, generation, 'histogram', query],
    queryFn: ({ signal }) => getHistogram(component, generation, query, signal),
    staleTime: Infinity,
  });

export function useHistogram(component: string, generation: string, query: HistogramRequest, enabled = true) {
  return useQuery({ ...histogramQueryOptions(component, generation, query), enabled });
}
