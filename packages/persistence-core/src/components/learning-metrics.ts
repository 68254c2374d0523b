// SLearningMetricsState (spec 2.5): rolling histories, cumulative statistics, self-healing flags.

import type { ScalarField } from '../format/sections.js';
import type { ComponentCodec } from './codec.js';
import type { LearningMetricsState } from './types.js';
import { checkCount } from './validate.js';

const Tag = {
  PARAMS: 1,
  TD_ERROR_HISTORY: 10,
  Q_STABILITY_HISTORY: 11,
  COVERAGE_HISTORY: 12,
  VPIN_ACCURACY_HISTORY: 13,
  KURTOSIS_PRED_HISTORY: 14,
  FRACTAL_TREND_HISTORY: 15,
} as const;

const PARAMS = [
  { name: 'bufferSize', type: 'count' },
  { name: 'totalTrades', type: 'count' },
  { name: 'uniqueStatesVisited', type: 'count' },
  { name: 'novelStatesLast100', type: 'count' },
  { name: 'needsGeneticRefresh', type: 'bool' },
  { name: 'needsQTableReset', type: 'bool' },
  { name: 'needsExplorationBoost', type: 'bool' },
  { name: 'needsRewardRebalancing', type: 'bool' },
  { name: 'needsPhysicsRecalibration', type: 'bool' },
  { name: 'lastSelfHeal', type: 'time' },
] as const satisfies readonly ScalarField[];

export const learningMetricsCodec: ComponentCodec<LearningMetricsState> = {
  name: 'LearningMetrics',
  kind: 5,
  fileName: 'ProjectQuantum_LearningMetrics.dat',
  schemaVersion: 1,
  priority: 3,

  fresh: () => ({
    bufferSize: 100,
    tdErrorHistory: new Float64Array(0),
    qStabilityHistory: new Float64Array(0),
    coverageHistory: new Float64Array(0),
    totalTrades: 0,
    uniqueStatesVisited: 0,
    novelStatesLast100: 0,
    vpinAccuracyHistory: new Float64Array(0),
    kurtosisPredHistory: new Float64Array(0),
    fractalTrendHistory: new Float64Array(0),
    needsGeneticRefresh: false,
    needsQTableReset: false,
    needsExplorationBoost: false,
    needsRewardRebalancing: false,
    needsPhysicsRecalibration: false,
    lastSelfHeal: 0,
  }),

  encode(state, out) {
    out.record(Tag.PARAMS, PARAMS, state);
    out.column(Tag.TD_ERROR_HISTORY, state.tdErrorHistory);
    out.column(Tag.Q_STABILITY_HISTORY, state.qStabilityHistory);
    out.column(Tag.COVERAGE_HISTORY, state.coverageHistory);
    out.column(Tag.VPIN_ACCURACY_HISTORY, state.vpinAccuracyHistory);
    out.column(Tag.KURTOSIS_PRED_HISTORY, state.kurtosisPredHistory);
    out.column(Tag.FRACTAL_TREND_HISTORY, state.fractalTrendHistory);
  },

  decode(reader) {
    const state: LearningMetricsState = {
      ...reader.record('params', Tag.PARAMS, PARAMS),
      tdErrorHistory: reader.f64('tdErrorHistory', Tag.TD_ERROR_HISTORY),
      qStabilityHistory: reader.f64('qStabilityHistory', Tag.Q_STABILITY_HISTORY),
      coverageHistory: reader.f64('coverageHistory', Tag.COVERAGE_HISTORY),
      vpinAccuracyHistory: reader.f64('vpinAccuracyHistory', Tag.VPIN_ACCURACY_HISTORY),
      kurtosisPredHistory: reader.f64('kurtosisPredHistory', Tag.KURTOSIS_PRED_HISTORY),
      fractalTrendHistory: reader.f64('fractalTrendHistory', Tag.FRACTAL_TREND_HISTORY),
    };
    this.validate(state, reader.file);
    return state;
  },

  // The histories are rolling windows whose lengths the runtime chooses; only counts have a domain here.
  validate(state, file) {
    checkCount('bufferSize', state.bufferSize, file);
    checkCount('totalTrades', state.totalTrades, file);
    checkCount('uniqueStatesVisited', state.uniqueStatesVisited, file);
    checkCount('novelStatesLast100', state.novelStatesLast100, file);
  },

  legacyDecoders: {},
  migrations: [],
};
