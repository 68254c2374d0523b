// The risk components: the adversary's model and calibration, and the portfolio's
// correlation matrix, danger scores and entropy.

import type { PortfolioRiskState, RiskAdversaryState } from '../../components/types.js';
import type { FindingSink } from '../findings.js';
import { magnitudeColumn, meanAbs, rangeColumn, rangeScalar } from './columns.js';
import type { ComponentChecks } from './component-checks.js';
import { checkQTable, summarizeQTable } from './component-checks.js';
import { emptySummary } from './summary.js';

const RATES = ['f1Score', 'calibrationError', 'truePositiveRate', 'falsePositiveRate'] as const;

export const riskAdversaryChecks: ComponentChecks<RiskAdversaryState> = {
  absolute(state, sink, bounds) {
    const { model } = state;
    if (model.kind === 'network') {
      model.layers.forEach((layer, i) => {
        magnitudeColumn(sink, `model.layers[${i}].weights`, layer.weights, bounds.maxAbsValue);
        magnitudeColumn(sink, `model.layers[${i}].biases`, layer.biases, bounds.maxAbsValue);
      });
    } else {
      checkQTable(sink, 'model.qTable', model.qTable, bounds);
    }
    rangeColumn(sink, 'probability-domain', 'history.dangerScore', state.history.dangerScore, 0, 1);
    for (const name of RATES) rangeScalar(sink, 'probability-domain', name, state[name], 0, 1);
  },
  summarize(state) {
    const summary = emptySummary();
    summary.counters['totalPredictions'] = state.totalPredictions;
    summary.counters['correctPredictions'] = state.correctPredictions;
    const { model } = state;
    if (model.kind === 'network') {
      model.layers.forEach((layer, i) => {
        summary.values[`model.layers[${i}].weights`] = meanAbs(layer.weights);
      });
    } else {
      summarizeQTable(summary, 'model.qTable', model.qTable);
    }
    return summary;
  },
};

/** Rounding in the correlation estimator is tolerated up to this much. */
const CORRELATION_TOLERANCE = 1e-9;

/** Square, symmetric, unit diagonal, entries in [-1, 1]: reports the first offending cell. */
function checkCorrelationMatrix(sink: FindingSink, symbols: number, matrix: Float64Array): void {
  if (matrix.length !== symbols * symbols) {
    sink.report('correlation-matrix', 'correlationMatrix', `has ${matrix.length} entries, expected ${symbols} x ${symbols}`, [matrix.length]);
    return;
  }
  for (let i = 0; i < symbols; i++) {
    const diagonal = matrix[i * symbols + i] as number;
    if (Math.abs(diagonal - 1) > CORRELATION_TOLERANCE) {
      sink.report('correlation-matrix', `correlationMatrix[${i}][${i}]`, `diagonal is ${diagonal}, expected 1 (values: row, column, value)`, [i, i, diagonal]);
      return;
    }
    for (let j = i + 1; j < symbols; j++) {
      const upper = matrix[i * symbols + j] as number;
      const lower = matrix[j * symbols + i] as number;
      if (Math.abs(upper - lower) > CORRELATION_TOLERANCE) {
        sink.report('correlation-matrix', `correlationMatrix[${i}][${j}]`, `not symmetric: ${upper} vs [${j}][${i}] ${lower} (values: row, column, both values)`, [i, j, upper, lower]);
        return;
      }
      if (upper < -1 - CORRELATION_TOLERANCE || upper > 1 + CORRELATION_TOLERANCE) {
        sink.report('correlation-matrix', `correlationMatrix[${i}][${j}]`, `${upper} is outside [-1, 1] (values: row, column, value)`, [i, j, upper]);
        return;
      }
    }
  }
}

export const portfolioRiskChecks: ComponentChecks<PortfolioRiskState> = {
  absolute(state, sink) {
    if (sink.enabled('correlation-matrix')) checkCorrelationMatrix(sink, state.symbols.length, state.correlationMatrix);
    rangeColumn(sink, 'correlation-matrix', 'exposures.avgCorrelation', state.exposures.avgCorrelation, -1, 1);
    rangeColumn(sink, 'probability-domain', 'microDangerScores', state.microDangerScores, 0, 1);
    rangeColumn(sink, 'non-negative', 'entropyHistory.systemEntropy', state.entropyHistory.systemEntropy, 0, Infinity);
    rangeColumn(sink, 'non-negative', 'exposures.numPositions', state.exposures.numPositions, 0, Infinity);
    rangeColumn(sink, 'non-negative', 'exposures.volatilityEstimate', state.exposures.volatilityEstimate, 0, Infinity);
    rangeScalar(sink, 'non-negative', 'macroSystemEntropy', state.macroSystemEntropy, 0, Infinity);
  },
  summarize: () => emptySummary(),
};
