// fast-check arbitraries producing coherent states of every component: equal-length columns,
// CDFs that are running sums, square symmetric correlation matrices, valid enum codes.

import fc from 'fast-check';
import { AssetClass, Activation, DefconLevel, Regime, TradingAction, enumSize } from '../src/components/enums.js';
import { cumulativeSum } from '../src/components/replay-cdf.js';
import type {
  ActivePositionState,
  EntryAgentState,
  ExitAgentState,
  LearningMetricsState,
  NetworkLayer,
  PhysicsState,
  PortfolioRiskState,
  QTable,
  ReplayBufferState,
  RiskAdversaryState,
  ShadowAgentsState,
  TraceTable,
  TrainingCheckpointState,
} from '../src/components/types.js';

/** Upper bound of the row count of generated tables and histories. */
export const DEFAULT_MAX_ROWS = 8;

export const time = (): fc.Arbitrary<number> => fc.integer({ min: 0, max: 4_102_444_800_000 });
export const count = (): fc.Arbitrary<number> => fc.maxSafeNat();
const real = (): fc.Arbitrary<number> => fc.double();
const rows = (maxRows: number): fc.Arbitrary<number> => fc.nat({ max: maxRows });

const f64Column = (n: number): fc.Arbitrary<Float64Array> => fc.float64Array({ minLength: n, maxLength: n });
const u64Column = (n: number): fc.Arbitrary<BigUint64Array> => fc.bigUint64Array({ minLength: n, maxLength: n });
const codeColumn = (n: number, enumeration: Record<string, number>): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength: n, maxLength: n, max: enumSize(enumeration) - 1 });
const flagColumn = (n: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: n, maxLength: n, max: 1 });
const timeColumn = (n: number): fc.Arbitrary<Float64Array> => fc.array(time(), { minLength: n, maxLength: n }).map((values) => Float64Array.from(values));
const history = (maxRows: number): fc.Arbitrary<Float64Array> => fc.float64Array({ maxLength: maxRows });
const enumCode = <E extends Record<string, number>>(enumeration: E): fc.Arbitrary<E[keyof E]> =>
  fc.constantFrom(...(Object.values(enumeration) as E[keyof E][]));
const text = (): fc.Arbitrary<string> => fc.string({ unit: 'grapheme', maxLength: 12 });

export const qTable = (maxRows = DEFAULT_MAX_ROWS): fc.Arbitrary<QTable> =>
  rows(maxRows).chain((n) => fc.record({ stateHash: u64Column(n), action: codeColumn(n, TradingAction), qValue: f64Column(n) }));

export const traceTable = (maxRows = DEFAULT_MAX_ROWS): fc.Arbitrary<TraceTable> =>
  rows(maxRows).chain((n) => fc.record({ stateHash: u64Column(n), action: codeColumn(n, TradingAction), eligibility: f64Column(n) }));

export const entryAgent = (maxRows = DEFAULT_MAX_ROWS): fc.Arbitrary<EntryAgentState> =>
  fc.record({
    qTable: qTable(maxRows),
    traces: traceTable(maxRows),
    epsilon: real(),
    alpha: real(),
    lambda: real(),
    totalUpdates: count(),
    stateSpaceSize: count(),
    trainingStart: time(),
  });

export const exitAgent = (maxRows = DEFAULT_MAX_ROWS): fc.Arbitrary<ExitAgentState> =>
  fc.record({
    qTable: qTable(maxRows),
    traces: traceTable(maxRows),
    ewmaCaptureRatio: real(),
    ewmaFlipRate: real(),
    adaptiveGivebackScale: real(),
    totalExits: count(),
    avgMfeCapture: real(),
    avgPathSmoothness: real(),
  });

/** The circular position: equal to the size while filling, anywhere in the ring once full. */
const bufferShape = (maxRows: number): fc.Arbitrary<{ capacity: number; currentSize: number; nextIndex: number }> =>
  rows(maxRows).chain((capacity) =>
    fc.integer({ min: 0, max: capacity }).chain((currentSize) =>
      (currentSize < capacity || capacity === 0 ? fc.constant(currentSize % Math.max(capacity, 1)) : fc.integer({ min: 0, max: capacity - 1 })).map(
        (nextIndex) => ({ capacity, currentSize, nextIndex }),
      ),
    ),
  );

export const replayBuffer = (maxRows = DEFAULT_MAX_ROWS): fc.Arbitrary<ReplayBufferState> =>
  bufferShape(maxRows).chain(({ capacity, currentSize: n, nextIndex }) =>
    fc
      .record({
        experiences: fc.record({
          stateHash: u64Column(n),
          action: codeColumn(n, TradingAction),
          reward: fc.record({
            total: f64Column(n),
            mfeCapture: f64Column(n),
            maePenalty: f64Column(n),
            givebackPenalty: f64Column(n),
            pathSmoothness: f64Column(n),
            timeDecay: f64Column(n),
          }),
          nextStateHash: u64Column(n),
          isTerminal: flagColumn(n),
          timestamp: timeColumn(n),
          regime: codeColumn(n, Regime),
        }),
        priorities: fc.float64Array({ minLength: n, maxLength: n, min: 0, max: 1e6, noNaN: true }),
        totalSamplesTaken: count(),
      })
      .map((parts) => {
        const cdf = cumulativeSum(parts.priorities);
        return { ...parts, capacity, currentSize: n, nextIndex, cdf, sumPriorities: n === 0 ? 0 : (cdf[n - 1] as number) };
      }),
  );

/** Layers whose widths chain: layer i has widths[i] inputs and widths[i+1] outputs. */
const networkLayers = (maxLayers: number): fc.Arbitrary<NetworkLayer[]> =>
  fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: maxLayers + 1 }).chain((widths) =>
    fc.tuple(
      ...widths.slice(1).map((outputs, i) => {
        const inputs = widths[i] as number;
        return fc.record({ inputs: fc.constant(inputs), outputs: fc.constant(outputs), activation: enumCode(Activation), weights: f64Column(inputs * outputs), biases: f64Column(outputs) });
      }),
    ),
  );

export const riskAdversary = (maxRows = DEFAULT_MAX_ROWS): fc.Arbitrary<RiskAdversaryState> =>
  fc.record({
    model: fc.oneof(
      networkLayers(3).map((layers) => ({ kind: 'network' as const, layers })),
      qTable(maxRows).map((table) => ({ kind: 'tabular' as const, qTable: table })),
    ),
    history: rows(maxRows).chain((n) =>
      fc.record({ dangerScore: f64Column(n), crashOccurred: flagColumn(n), predictionTime: timeColumn(n), regime: codeColumn(n, Regime) }),
    ),
    f1Score: real(),
    calibrationError: real(),
    truePositiveRate: real(),
    falsePositiveRate: real(),
    totalPredictions: count(),
    correctPredictions: count(),
    lastCalibration: time(),
  });

export const learningMetrics = (maxRows = DEFAULT_MAX_ROWS): fc.Arbitrary<LearningMetricsState> =>
  fc.record({
    bufferSize: count(),
    tdErrorHistory: history(maxRows),
    qStabilityHistory: history(maxRows),
    coverageHistory: history(maxRows),
    totalTrades: count(),
    uniqueStatesVisited: count(),
    novelStatesLast100: count(),
    vpinAccuracyHistory: history(maxRows),
    kurtosisPredHistory: history(maxRows),
    fractalTrendHistory: history(maxRows),
    needsGeneticRefresh: fc.boolean(),
    needsQTableReset: fc.boolean(),
    needsExplorationBoost: fc.boolean(),
    needsRewardRebalancing: fc.boolean(),
    needsPhysicsRecalibration: fc.boolean(),
    lastSelfHeal: time(),
  });

/** A symmetric n x n matrix with a unit diagonal and off-diagonal values in [-1, 1]. */
export const correlationMatrix = (n: number): fc.Arbitrary<Float64Array> =>
  fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }).map((upper) => {
    const matrix = new Float64Array(n * n);
    let next = 0;
    for (let i = 0; i < n; i++) {
      matrix[i * n + i] = 1;
      for (let j = i + 1; j < n; j++) {
        const value = upper[next++] as number;
        matrix[i * n + j] = value;
        matrix[j * n + i] = value;
      }
    }
    return matrix;
  });

export const portfolioRisk = (maxRows = DEFAULT_MAX_ROWS): fc.Arbitrary<PortfolioRiskState> =>
  fc
    .record({
      symbols: fc.uniqueArray(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }), { maxLength: Math.min(maxRows, 6) }),
      assetClasses: fc.uniqueArray(enumCode(AssetClass), { maxLength: enumSize(AssetClass) }),
      entropyRows: rows(maxRows),
    })
    .chain(({ symbols, assetClasses, entropyRows: m }) => {
      const n = symbols.length;
      const k = assetClasses.length;
      return fc.record({
        symbols: fc.constant(symbols),
        correlationMatrix: correlationMatrix(n),
        correlationUpdated: time(),
        entropyHistory: fc.record({ timestamp: timeColumn(m), systemEntropy: f64Column(m), correlationEnergy: f64Column(m), regime: codeColumn(m, Regime) }),
        exposures: fc.record({
          assetClass: fc.constant(Uint8Array.from(assetClasses)),
          totalExposureUsd: f64Column(k),
          numPositions: f64Column(k),
          avgCorrelation: f64Column(k),
          volatilityEstimate: f64Column(k),
        }),
        currentLevel: enumCode(DefconLevel),
        releaseCodes: fc.array(text(), { maxLength: 4 }),
        levelChanged: time(),
        consecutiveViolations: count(),
        microDangerScores: f64Column(n),
        mesoCorrelationEnergy: f64Column(k),
        macroSystemEntropy: real(),
      });
    });

export const shadowAgents = (maxRows = DEFAULT_MAX_ROWS): fc.Arbitrary<ShadowAgentsState> =>
  fc.uniqueArray(count(), { maxLength: 4 }).chain((ids) =>
    fc
      .tuple(
        ...ids.map((agentId) =>
          fc.record({
            agentId: fc.constant(agentId),
            strategyName: text(),
            qTable: qTable(maxRows),
            sharpeRatio: real(),
            sortinoRatio: real(),
            maxDrawdown: real(),
            totalTrades: count(),
            actionDivergence: real(),
            lastOutperformed: time(),
          }),
        ),
      )
      .map((shadows) => ({ shadows })),
  );

export const physicsState = (maxRows = DEFAULT_MAX_ROWS): fc.Arbitrary<PhysicsState> =>
  fc.float64Array({ maxLength: maxRows }).chain((kurtosisBuffer) =>
    fc.record({
      vpinHistory: history(maxRows),
      kurtosisBuffer: fc.constant(kurtosisBuffer),
      kurtosisIndex: fc.nat({ max: Math.max(kurtosisBuffer.length - 1, 0) }),
      fractalDimensionHistory: history(maxRows),
      lastUpdated: time(),
    }),
  );

export const activePosition = (): fc.Arbitrary<ActivePositionState> =>
  fc.record({ ticket: count(), entryPrice: real(), mfe: real(), mae: real(), barsHeld: count(), regimeAtEntry: enumCode(Regime), time: time() });

export const trainingCheckpoint = (maxRows = DEFAULT_MAX_ROWS): fc.Arbitrary<TrainingCheckpointState> =>
  count().chain((batchesTotal) =>
    fc.record({
      runId: count(),
      batchesDone: fc.integer({ min: 0, max: batchesTotal }),
      batchesTotal: fc.constant(batchesTotal),
      rngState: fc.uint32Array({ minLength: 4, maxLength: 4 }).filter((words) => words.some((word) => word !== 0)),
      entry: entryAgent(maxRows),
      totalSamplesTaken: count(),
    }),
  );

/** One arbitrary per component, keyed by the component's name. */
export const componentArbitraries: Record<string, fc.Arbitrary<unknown>> = {
  EntryAgent: entryAgent(),
  ExitAgent: exitAgent(),
  ReplayBuffer: replayBuffer(),
  RiskAdversary: riskAdversary(),
  LearningMetrics: learningMetrics(),
  PortfolioRisk: portfolioRisk(),
  ShadowAgents: shadowAgents(),
  PhysicsState: physicsState(),
  ActivePosition: activePosition(),
  TrainingCheckpoint: trainingCheckpoint(),
};
