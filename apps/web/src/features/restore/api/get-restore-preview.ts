// GET /api/components/{component}/restore/preview: the chosen generation and its diff against current (operators).

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RestorePreview } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getRestorePreview(component: string, generation: string, signal?: AbortSignal): Promise<RestorePreview> {
  return apiGet<RestorePreview>(`/api/components/${encodeURIComponent(component)}/restore/preview`, { signal, query: { generation } });
}

export const restorePreviewQueryOptions = (component: string, generation: string) =>
  queryOptions({
    queryKey: ['components', 'restore-preview', component, generation],
    queryFn: ({ signal }) => getRestorePreview(component, generation, signal),
    staleTime: 30_000,
  });

export function useRestorePreview(component: string, generation: string, enabled: boolean) {
  return useQuery({ ...restorePreviewQueryOptions(component, generation), enabled: enabled && generation !== '' });
}
