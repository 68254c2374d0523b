// Healthy states of every component, sized by the caller, for the guard tests to break.

import type {
  EntryAgentState,
  ExitAgentState,
  LearningMetricsState,
  PhysicsState,
  PortfolioRiskState,
  QTable,
  ReplayBufferState,
  RiskAdversaryState,
  ShadowAgentsState,
  TraceTable,
  TrainingCheckpointState,
} from '../../src/components/types.js';

const floats = (n: number, f: (i: number) => number): Float64Array => Float64Array.from({ length: n }, (_, i) => f(i));
const bytes = (n: number, f: (i: number) => number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => f(i));
const hashes = (n: number): BigUint64Array => BigUint64Array.from({ length: n }, (_, i) => BigInt(i) * 2654435761n);

export function qTable(n: number): QTable {
  return { stateHash: hashes(n), action: bytes(n, (i) => i % 4), qValue: floats(n, (i) => Math.sin(i) * 2) };
}

function traces(n: number): TraceTable {
  return { stateHash: hashes(n), action: bytes(n, (i) => i % 4), eligibility: floats(n, (i) => 0.9 ** (i % 20)) };
}

export function entryAgent(n: number): EntryAgentState {
  return { qTable: qTable(n), traces: traces(Math.min(n, 16)), epsilon: 0.2, alpha: 0.1, lambda: 0.9, totalUpdates: 10 * n, stateSpaceSize: n, trainingStart: 1_700_000_000_000 };
}

export function exitAgent(n: number): ExitAgentState {
  return { qTable: qTable(n), traces: traces(Math.min(n, 16)), ewmaCaptureRatio: 0.6, ewmaFlipRate: 0.1, adaptiveGivebackScale: 1.5, totalExits: n, avgMfeCapture: 0.55, avgPathSmoothness: 0.7 };
}

export function replayBuffer(n: number): ReplayBufferState {
  const priorities = floats(n, (i) => 0.5 + (i % 7) / 10);
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += priorities[i] as number;
  return {
    capacity: n + 10,
    currentSize: n,
    nextIndex: n,
    experiences: {
      stateHash: hashes(n),
      action: bytes(n, (i) => i % 4),
      reward: { total: floats(n, Math.cos), mfeCapture: floats(n, () => 0.5), maePenalty: floats(n, () => -0.1), givebackPenalty: floats(n, () => 0), pathSmoothness: floats(n, () => 0.8), timeDecay: floats(n, () => 0.99) },
      nextStateHash: hashes(n),
      isTerminal: bytes(n, (i) => i % 2),
      timestamp: floats(n, (i) => 1_700_000_000_000 + i * 60_000),
      regime: bytes(n, (i) => i % 5),
    },
    priorities,
    cdf,
    sumPriorities: sum,
    totalSamplesTaken: 3 * n,
  };
}

export function riskAdversary(n: number, kind: 'network' | 'tabular' = 'network'): RiskAdversaryState {
  return {
    model: kind === 'network'
      ? { kind, layers: [{ inputs: 4, outputs: n, activation: 1, weights: floats(4 * n, (i) => Math.sin(i) / 2), biases: floats(n, () => 0.01) }, { inputs: n, outputs: 1, activation: 3, weights: floats(n, (i) => Math.cos(i) / 3), biases: floats(1, () => 0) }] }
      : { kind, qTable: qTable(n) },
    history: { dangerScore: floats(n, (i) => (i % 10) / 10), crashOccurred: bytes(n, (i) => (i % 10 === 9 ? 1 : 0)), predictionTime: floats(n, (i) => 1_700_000_000_000 + i), regime: bytes(n, (i) => i % 5) },
    f1Score: 0.7,
    calibrationError: 0.12,
    truePositiveRate: 0.8,
    falsePositiveRate: 0.05,
    totalPredictions: 5 * n,
    correctPredictions: 4 * n,
    lastCalibration: 1_700_000_000_000,
  };
}

export function learningMetrics(n: number): LearningMetricsState {
  return {
    bufferSize: n,
    tdErrorHistory: floats(n, (i) => 1 / (i + 1)),
    qStabilityHistory: floats(n, () => 0.95),
    coverageHistory: floats(n, (i) => i / (n + 1)),
    totalTrades: 7 * n,
    uniqueStatesVisited: 2 * n,
    novelStatesLast100: 3,
    vpinAccuracyHistory: floats(n, () => 0.4),
    kurtosisPredHistory: floats(n, () => 3.2),
    fractalTrendHistory: floats(n, () => 1.4),
    needsGeneticRefresh: false,
    needsQTableReset: false,
    needsExplorationBoost: false,
    needsRewardRebalancing: false,
    needsPhysicsRecalibration: false,
    lastSelfHeal: 0,
  };
}

/** n symbols with correlation 0.5^|i-j| (symmetric, unit diagonal). */
export function portfolioRisk(n: number): PortfolioRiskState {
  const classes = 3;
  return {
    symbols: Array.from({ length: n }, (_, i) => `SYM${i}`),
    correlationMatrix: floats(n * n, (k) => 0.5 ** Math.abs(Math.floor(k / n) - (k % n))),
    correlationUpdated: 1_700_000_000_000,
    entropyHistory: { timestamp: floats(n, (i) => 1_700_000_000_000 + i), systemEntropy: floats(n, () => 0.7), correlationEnergy: floats(n, () => -0.2), regime: bytes(n, () => 2) },
    exposures: { assetClass: bytes(classes, (i) => i), totalExposureUsd: floats(classes, () => 10_000), numPositions: floats(classes, () => 2), avgCorrelation: floats(classes, () => 0.3), volatilityEstimate: floats(classes, () => 0.02) },
    currentLevel: 0,
    releaseCodes: [],
    levelChanged: 0,
    consecutiveViolations: 0,
    microDangerScores: floats(n, (i) => (i % 10) / 10),
    mesoCorrelationEnergy: floats(classes, () => 0.1),
    macroSystemEntropy: 0.8,
  };
}

export function shadowAgents(n: number): ShadowAgentsState {
  return {
    shadows: [1, 2, 3].map((agentId) => ({ agentId, strategyName: `S${agentId}`, qTable: qTable(n), sharpeRatio: 1.1, sortinoRatio: 1.4, maxDrawdown: 0.1, totalTrades: 10 * n + agentId, actionDivergence: 0.2, lastOutperformed: 0 })),
  };
}

export function physics(n: number): PhysicsState {
  return { vpinHistory: floats(n, (i) => (i % 10) / 10), kurtosisBuffer: floats(n, () => 3), kurtosisIndex: 0, fractalDimensionHistory: floats(n, () => 1.5), lastUpdated: 0 };
}

export function trainingCheckpoint(n: number): TrainingCheckpointState {
  return { runId: 4, batchesDone: n, batchesTotal: 10 * n, rngState: Uint32Array.from([1, 2, 3, 4]), entry: entryAgent(n), totalSamplesTaken: 32 * n };
}

export const HEALTHY: Record<string, (n: number) => unknown> = {
  EntryAgent: entryAgent,
  ExitAgent: exitAgent,
  ReplayBuffer: replayBuffer,
  RiskAdversary: riskAdversary,
  LearningMetrics: learningMetrics,
  PortfolioRisk: portfolioRisk,
  ShadowAgents: shadowAgents,
  PhysicsState: physics,
  TrainingCheckpoint: trainingCheckpoint,
};
