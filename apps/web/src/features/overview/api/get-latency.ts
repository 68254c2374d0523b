// GET /api/latency: save-latency percentiles per component over a time window, from the save journal.

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { LatencyReport, LatencyWindow } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getLatency(window: LatencyWindow, signal?: AbortSignal): Promise<LatencyReport> {
  return apiGet<LatencyReport>('/api/latency', { signal, query: { window } });
}

export const latencyQueryOptions = (window: LatencyWindow) =>
  queryOptions({
    queryKey: ['components', 'latency', window],
    queryFn: ({ signal }) => getLatency(window, signal),
    refetchInterval: 10_000,
  });

export function useLatency(window: LatencyWindow) {
  return useQuery(latencyQueryOptions(window));
}
