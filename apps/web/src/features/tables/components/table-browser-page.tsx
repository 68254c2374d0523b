// Browse any table of any generation: sort, filter, search, export; the whole view lives in the URL.

import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { QueryState, messageOf } from '../../../components/ui/query-state';
import { useComponent } from '../../components/api/get-component';
import { useRowBlocks } from '../api/use-row-blocks';
import { exportRows } from '../api/export-rows';
import { filtersOf, useTableViewState, type TableViewState } from '../table-view-state';
import { FilterBar } from './filter-bar';
import { VirtualRows } from './virtual-rows';
import { ColumnHistogram } from './column-histogram';
import { ReplayPanels } from './replay-panels';

export function TableBrowserPage() {
  const params = useParams();
  const component = params.component ?? '';
  const table = params.table ?? '';
  const [view, setView] = useTableViewState();
  // Stable while only the scroll position changes, so the charts beside the rows do not redraw.
  const filtersKey = JSON.stringify(filtersOf(table, view));
  const filters = useMemo(() => JSON.parse(filtersKey) as ReturnType<typeof filtersOf>, [filtersKey]);
  const { first: rows, rowAt, showRows, failure, retry } = useRowBlocks(component, view.generation, filters);
  const detail = useComponent(component);
  const pins = (detail.data?.pins ?? []).map((pin) => pin.ref);
  const [exporting, setExporting] = useState<string | null>(null);

  const first = rows.data;
  const columns = first?.columns ?? [];
  const update = (patch: Partial<TableViewState>) => setView(patch);
  const onSort = (column: string) =>
    setView({ sort: column, order: view.sort === column && view.order === 'asc' ? 'desc' : 'asc', row: '0' });
  const onFirstRowChange = useCallback((row: number) => setView({ row: String(row) }, { replace: true }), [setView]);

  // The rows on screen came from one save: charts and export read that same save.
  const snapshot = first ? `seq-${first.seq}` : view.generation;
  const activeSeq = detail.data?.summary.active?.seq;
  const newerSave = first !== undefined && view.generation === 'current' && activeSeq !== undefined && activeSeq > first.seq;

  const runExport = async () => {
    setExporting('Exporting…');
    try {
      await exportRows(component, snapshot, { ...filters, format: 'csv' });
      setExporting(null);
    } catch (error) {
      setExporting(`Export failed: ${messageOf(error)}`);
    }
  };

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/">Overview</Link> / <Link to={`/components/${component}`}>{component}</Link> / {table}
      </nav>
      <div className="page-header">
        <h1>
          {component} · {table}
        </h1>
        <span role="status" aria-live="polite" className="muted">
          {first ? `${first.total.toLocaleString('en-US')} ${first.total === 1 ? 'row matches' : 'rows match'} · generation ${first.generation} (seq ${first.seq})` : ''}
        </span>
        <button type="button" onClick={() => void runExport()} disabled={!first || exporting === 'Exporting…'}>
          Export CSV
        </button>
        {exporting ? <span role="status">{exporting}</span> : null}
        {newerSave ? (
          <button type="button" onClick={() => void rows.refetch()} title="The agent has saved since these rows were read">
            Newer save (seq {activeSeq}): reload rows
          </button>
        ) : null}
      </div>
      <FilterBar view={view} columns={columns} seq={first?.seq} pins={pins} onChange={update} />
      <div className="browser">
        <div className="browser-rows">
          <QueryState
            label={`rows of ${table}`}
            isPending={rows.isPending}
            error={rows.error}
            onRetry={() => void rows.refetch()}
            isEmpty={first !== undefined && first.total === 0}
            emptyMessage="No rows match these filters in this generation."
          >
            {failure ? (
              <p role="alert" className="muted">
                Could not load {failure}{' '}
                <button type="button" onClick={retry}>
                  Retry
                </button>
              </p>
            ) : null}
            <VirtualRows
              key={`${view.generation}|${filtersKey}`}
              label={`Rows of ${table}`}
              columns={columns}
              rowAt={rowAt}
              total={first?.total ?? 0}
              showRows={showRows}
              sort={view.sort}
              order={view.order === 'desc' ? 'desc' : 'asc'}
              onSort={onSort}
              initialRow={Number(view.row) || 0}
              onFirstRowChange={onFirstRowChange}
            />
          </QueryState>
        </div>
        <aside className="browser-side" aria-label="Charts of this view">
          {columns.some((column) => column.name === 'qValue') ? (
            <ColumnHistogram component={component} generation={snapshot} filters={filters} column="qValue" groupBy="action" />
          ) : null}
          {table === 'experiences' && first ? <ReplayPanels component={component} generation={snapshot} filters={filters} /> : null}
        </aside>
      </div>
    </>
  );
}
