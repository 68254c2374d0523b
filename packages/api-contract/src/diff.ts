// Difference of two generations of a component, per table: GET /api/components/{component}/diff.

import { Type, type Static } from 'typebox';
import { GenerationRef } from './common.js';
import { Histogram, TableName } from './learned-state.js';

export const DiffQuery = Type.Object({
  from: GenerationRef,
  to: Type.Optional(GenerationRef),
  table: Type.Optional(TableName),
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  bins: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 40 })),
});
export type DiffQuery = Static<typeof DiffQuery>;

export const EntryChange = Type.Object({
  /** stateHash/action for keyed tables (Q-tables, traces), else the row index. */
  key: Type.String(),
  before: Type.Union([Type.Number(), Type.Null()]),
  after: Type.Union([Type.Number(), Type.Null()]),
  delta: Type.Number(),
});
export type EntryChange = Static<typeof EntryChange>;

export const TableDiff = Type.Object({
  table: Type.String(),
  /** The compared value column: qValue, eligibility, priority, dangerScore, ... */
  valueColumn: Type.String(),
  keyedBy: Type.Union([Type.Literal('stateHash+action'), Type.Literal('row')]),
  added: Type.Integer(),
  removed: Type.Integer(),
  changed: Type.Integer(),
  unchanged: Type.Integer(),
  largestChanges: Type.Array(EntryChange),
  /** Histogram of after - before over changed entries. */
  deltaHistogram: Histogram,
});
export type TableDiff = Static<typeof TableDiff>;

export const GenerationDiff = Type.Object({
  component: Type.String(),
  from: Type.Object({ generation: Type.String(), seq: Type.Integer(), savedAt: Type.Number() }),
  to: Type.Object({ generation: Type.String(), seq: Type.Integer(), savedAt: Type.Number() }),
  /** Scalar fields whose value differs. */
  scalars: Type.Array(Type.Object({ name: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
  tables: Type.Array(TableDiff),
});
export type GenerationDiff = Static<typeof GenerationDiff>;
