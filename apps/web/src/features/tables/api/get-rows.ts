// GET .../generations/{generation}/rows: a page of a table's rows under filters and sort, after a
// cursor (sequential paging) or at a row position (a jump).

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RowsPage, ViewFilters } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';

export const rowsPageSize = 1000;

export async function getRows(
  component: string,
  generation: string,
  query: ViewFilters & { limit: number; cursor?: string; offset?: number },
  signal?: AbortSignal,
): Promise<RowsPage> {
  const path = `/api/components/${encodeURIComponent(component)}/generations/${encodeURIComponent(generation)}/rows`;
  return apiGet<RowsPage>(path, { signal, query: { ...query } });
}

/** The view's first page: its total, columns and the save (seq) every later page is read from. */
export const firstRowsQueryOptions = (component: string, generation: string, filters: ViewFilters) =>
  queryOptions({
    queryKey: ['learned-state', component, generation, 'rows', filters],
    queryFn: ({ signal }) => getRows(component, generation, { ...filters, limit: rowsPageSize }, signal),
    // A generation's rows change only when it is re-saved; the view says so instead of jumping.
    staleTime: Infinity,
  });

export function useFirstRows(component: string, generation: string, filters: ViewFilters) {
  return useQuery(firstRowsQueryOptions(component, generation, filters));
}
