// GET /api/audit: operator actions, newest first, paged by id.

import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { AuditPage } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getAudit(query: { component?: string; before?: number; limit?: number }, signal?: AbortSignal): Promise<AuditPage> {
  return apiGet<AuditPage>('/api/audit', { signal, query });
}

export const auditQueryOptions = (component?: string) =>
  infiniteQueryOptions({
    queryKey: ['audit', component ?? 'all'],
    queryFn: ({ signal, pageParam }) => getAudit({ component, limit: 50, ...(pageParam === null ? {} : { before: pageParam }) }, signal),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });

export function useAudit(component?: string) {
  return useInfiniteQuery(auditQueryOptions(component));
}
