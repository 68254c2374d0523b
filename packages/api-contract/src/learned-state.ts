// Read-only views of the learned state in one generation: summary, table pages, histograms, series.

import { Type, type Static } from 'typebox';
import { ComponentName, EpochMs, GenerationRef, RegimeName, TradingActionName } from './common.js';

/** A table of a component: qTable, traces, experiences, predictions, entropy, exposures, shadow-<agentId>. */
export const TableName = Type.String({ pattern: '^[a-zA-Z]{1,30}(-[0-9]{1,9})?$' });
export const ColumnName = Type.String({ pattern: '^[a-zA-Z]{1,40}$' });

export const ColumnType = Type.Union([
  Type.Literal('number'), Type.Literal('integer'), Type.Literal('hash'), Type.Literal('action'),
  Type.Literal('regime'), Type.Literal('enum'), Type.Literal('time'), Type.Literal('boolean'),
]);
export type ColumnType = Static<typeof ColumnType>;

export const ColumnInfo = Type.Object({
  name: Type.String(),
  type: ColumnType,
  sortable: Type.Boolean(),
});
export type ColumnInfo = Static<typeof ColumnInfo>;

export const ColumnStats = Type.Object({
  column: Type.String(),
  count: Type.Integer(),
  min: Type.Union([Type.Number(), Type.Null()]),
  max: Type.Union([Type.Number(), Type.Null()]),
  mean: Type.Union([Type.Number(), Type.Null()]),
  std: Type.Union([Type.Number(), Type.Null()]),
});
export type ColumnStats = Static<typeof ColumnStats>;

export const TableInfo = Type.Object({
  name: Type.String(),
  rows: Type.Integer(),
  columns: Type.Array(ColumnInfo),
  stats: Type.Array(ColumnStats),
});
export type TableInfo = Static<typeof TableInfo>;

export const ScalarValue = Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Array(Type.String())]);
export type ScalarValue = Static<typeof ScalarValue>;

export const GenerationHeader = Type.Object({
  generation: Type.String(),
  file: Type.String(),
  seq: Type.Integer(),
  savedAt: EpochMs,
  schemaVersion: Type.Integer(),
  keyFingerprint: Type.String(),
  flags: Type.Integer(),
});
export type GenerationHeader = Static<typeof GenerationHeader>;

export const SpecialView = Type.Union([Type.Literal('adversary'), Type.Literal('correlation'), Type.Literal('shadows')]);
export type SpecialView = Static<typeof SpecialView>;

export const GenerationSummary = Type.Object({
  component: ComponentName,
  header: GenerationHeader,
  /** Scalar fields of the state: learning parameters, counters, buffer position (capacity, currentSize, nextIndex), ... */
  scalars: Type.Record(Type.String(), ScalarValue),
  tables: Type.Array(TableInfo),
  series: Type.Array(Type.Object({ name: Type.String(), length: Type.Integer() })),
  views: Type.Array(SpecialView),
});
export type GenerationSummary = Static<typeof GenerationSummary>;

const Cursor = Type.String({ pattern: '^[A-Za-z0-9_-]{1,200}$', description: 'opaque; from nextCursor' });

/** Filters shared by rows, export and histogram. */
const filterProperties = {
  table: TableName,
  action: Type.Optional(TradingActionName),
  regime: Type.Optional(RegimeName),
  stateHash: Type.Optional(Type.String({ pattern: '^(0x)?[0-9a-fA-F]{1,16}$', description: 'exact state hash, hex' })),
  rangeColumn: Type.Optional(ColumnName),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
};

export const RowsQuery = Type.Object({
  ...filterProperties,
  sort: Type.Optional(ColumnName),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  cursor: Type.Optional(Cursor),
  /** Row position in the sorted, filtered view to start the page at (instead of a cursor): a jump in one request. */
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'start the page at this row position of the view; not with cursor' })),
});
export type RowsQuery = Static<typeof RowsQuery>;

/** A view of a table: its filters and sort, without paging (rows, histogram and export share it). */
export type ViewFilters = Omit<RowsQuery, 'limit' | 'cursor' | 'offset'>;

/** Cells are numbers, hex strings, enum names, booleans or null; serialised as plain JSON. */
export const Row = Type.Unsafe<Record<string, number | string | boolean | null>>(
  Type.Record(Type.String(), Type.Unknown(), { description: 'cell values: number, string (hashes as 16 hex digits, enum names), boolean or null' }),
);
export type Row = Static<typeof Row>;

export const RowsPage = Type.Object({
  component: ComponentName,
  generation: Type.String(),
  seq: Type.Integer(),
  table: Type.String(),
  columns: Type.Array(ColumnInfo),
  /** Rows matching the filters, over all pages. */
  total: Type.Integer(),
  rows: Type.Array(Row),
  nextCursor: Type.Union([Cursor, Type.Null()]),
});
export type RowsPage = Static<typeof RowsPage>;

export const ExportQuery = Type.Object({
  ...filterProperties,
  sort: Type.Optional(ColumnName),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  format: Type.Union([Type.Literal('csv'), Type.Literal('ndjson')]),
  maxRows: Type.Optional(Type.Integer({ minimum: 1, maximum: 5_000_000 })),
});
export type ExportQuery = Static<typeof ExportQuery>;

export const HistogramQuery = Type.Object({
  ...filterProperties,
  column: ColumnName,
  bins: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 40 })),
  groupBy: Type.Optional(Type.Union([Type.Literal('action'), Type.Literal('regime')])),
});
export type HistogramQuery = Static<typeof HistogramQuery>;

export const Histogram = Type.Object({
  /** bins + 1 edges, ascending. */
  edges: Type.Array(Type.Number()),
  counts: Type.Array(Type.Integer()),
});
export type Histogram = Static<typeof Histogram>;

export const HistogramResult = Type.Object({
  table: Type.String(),
  column: Type.String(),
  total: Type.Integer(),
  edges: Type.Array(Type.Number()),
  /** One series when not grouped (group `all`), else one per action or regime. */
  series: Type.Array(Type.Object({ group: Type.String(), counts: Type.Array(Type.Integer()) })),
});
export type HistogramResult = Static<typeof HistogramResult>;

export const SeriesParams = Type.Object({ component: ComponentName, generation: GenerationRef, series: Type.String({ pattern: '^[a-zA-Z]{1,40}$' }) });
export type SeriesParams = Static<typeof SeriesParams>;
export const SeriesQuery = Type.Object({ points: Type.Optional(Type.Integer({ minimum: 2, maximum: 5000, default: 500 })) });
export type SeriesQuery = Static<typeof SeriesQuery>;

/** A history, downsampled to at most `points` points (each the mean of its bucket, with min and max). */
export const SeriesResult = Type.Object({
  name: Type.String(),
  length: Type.Integer(),
  points: Type.Array(Type.Object({ index: Type.Integer(), value: Type.Number(), min: Type.Number(), max: Type.Number() })),
});
export type SeriesResult = Static<typeof SeriesResult>;
