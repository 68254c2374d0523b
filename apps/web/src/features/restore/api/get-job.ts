// GET /api/jobs/{jobId}: progress of an operator action, polled until it ends.

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Job } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getJob(jobId: string, signal?: AbortSignal): Promise<Job> {
  return apiGet<Job>(`/api/jobs/${encodeURIComponent(jobId)}`, { signal });
}

export const jobQueryOptions = (jobId: string) =>
  queryOptions({
    queryKey: ['jobs', jobId],
    queryFn: ({ signal }) => getJob(jobId, signal),
    refetchInterval: (query) => (query.state.data && ['succeeded', 'failed'].includes(query.state.data.state) ? false : 500),
  });

export function useJob(jobId: string | null) {
  return useQuery({ ...jobQueryOptions(jobId ?? ''), enabled: jobId !== null });
}
