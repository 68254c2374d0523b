// GET /api/position: the live position from the per-tick position file (written every tick, so polled often).

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { LivePosition } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getPosition(signal?: AbortSignal): Promise<LivePosition> {
  return apiGet<LivePosition>('/api/position', { signal });
}

export const positionQueryOptions = () =>
  queryOptions({
    queryKey: ['position'],
    queryFn: ({ signal }) => getPosition(signal),
    refetchInterval: 2_000,
  });

export function usePosition() {
  return useQuery(positionQueryOptions());
}
