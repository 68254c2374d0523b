// GET /api/session: who the token belongs to and what it may do.

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Session } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getSession(signal?: AbortSignal): Promise<Session> {
  return apiGet<Session>('/api/session', { signal });
}

export const sessionQueryOptions = (token: string | null) =>
  queryOptions({
    queryKey: ['session', token],
    queryFn: ({ signal }) => getSession(signal),
    enabled: token !== null,
    staleTime: 60_000,
  });

export function useSession(token: string | null) {
  return useQuery(sessionQueryOptions(token));
}
