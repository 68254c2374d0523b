// Component-specific views: the risk adversary (layers, calibration), the portfolio risk
// (correlation matrix, circuit breaker) and the shadow agents compared with the entry agent.

import type { AdversaryView, CalibrationBin, CorrelationView, ShadowComparison } from '@quantum/api-contract';
import type { PortfolioRiskState, QTable, RiskAdversaryState, ShadowAgentsState } from '@quantum/persistence-core';
import { Activation, DefconLevel, enumName } from '@quantum/persistence-core';
import { histogramOf, statsOf } from './histogram.js';

const CALIBRATION_BINS = 10;

export function adversaryView(state: RiskAdversaryState): AdversaryView {
  const { history, model } = state;
  const bins: CalibrationBin[] = [];
  const sums = Array.from({ length: CALIBRATION_BINS }, () => ({ count: 0, predicted: 0, observed: 0 }));
  let brier = 0;
  for (let i = 0; i < history.dangerScore.length; i++) {
    const score = history.dangerScore[i] as number;
    const outcome = history.crashOccurred[i] === 0 ? 0 : 1;
    brier += (score - outcome) ** 2;
    const bin = sums[Math.min(CALIBRATION_BINS - 1, Math.max(0, Math.floor(score * CALIBRATION_BINS)))] as { count: number; predicted: number; observed: number };
    bin.count++;
    bin.predicted += score;
    bin.observed += outcome;
  }
  sums.forEach((bin, i) =>
    bins.push({ lo: i / CALIBRATION_BINS, hi: (i + 1) / CALIBRATION_BINS, count: bin.count, meanPredicted: bin.count ? bin.predicted / bin.count : null, observedRate: bin.count ? bin.observed / bin.count : null }),
  );
  const predictions = history.dangerScore.length;
  return {
    kind: model.kind,
    layers:
      model.kind === 'network'
        ? model.layers.map((layer, index) => ({
            index,
            inputs: layer.inputs,
            outputs: layer.outputs,
            activation: enumName(Activation, layer.activation),
            weights: { stats: statsOf('weights', layer.weights), histogram: histogramOf(layer.weights, 30) },
            biases: { stats: statsOf('biases', layer.biases), histogram: histogramOf(layer.biases, 30) },
          }))
        : [],
    qTableRows: model.kind === 'tabular' ? model.qTable.stateHash.length : 0,
    calibration: { predictions, brierScore: predictions ? brier / predictions : null, bins },
    metrics: {
      f1Score: state.f1Score,
      calibrationError: state.calibrationError,
      truePositiveRate: state.truePositiveRate,
      falsePositiveRate: state.falsePositiveRate,
      totalPredictions: state.totalPredictions,
      correctPredictions: state.correctPredictions,
      lastCalibration: state.lastCalibration,
    },
  };
}

export function correlationView(state: PortfolioRiskState): CorrelationView {
  const n = state.symbols.length;
  const matrix = Array.from({ length: n }, (_, i) => Array.from(state.correlationMatrix.subarray(i * n, (i + 1) * n)));
  return {
    symbols: state.symbols,
    matrix,
    updatedAt: state.correlationUpdated,
    circuitBreaker: { level: enumName(DefconLevel, state.currentLevel), levelChanged: state.levelChanged, consecutiveViolations: state.consecutiveViolations, releaseCodeCount: state.releaseCodes.length },
    macroSystemEntropy: state.macroSystemEntropy,
    microDangerScores: state.symbols.map((symbol, i) => ({ symbol, score: state.microDangerScores[i] ?? 0 })),
  };
}

/** Greedy action per state: the action of the highest Q-value. */
function greedyActions(table: QTable): Map<bigint, { action: number; q: number }> {
  const best = new Map<bigint, { action: number; q: number }>();
  for (let i = 0; i < table.stateHash.length; i++) {
    const hash = table.stateHash[i] as bigint;
    const q = table.qValue[i] as number;
    const known = best.get(hash);
    if (known === undefined || q > known.q) best.set(hash, { action: table.action[i] as number, q });
  }
  return best;
}

export function shadowsView(state: ShadowAgentsState, entry: QTable | undefined): ShadowComparison[] {
  const entryGreedy = entry === undefined ? undefined : greedyActions(entry);
  return state.shadows.map((shadow) => {
    let shared = 0;
    let agree = 0;
    if (entryGreedy !== undefined) {
      for (const [hash, choice] of greedyActions(shadow.qTable)) {
        const theirs = entryGreedy.get(hash);
        if (theirs === undefined) continue;
        shared++;
        if (theirs.action === choice.action) agree++;
      }
    }
    return {
      agentId: shadow.agentId,
      strategyName: shadow.strategyName,
      table: `shadow-${shadow.agentId}`,
      sharpeRatio: shadow.sharpeRatio,
      sortinoRatio: shadow.sortinoRatio,
      maxDrawdown: shadow.maxDrawdown,
      totalTrades: shadow.totalTrades,
      actionDivergence: shadow.actionDivergence,
      lastOutperformed: shadow.lastOutperformed,
      qEntries: shadow.qTable.stateHash.length,
      meanQ: statsOf('qValue', shadow.qTable.qValue).mean,
      agreementWithEntry: shared > 0 ? agree / shared : null,
      sharedStates: shared,
    };
  });
}
