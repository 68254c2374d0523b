// GET /api/installations: every installation the server watches (server-wide, never re-prefixed).

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { InstallationList } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getInstallations(signal?: AbortSignal): Promise<InstallationList> {
  return apiGet<InstallationList>('/api/installations', { signal });
}

export const installationsQueryOptions = () =>
  queryOptions({
    queryKey: ['installations'],
    queryFn: ({ signal }) => getInstallations(signal),
    refetchInterval: 15_000,
  });

export function useInstallations() {
  return useQuery(installationsQueryOptions());
}
