// The state of a table view that lives in the URL: generation, filters, sort and scroll position.

import type { RegimeName, TradingActionName, ViewFilters } from '@quantum/api-contract';
import { useUrlState, type UrlState } from '../../lib/use-url-state';

export const tableViewDefaults = {
  generation: 'current',
  sort: '',
  order: 'asc',
  action: '',
  regime: '',
  stateHash: '',
  rangeColumn: '',
  min: '',
  max: '',
  row: '0',
};

export type TableViewState = UrlState<keyof typeof tableViewDefaults>;

export function useTableViewState() {
  return useUrlState(tableViewDefaults);
}

export function filtersOf(table: string, view: TableViewState): ViewFilters {
  const query: ViewFilters = { table };
  if (view.action) query.action = view.action as TradingActionName;
  if (view.regime) query.regime = view.regime as RegimeName;
  if (view.stateHash) query.stateHash = view.stateHash;
  if (view.rangeColumn && (view.min !== '' || view.max !== '')) {
    query.rangeColumn = view.rangeColumn;
    if (view.min !== '' && Number.isFinite(Number(view.min))) query.min = Number(view.min);
    if (view.max !== '' && Number.isFinite(Number(view.max))) query.max = Number(view.max);
  }
  if (view.sort) {
    query.sort = view.sort;
    query.order = view.order === 'desc' ? 'desc' : 'asc';
  }
  return query;
}
