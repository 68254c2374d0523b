// GET /api/components: the health of every component.

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ComponentList } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getComponents(signal?: AbortSignal): Promise<ComponentList> {
  return apiGet<ComponentList>('/api/components', { signal });
}

export const componentsQueryOptions = () =>
  queryOptions({
    queryKey: ['components', 'list'],
    queryFn: ({ signal }) => getComponents(signal),
    refetchInterval: 15_000,
  });

export function useComponents() {
  return useQuery(componentsQueryOptions());
}
