// GET .../adversary, .../correlation, .../shadows: the component-specific views of one generation.

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AdversaryView, CorrelationView, ShadowsView } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

interface ViewTypes {
  adversary: AdversaryView;
  correlation: CorrelationView;
  shadows: ShadowsView;
}

export type ViewName = keyof ViewTypes;

export async function getView<V extends ViewName>(component: string, generation: string, view: V, signal?: AbortSignal): Promise<ViewTypes[V]> {
  const path = `/api/components/${encodeURIComponent(component)}/generations/${encodeURIComponent(generation)}/${view}`;
  return apiGet<ViewTypes[V]>(path, { signal });
}

export const viewQueryOptions = <V extends ViewName>(component: string, generation: string, view: V) =>
  queryOptions({
    queryKey: ['learned-state', component, generation, 'view', view],
    queryFn: ({ signal }) => getView(component, generation, view, signal),
  });

export function useView<V extends ViewName>(component: string, generation: string, view: V) {
  return useQuery(viewQueryOptions(component, generation, view));
}
