// The difference of two generations: changed scalars, and per table added/removed/changed entries.

import type { GenerationDiff } from '@quantum/api-contract';
import { HistogramChart } from '../../../components/charts/histogram-chart';
import { formatNumber, formatTime } from '../../../lib/format';

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
        <table className="compact">
          <caption>Changed fields</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {diff.scalars.map((scalar) => (
              <tr key={scalar.name}>
                <th scope="row">{scalar.name}</th>
                <td>{show(scalar.before)}</td>
                <td>{show(scalar.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
            <table className="compact">
              <caption>Largest changes</caption>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                  <th scope="col">Δ</th>
                </tr>
              </thead>
              <tbody>
                {table.largestChanges.map((change) => (
                  <tr key={change.key}>
                    <th scope="row">{change.key}</th>
                    <td>{formatNumber(change.before)}</td>
                    <td>{formatNumber(change.after)}</td>
                    <td>{formatNumber(change.delta)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
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
