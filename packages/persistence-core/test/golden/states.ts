// Fixed small states of every component: the content of the golden vectors, and the valid
// starting point that the domain tests break one field at a time.

import { Activation, AssetClass, DefconLevel, Regime, TradingAction } from '../../src/components/enums.js';
import type {
  ActivePositionState,
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

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

const qTable = (): QTable => ({
  stateHash: BigUint64Array.of(0x0123456789abcdefn, 0xfedcba9876543210n, 42n),
  action: Uint8Array.of(TradingAction.BUY, TradingAction.SELL, TradingAction.HOLD),
  qValue: Float64Array.of(0.25, -1.5, 3.0e-3),
});

const traces = (): TraceTable => ({
  stateHash: BigUint64Array.of(0x0123456789abcdefn, 42n),
  action: Uint8Array.of(TradingAction.BUY, TradingAction.CLOSE),
  eligibility: Float64Array.of(0.9, 0.81),
});

const entryAgent = (): EntryAgentState => ({
  qTable: qTable(),
  traces: traces(),
  epsilon: 0.05,
  alpha: 0.1,
  lambda: 0.9,
  totalUpdates: 12_345,
  stateSpaceSize: 3,
  trainingStart: T0,
});

const exitAgent = (): ExitAgentState => ({
  qTable: qTable(),
  traces: traces(),
  ewmaCaptureRatio: 0.62,
  ewmaFlipRate: 0.08,
  adaptiveGivebackScale: 1.25,
  totalExits: 410,
  avgMfeCapture: 0.58,
  avgPathSmoothness: 0.71,
});

/** Full ring of 4 whose next write overwrites slot 1. */
const replayBuffer = (): ReplayBufferState => ({
  capacity: 4,
  currentSize: 4,
  nextIndex: 1,
  experiences: {
    stateHash: BigUint64Array.of(1n, 2n, 3n, 4n),
    action: Uint8Array.of(TradingAction.BUY, TradingAction.SELL, TradingAction.BUY, TradingAction.CLOSE),
    reward: {
      total: Float64Array.of(1.5, -0.5, 0.25, 2),
      mfeCapture: Float64Array.of(0.8, 0.1, 0.5, 0.9),
      maePenalty: Float64Array.of(-0.1, -0.4, -0.2, 0),
      givebackPenalty: Float64Array.of(-0.05, -0.2, -0.05, 0),
      pathSmoothness: Float64Array.of(0.7, 0.3, 0.6, 0.95),
      timeDecay: Float64Array.of(-0.01, -0.02, -0.01, -0.03),
    },
    nextStateHash: BigUint64Array.of(11n, 12n, 13n, 14n),
    isTerminal: Uint8Array.of(1, 0, 1, 1),
    timestamp: Float64Array.of(T0, T0 + 60_000, T0 + 120_000, T0 + 180_000),
    regime: Uint8Array.of(Regime.TRENDING_UP, Regime.VOLATILE, Regime.RANGING, Regime.CRISIS),
  },
  priorities: Float64Array.of(1, 0.5, 2, 0.25),
  cdf: Float64Array.of(1, 1.5, 3.5, 3.75),
  sumPriorities: 3.75,
  totalSamplesTaken: 96,
});

const riskAdversary = (): RiskAdversaryState => ({
  model: {
    kind: 'network',
    layers: [
      { inputs: 3, outputs: 2, activation: Activation.RELU, weights: Float64Array.of(0.1, 0.2, 0.3, -0.1, -0.2, -0.3), biases: Float64Array.of(0.01, -0.01) },
      { inputs: 2, outputs: 1, activation: Activation.SIGMOID, weights: Float64Array.of(0.5, -0.5), biases: Float64Array.of(0) },
    ],
  },
  history: {
    dangerScore: Float64Array.of(0.12, 0.81),
    crashOccurred: Uint8Array.of(0, 1),
    predictionTime: Float64Array.of(T0, T0 + 300_000),
    regime: Uint8Array.of(Regime.RANGING, Regime.CRISIS),
  },
  f1Score: 0.74,
  calibrationError: 0.11,
  truePositiveRate: 0.8,
  falsePositiveRate: 0.05,
  totalPredictions: 200,
  correctPredictions: 171,
  lastCalibration: T0 + 600_000,
});

const learningMetrics = (): LearningMetricsState => ({
  bufferSize: 100,
  tdErrorHistory: Float64Array.of(0.5, 0.4, 0.35),
  qStabilityHistory: Float64Array.of(0.9, 0.92),
  coverageHistory: Float64Array.of(0.1, 0.12, 0.15, 0.2),
  totalTrades: 1_000,
  uniqueStatesVisited: 523,
  novelStatesLast100: 7,
  vpinAccuracyHistory: Float64Array.of(0.6),
  kurtosisPredHistory: new Float64Array(0),
  fractalTrendHistory: Float64Array.of(0.55, 0.57),
  needsGeneticRefresh: false,
  needsQTableReset: false,
  needsExplorationBoost: true,
  needsRewardRebalancing: false,
  needsPhysicsRecalibration: true,
  lastSelfHeal: T0 - 86_400_000,
});

const portfolioRisk = (): PortfolioRiskState => ({
  symbols: ['EURUSD', 'US500', 'XAUUSD'],
  correlationMatrix: Float64Array.of(1, 0.3, -0.2, 0.3, 1, 0.1, -0.2, 0.1, 1),
  correlationUpdated: T0,
  entropyHistory: {
    timestamp: Float64Array.of(T0, T0 + 3_600_000),
    systemEntropy: Float64Array.of(1.2, 1.1),
    correlationEnergy: Float64Array.of(0.4, 0.45),
    regime: Uint8Array.of(Regime.TRENDING_UP, Regime.VOLATILE),
  },
  exposures: {
    assetClass: Uint8Array.of(AssetClass.FOREX, AssetClass.INDICES, AssetClass.COMMODITIES),
    totalExposureUsd: Float64Array.of(10_000, 25_000, 5_000),
    numPositions: Float64Array.of(1, 2, 1),
    avgCorrelation: Float64Array.of(0.3, 0.1, -0.2),
    volatilityEstimate: Float64Array.of(0.07, 0.15, 0.12),
  },
  currentLevel: DefconLevel.ORANGE,
  releaseCodes: ['R-7Q2X', 'R-ß9ü'],
  levelChanged: T0 + 7_200_000,
  consecutiveViolations: 2,
  microDangerScores: Float64Array.of(0.1, 0.4, 0.2),
  mesoCorrelationEnergy: Float64Array.of(0.3, 0.5, 0.2),
  macroSystemEntropy: 1.1,
});

const shadowAgents = (): ShadowAgentsState => ({
  shadows: [
    { agentId: 1, strategyName: 'Aggressive', qTable: qTable(), sharpeRatio: 1.4, sortinoRatio: 1.9, maxDrawdown: 0.12, totalTrades: 300, actionDivergence: 0.22, lastOutperformed: T0 },
    {
      agentId: 2,
      strategyName: 'Conservative',
      qTable: { stateHash: BigUint64Array.of(5n), action: Uint8Array.of(TradingAction.HOLD), qValue: Float64Array.of(0.01) },
      sharpeRatio: 0.9,
      sortinoRatio: 1.1,
      maxDrawdown: 0.05,
      totalTrades: 120,
      actionDivergence: 0.4,
      lastOutperformed: 0,
    },
  ],
});

const physicsState = (): PhysicsState => ({
  vpinHistory: Float64Array.of(0.2, 0.25, 0.31),
  kurtosisBuffer: Float64Array.of(3.1, 3.4, 2.9, 5.2, 3),
  kurtosisIndex: 3,
  fractalDimensionHistory: Float64Array.of(1.45, 1.5),
  lastUpdated: T0 + 60_000,
});

const activePosition = (): ActivePositionState => ({
  ticket: 90_210_377,
  entryPrice: 1.08525,
  mfe: 0.0042,
  mae: -0.0011,
  barsHeld: 17,
  regimeAtEntry: Regime.TRENDING_UP,
  time: T0 + 1_020_000,
});

const trainingCheckpoint = (): TrainingCheckpointState => ({
  runId: 7,
  batchesDone: 300,
  batchesTotal: 1_000,
  rngState: Uint32Array.of(0x9e3779b9, 0x243f6a88, 0xb7e15162, 0x00000001),
  entry: entryAgent(),
  totalSamplesTaken: 30_000,
});

/** A fresh copy of each fixed state (tests may mutate them), keyed by component name. */
export const goldenStates: Record<string, () => unknown> = {
  EntryAgent: entryAgent,
  ExitAgent: exitAgent,
  ReplayBuffer: replayBuffer,
  RiskAdversary: riskAdversary,
  LearningMetrics: learningMetrics,
  PortfolioRisk: portfolioRisk,
  ShadowAgents: shadowAgents,
  PhysicsState: physicsState,
  ActivePosition: activePosition,
  TrainingCheckpoint: trainingCheckpoint,
};

export const golden = {
  entryAgent,
  exitAgent,
  replayBuffer,
  riskAdversary,
  learningMetrics,
  portfolioRisk,
  shadowAgents,
  physicsState,
  activePosition,
  trainingCheckpoint,
};
