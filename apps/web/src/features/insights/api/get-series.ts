// GET .../series/{series}: a history downsampled on the server to at most `points` buckets.

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SeriesResult } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getSeries(component: string, generation: string, series: string, points: number, signal?: AbortSignal): Promise<SeriesResult> {
  const path = `/api/components/${encodeURIComponent(component)}/generations/${encodeURIComponent(generation)}/series/${encodeURIComponent(series)}`;
  return apiGet<SeriesResult>(path, { signal, query: { points } });
}

export const seriesQueryOptions = (component: string, generation: string, series: string, points = 400) =>
  queryOptions({
    queryKey: ['learned-state', component, generation, 'series', series, points],
    queryFn: ({ signal }) => getSeries(component, generation, series, points, signal),
  });

export function useSeries(component: string, generation: string, series: string) {
  return useQuery(seriesQueryOptions(component, generation, series));
}
