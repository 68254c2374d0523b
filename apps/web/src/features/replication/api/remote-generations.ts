// A component's generations in the replication bucket, the preview of one (downloaded and
// verified by the server, diffed against current) and starting its restore.

import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import type { DryRunResult, Job, RemoteGenerationList, RemoteRestoreBody, RemoteRestorePreview } from '@quantum/api-contract';
import { apiGet, apiPost } from '../../../lib/api-client';

const base = (component: string) => `/api/components/${encodeURIComponent(component)}/remote-generations`;

export const remoteGenerationsQueryOptions = (component: string) =>
  queryOptions({
    queryKey: ['remote-generations', component],
    queryFn: ({ signal }) => apiGet<RemoteGenerationList>(base(component), { signal }),
    refetchInterval: 10_000,
  });

export function useRemoteGenerations(component: string, enabled: boolean) {
  return useQuery({ ...remoteGenerationsQueryOptions(component), enabled });
}

export const remotePreviewQueryOptions = (component: string, seq: number) =>
  queryOptions({
    // Objects in the bucket never change: one download and verification per seq is enough.
    queryKey: ['remote-preview', component, seq],
    staleTime: Infinity,
    retry: false,
    queryFn: ({ signal }) => apiPost<RemoteRestorePreview>(`${base(component)}/${seq}/preview`, {}, { signal }),
  });

export function useRemotePreview(component: string, seq: number) {
  return useQuery(remotePreviewQueryOptions(component, seq));
}

export function startRemoteRestore(component: string, seq: number, body: RemoteRestoreBody): Promise<Job | DryRunResult> {
  return apiPost<Job | DryRunResult>(`${base(component)}/${seq}/restore`, body);
}

export function useStartRemoteRestore(component: string) {
  return useMutation({ mutationFn: ({ seq, ...body }: RemoteRestoreBody & { seq: number }) => startRemoteRestore(component, seq, body) });
}
