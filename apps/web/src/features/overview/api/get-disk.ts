// GET /api/disk: free space of the state directory against the save reserve.

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { DiskStatus } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getDisk(signal?: AbortSignal): Promise<DiskStatus> {
  return apiGet<DiskStatus>('/api/disk', { signal });
}

export const diskQueryOptions = () =>
  queryOptions({
    queryKey: ['components', 'disk'],
    queryFn: ({ signal }) => getDisk(signal),
    refetchInterval: 10_000,
  });

export function useDisk() {
  return useQuery(diskQueryOptions());
}
