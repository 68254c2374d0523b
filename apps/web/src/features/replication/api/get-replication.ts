// GET /api/replication: the replicator's lag and health, read by the server from the state directory.

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ReplicationStatus } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getReplication(signal?: AbortSignal): Promise<ReplicationStatus> {
  return apiGet<ReplicationStatus>('/api/replication', { signal });
}

export const replicationQueryOptions = () =>
  queryOptions({
    queryKey: ['replication'],
    queryFn: ({ signal }) => getReplication(signal),
    // The lag moves with every save and every replicator pass.
    refetchInterval: 2_000,
  });

export function useReplication() {
  return useQuery(replicationQueryOptions());
}
