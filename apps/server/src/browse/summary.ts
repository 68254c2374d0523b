// The summary of one generation (header, scalars, tables with statistics, series) and
// downsampled series.

import type { GenerationSummary, SeriesResult, SpecialView } from '@quantum/api-contract';
import { notFound } from '../errors.js';
import type { OpenGeneration } from '../state/console-state.js';
import { statsOf } from './histogram.js';
import { columnInfo, tablesOfEntry } from './query.js';
import { scalarsOf, seriesOf } from './tables.js';

function viewsOf(state: unknown): SpecialView[] {
  const record = state as Record<string, unknown>;
  const views: SpecialView[] = [];
  if ('model' in record && 'history' in record) views.push('adversary');
  if ('correlationMatrix' in record) views.push('correlation');
  if ('shadows' in record) views.push('shadows');
  return views;
}

export function summaryOf(opened: OpenGeneration, fileName: string): GenerationSummary {
  const { entry, generation } = opened;
  let stats = entry.derived.get('stats') as GenerationSummary['tables'] | undefined;
  if (stats === undefined) {
    stats = tablesOfEntry(entry).map((table) => ({
      name: table.name,
      rows: table.length,
      columns: columnInfo(table),
      stats: table.columns
        .filter((column) => column.type === 'number' || column.type === 'time' || column.type === 'integer')
        .map((column) => statsOf(column.name, column.values as ArrayLike<number>)),
    }));
    entry.derived.set('stats', stats);
  }
  return {
    component: entry.component,
    header: {
      generation,
      file: fileName,
      seq: entry.seq,
      savedAt: entry.header.savedAt,
      schemaVersion: entry.header.schemaVersion,
      keyFingerprint: Buffer.from(entry.header.keyFingerprint).toString('hex'),
      flags: entry.header.flags,
    },
    scalars: scalarsOf(entry.state),
    tables: stats,
    series: [...seriesOf(entry.state)].map(([name, values]) => ({ name, length: values.length })),
    views: viewsOf(entry.state),
  };
}

/** At most `points` buckets, each with its mean, min and max. */
export function seriesResult(opened: OpenGeneration, name: string, points: number): SeriesResult {
  const values = seriesOf(opened.entry.state).get(name);
  if (values === undefined) throw notFound('UNKNOWN_SERIES', `${opened.entry.component} has no series ${name}`);
  const buckets = Math.min(points, values.length);
  const result: SeriesResult['points'] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * values.length) / buckets);
    const end = Math.floor(((b + 1) * values.length) / buckets);
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let count = 0;
    for (let i = start; i < end; i++) {
      const value = values[i] as number;
      if (!Number.isFinite(value)) continue;
      sum += value;
      count++;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    if (count > 0) result.push({ index: start, value: sum / count, min, max });
  }
  return { name, length: values.length, points: result };
}
