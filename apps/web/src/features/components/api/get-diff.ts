// GET /api/components/{component}/diff: what changed between two generations, per table.

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { GenerationDiff } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getDiff(component: string, from: string, to: string, signal?: AbortSignal): Promise<GenerationDiff> {
  return apiGet<GenerationDiff>(`/api/components/${encodeURIComponent(component)}/diff`, { signal, query: { from, to } });
}

export const diffQueryOptions = (component: string, from: string, to: string) =>
  queryOptions({
    queryKey: ['components', 'diff', component, from, to],
    queryFn: ({ signal }) => getDiff(component, from, to, signal),
    enabled: from !== '' && to !== '' && from !== to,
    staleTime: 30_000,
  });

export function useDiff(component: string, from: string, to: string) {
  return useQuery(diffQueryOptions(component, from, to));
}
