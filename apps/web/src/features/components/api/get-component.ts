// GET /api/components/{component}: its summary, every generation and its quarantined files.

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ComponentDetail } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getComponent(component: string, signal?: AbortSignal): Promise<ComponentDetail> {
  return apiGet<ComponentDetail>(`/api/components/${encodeURIComponent(component)}`, { signal });
}

export const componentQueryOptions = (component: string) =>
  queryOptions({
    queryKey: ['components', 'detail', component],
    queryFn: ({ signal }) => getComponent(component, signal),
  });

export function useComponent(component: string) {
  return useQuery(componentQueryOptions(component));
}
