// Component-specific views: the risk adversary, the portfolio risk (correlation, circuit breaker), the shadow agents.

import { Type, type Static } from 'typebox';
import { EpochMs } from './common.js';
import { ColumnStats, Histogram } from './learned-state.js';

export const CalibrationBin = Type.Object({
  lo: Type.Number(),
  hi: Type.Number(),
  count: Type.Integer(),
  meanPredicted: Type.Union([Type.Number(), Type.Null()]),
  observedRate: Type.Union([Type.Number(), Type.Null()]),
});
export type CalibrationBin = Static<typeof CalibrationBin>;

export const AdversaryView = Type.Object({
  kind: Type.Union([Type.Literal('network'), Type.Literal('tabular')]),
  layers: Type.Array(
    Type.Object({
      index: Type.Integer(),
      inputs: Type.Integer(),
      outputs: Type.Integer(),
      activation: Type.String(),
      weights: Type.Object({ stats: ColumnStats, histogram: Histogram }),
      biases: Type.Object({ stats: ColumnStats, histogram: Histogram }),
    }),
  ),
  /** Rows of the tabular adversary's Q-table (browse it as table qTable). */
  qTableRows: Type.Integer(),
  calibration: Type.Object({
    predictions: Type.Integer(),
    /** Mean of (dangerScore - crashOccurred)^2; null without predictions. */
    brierScore: Type.Union([Type.Number(), Type.Null()]),
    bins: Type.Array(CalibrationBin),
  }),
  metrics: Type.Record(Type.String(), Type.Number()),
});
export type AdversaryView = Static<typeof AdversaryView>;

export const CorrelationView = Type.Object({
  symbols: Type.Array(Type.String()),
  /** Row-major, symbols.length rows of symbols.length values. */
  matrix: Type.Array(Type.Array(Type.Number())),
  updatedAt: EpochMs,
  circuitBreaker: Type.Object({
    level: Type.String({ description: 'DEFCON level name' }),
    levelChanged: EpochMs,
    consecutiveViolations: Type.Integer(),
    /** Release codes are credentials of the breaker: only their number is shown. */
    releaseCodeCount: Type.Integer(),
  }),
  macroSystemEntropy: Type.Number(),
  microDangerScores: Type.Array(Type.Object({ symbol: Type.String(), score: Type.Number() })),
});
export type CorrelationView = Static<typeof CorrelationView>;

export const ShadowComparison = Type.Object({
  agentId: Type.Integer(),
  strategyName: Type.String(),
  table: Type.String({ description: 'browse its Q-table as this table' }),
  sharpeRatio: Type.Number(),
  sortinoRatio: Type.Number(),
  maxDrawdown: Type.Number(),
  totalTrades: Type.Integer(),
  actionDivergence: Type.Number(),
  lastOutperformed: EpochMs,
  qEntries: Type.Integer(),
  meanQ: Type.Union([Type.Number(), Type.Null()]),
  /** Share of states known to both where the greedy action equals the entry agent's current one; null if none shared. */
  agreementWithEntry: Type.Union([Type.Number(), Type.Null()]),
  sharedStates: Type.Integer(),
});
export type ShadowComparison = Static<typeof ShadowComparison>;

export const ShadowsView = Type.Object({ shadows: Type.Array(ShadowComparison) });
export type ShadowsView = Static<typeof ShadowsView>;
