// GET /api/components/{component}/diff: what changed between two generations, per table.

import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { GenerationDiff } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getDiff(component: string, from: string, to: string, signal?: AbortSignal): Promise<GenerationDiff> {
  return apiGet<GenerationDiff>(`/api/components/${encodeURIComponent(component)}/diff`, { signal, query: { from, to } });
}

/** `seqs` are the seqs the two generations hold now: a rotation asks for a fresh diff. */
export const diffQueryOptions = (component: string, from: string, to: string, seqs: readonly (number | undefined)[] = []) =>
  queryOptions({
    queryKey: ['components', 'diff', component, from, to, ...seqs],
    queryFn: ({ signal }) => getDiff(component, from, to, signal),
    enabled: from !== '' && to !== '' && from !== to,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });

export function useDiff(component: string, from: string, to: string, seqs: readonly (number | undefined)[] = []) {
  return useQuery(diffQueryOptions(component, from, to, seqs));
}
