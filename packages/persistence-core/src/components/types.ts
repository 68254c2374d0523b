// The schema of every persisted state component (spec section 2, plus PhysicsState,
// ActivePosition and the training checkpoint of sections 5 and 9).
//
// Large arrays are columns (structure of arrays) so that a loaded file can be viewed
// without per-element parsing. Times are milliseconds since the Unix epoch; in columns
// they are float64 holding an integer, in scalars int64.

import type { Activation, AssetClass, DefconLevel, Regime, TradingAction } from './enums.js';

/** SHashEntry[]: {state_hash, action, q_value} as columns of equal length. */
export interface QTable {
  stateHash: BigUint64Array;
  /** TradingAction codes. */
  action: Uint8Array;
  qValue: Float64Array;
}

/** STraceEntry[]: {state_hash, action, eligibility}. */
export interface TraceTable {
  stateHash: BigUint64Array;
  action: Uint8Array;
  eligibility: Float64Array;
}

export interface EntryAgentState {
  qTable: QTable;
  traces: TraceTable;
  epsilon: number;
  alpha: number;
  lambda: number;
  totalUpdates: number;
  stateSpaceSize: number;
  trainingStart: number;
}

export interface ExitAgentState {
  qTable: QTable;
  traces: TraceTable;
  ewmaCaptureRatio: number;
  ewmaFlipRate: number;
  adaptiveGivebackScale: number;
  totalExits: number;
  avgMfeCapture: number;
  avgPathSmoothness: number;
}

/** SJourneyReward: the multi-component reward of one experience. */
export interface JourneyRewardColumns {
  total: Float64Array;
  mfeCapture: Float64Array;
  maePenalty: Float64Array;
  givebackPenalty: Float64Array;
  pathSmoothness: Float64Array;
  timeDecay: Float64Array;
}

/** SExperience[] as columns; row i is slot i of the circular buffer. */
export interface ExperienceColumns {
  stateHash: BigUint64Array;
  action: Uint8Array;
  reward: JourneyRewardColumns;
  nextStateHash: BigUint64Array;
  /** 0 or 1. */
  isTerminal: Uint8Array;
  timestamp: Float64Array;
  /** Regime codes. */
  regime: Uint8Array;
}

export interface ReplayBufferState {
  capacity: number;
  /** Rows held: every column has this length. */
  currentSize: number;
  /** Circular write position, in [0, capacity). */
  nextIndex: number;
  experiences: ExperienceColumns;
  priorities: Float64Array;
  /** cdf[i] = priorities[0] + ... + priorities[i]; ends at sumPriorities. */
  cdf: Float64Array;
  sumPriorities: number;
  totalSamplesTaken: number;
}

/** SLayerWeights: a dense layer, weights row-major [outputs][inputs]. */
export interface NetworkLayer {
  inputs: number;
  outputs: number;
  activation: Activation;
  weights: Float64Array;
  biases: Float64Array;
}

export type AdversaryModel =
  | { kind: 'network'; layers: NetworkLayer[] }
  | { kind: 'tabular'; qTable: QTable };

/** SPredictionRecord[] as columns. */
export interface PredictionHistory {
  dangerScore: Float64Array;
  crashOccurred: Uint8Array;
  predictionTime: Float64Array;
  regime: Uint8Array;
}

export interface RiskAdversaryState {
  model: AdversaryModel;
  history: PredictionHistory;
  f1Score: number;
  calibrationError: number;
  truePositiveRate: number;
  falsePositiveRate: number;
  totalPredictions: number;
  correctPredictions: number;
  lastCalibration: number;
}

export interface LearningMetricsState {
  bufferSize: number;
  tdErrorHistory: Float64Array;
  qStabilityHistory: Float64Array;
  coverageHistory: Float64Array;
  totalTrades: number;
  uniqueStatesVisited: number;
  novelStatesLast100: number;
  vpinAccuracyHistory: Float64Array;
  kurtosisPredHistory: Float64Array;
  fractalTrendHistory: Float64Array;
  needsGeneticRefresh: boolean;
  needsQTableReset: boolean;
  needsExplorationBoost: boolean;
  needsRewardRebalancing: boolean;
  needsPhysicsRecalibration: boolean;
  lastSelfHeal: number;
}

/** SEntropyRecord[] as columns. */
export interface EntropyHistory {
  timestamp: Float64Array;
  systemEntropy: Float64Array;
  correlationEnergy: Float64Array;
  regime: Uint8Array;
}

/** SAssetClassExposure[] as columns. */
export interface AssetClassExposures {
  assetClass: Uint8Array;
  totalExposureUsd: Float64Array;
  numPositions: Float64Array;
  avgCorrelation: Float64Array;
  volatilityEstimate: Float64Array;
}

/** SPortfolioRiskState, stored as ProjectQuantum_RiskState.dat. */
export interface PortfolioRiskState {
  symbols: string[];
  /** Row-major symbols.length x symbols.length. */
  correlationMatrix: Float64Array;
  correlationUpdated: number;
  entropyHistory: EntropyHistory;
  exposures: AssetClassExposures;
  currentLevel: DefconLevel;
  releaseCodes: string[];
  levelChanged: number;
  consecutiveViolations: number;
  /** One per symbol. */
  microDangerScores: Float64Array;
  /** One per asset-class exposure row. */
  mesoCorrelationEnergy: Float64Array;
  macroSystemEntropy: number;
}

export interface ShadowAgent {
  agentId: number;
  strategyName: string;
  qTable: QTable;
  sharpeRatio: number;
  sortinoRatio: number;
  maxDrawdown: number;
  totalTrades: number;
  actionDivergence: number;
  lastOutperformed: number;
}

export interface ShadowAgentsState {
  shadows: ShadowAgent[];
}

export interface PhysicsState {
  vpinHistory: Float64Array;
  kurtosisBuffer: Float64Array;
  /** Circular write position of kurtosisBuffer. */
  kurtosisIndex: number;
  fractalDimensionHistory: Float64Array;
  lastUpdated: number;
}

/** SPositionState: saved on every tick while a position is open. */
export interface ActivePositionState {
  ticket: number;
  entryPrice: number;
  mfe: number;
  mae: number;
  barsHeld: number;
  regimeAtEntry: Regime;
  time: number;
}

/** Training from replay (spec 5.2): enough to resume exactly where it stopped. */
export interface TrainingCheckpointState {
  runId: number;
  batchesDone: number;
  batchesTotal: number;
  /** State of the sampler's random generator (xoshiro128**), 4 x uint32. */
  rngState: Uint32Array;
  entry: EntryAgentState;
  totalSamplesTaken: number;
}

export type { Activation, AssetClass, DefconLevel, Regime, TradingAction };
