// GET .../generations/{generation}/export: the filtered view as CSV, downloaded as a file.

import { apiFetch } from '../../../lib/api-client';
import type { ViewFilters } from '@quantum/api-contract';

export async function exportRows(component: string, generation: string, query: ViewFilters & { format: 'csv' | 'ndjson' }): Promise<void> {
  const path = `/api/components/${encodeURIComponent(component)}/generations/${encodeURIComponent(generation)}/export`;
  const response = await apiFetch(path, { query: { ...query } });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${component}-${generation}-${query.table}.${query.format}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
