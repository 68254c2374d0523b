// The difference of two generations: changed scalars, and per table added/removed/changed entries.

import type { GenerationDiff } from '@quantum/api-contract';
import { HistogramChart } from '../../../components/charts/histogram-chart';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { formatNumber, formatTime } from '../../../lib/format';

type ScalarChange = GenerationDiff['scalars'][number];
type EntryChange = GenerationDiff['tables'][number]['largestChanges'][number];

const scalarColumns: Column<ScalarChange>[] = [
  { header: 'Field', rowHeader: true, cell: (scalar) => scalar.name },
  { header: 'Before', cell: (scalar) => show(scalar.before) },
  { header: 'After', cell: (scalar) => show(scalar.after) },
];

const changeColumns: Column<EntryChange>[] = [
  { header: 'Key', rowHeader: true, cell: (change) => change.key },
  { header: 'Before', cell: (change) => formatNumber(change.before) },
  { header: 'After', cell: (change) => formatNumber(change.after) },
  { header: 'Δ', cell: (change) => formatNumber(change.delta) },
];

export function DiffView({ diff }: { diff: GenerationDiff }) {
  return (
    <div className="diff" role="group" aria-label={`Diff of ${diff.from.generation} and ${diff.to.generation}`}>
      <p>
        From <strong>{diff.from.generation}</strong> (seq {diff.from.seq}, {formatTime(diff.from.savedAt)}) to{' '}
        <strong>{diff.to.generation}</strong> (seq {diff.to.seq}, {formatTime(diff.to.savedAt)})
      </p>
      {diff.scalars.length === 0 ? (
        <p>No scalar field differs.</p>
      ) : (
        <DataTable columns={scalarColumns} rows={diff.scalars} rowKey={(scalar) => scalar.name} caption="Changed fields" className="compact" />
      )}
      {diff.tables.map((table) => (
        <section key={table.table} aria-label={`Table ${table.table}`} className="diff-table">
          <h4>
            {table.table} ({table.valueColumn}, keyed by {table.keyedBy})
          </h4>
          <p>
            {table.added} added · {table.removed} removed · {table.changed} changed · {table.unchanged} unchanged
          </p>
          {table.largestChanges.length > 0 ? (
            <DataTable columns={changeColumns} rows={table.largestChanges} rowKey={(change) => change.key} caption="Largest changes" className="compact" />
          ) : null}
          {table.changed > 0 ? (
            <HistogramChart
              edges={table.deltaHistogram.edges}
              series={[{ group: 'changed', counts: table.deltaHistogram.counts }]}
              label={`Histogram of ${table.valueColumn} change in ${table.table}`}
              height={160}
            />
          ) : null}
        </section>
      ))}
    </div>
  );
}

function show(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
