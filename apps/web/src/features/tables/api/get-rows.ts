// GET .../generations/{generation}/rows: pages of a table's rows under filters and sort, by cursor.

import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { RowsPage } from '@quantum/api-contract';
import { apiGet } from '../../../lib/api-client';
import type { TableFilters } from '../table-view-state';

export const rowsPageSize = 1000;

export async function getRows(
  component: string,
  generation: string,
  query: TableFilters & { limit: number; cursor?: string },
  signal?: AbortSignal,
): Promise<RowsPage> {
  const path = `/api/components/${encodeURIComponent(component)}/generations/${encodeURIComponent(generation)}/rows`;
  return apiGet<RowsPage>(path, { signal, query: { ...query } });
}

interface PageParam {
  cursor?: string;
  /** After the first page: `seq-<n>` of that page, so every page comes from the same save. */
  generation?: string;
}

export const rowsQueryOptions = (component: string, generation: string, filters: TableFilters) =>
  infiniteQueryOptions({
    queryKey: ['learned-state', component, generation, 'rows', filters],
    queryFn: ({ signal, pageParam }) =>
      getRows(
        component,
        pageParam.generation ?? generation,
        { ...filters, limit: rowsPageSize, ...(pageParam.cursor ? { cursor: pageParam.cursor } : {}) },
        signal,
      ),
    initialPageParam: {} as PageParam,
    getNextPageParam: (last): PageParam | undefined =>
      last.nextCursor === null ? undefined : { cursor: last.nextCursor, generation: `seq-${last.seq}` },
    // A generation's rows change only when it is re-saved; the view says so instead of jumping.
    staleTime: Infinity,
    // Comparing every loaded row with the previous data on each new page is quadratic on large tables.
    structuralSharing: false,
  });

export function useRows(component: string, generation: string, filters: TableFilters) {
  return useInfiniteQuery(rowsQueryOptions(component, generation, filters));
}
