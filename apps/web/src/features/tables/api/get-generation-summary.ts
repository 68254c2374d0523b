// GET /api/components/{component}/generations/{generation}: header, scalars, tables and series of one generation.

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { GenerationSummary } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getGenerationSummary(component: string, generation: string, signal?: AbortSignal): Promise<GenerationSummary> {
  return apiGet<GenerationSummary>(
    `/api/components/${encodeURIComponent(component)}/generations/${encodeURIComponent(generation)}`,
    { signal },
  );
}

export const generationSummaryQueryOptions = (component: string, generation: string) =>
  queryOptions({
    queryKey: ['learned-state', component, generation, 'summary'],
    queryFn: ({ signal }) => getGenerationSummary(component, generation, signal),
    enabled: component !== '' && generation !== '',
  });

export function useGenerationSummary(component: string, generation: string) {
  return useQuery(generationSummaryQueryOptions(component, generation));
}
