// GET /api/components/{component}/restore/preview: the chosen generation and its diff against current (operators).

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RestorePreview } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export async function getRestorePreview(component: string, generation: string, signal?: AbortSignal): Promise<RestorePreview> {
  return apiGet<RestorePreview>(`/api/components/${encodeURIComponent(component)}/restore/preview`, { signal, query: { generation } });
}

export const restorePreviewQueryOptions = (component: string, generation: string) =>
  queryOptions({
    // Not under 'components': the diff the operator reads must not move with every agent save.
    queryKey: ['restore-preview', component, generation],
    staleTime: Infinity,
    queryFn: ({ signal }) => getRestorePreview(component, generation, signal),
  });

export function useRestorePreview(component: string, generation: string, enabled: boolean) {
  return useQuery({ ...restorePreviewQueryOptions(component, generation), enabled: enabled && generation !== '' });
}
