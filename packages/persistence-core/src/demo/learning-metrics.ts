// Learning health: rolling windows over the last trades (TD error, Q stability, coverage,
// physics predictive power) and the self-healing flags they raise.

import type { LearningMetricsState } from '../components/types.js';
import { Ring } from './ring.js';

const WINDOW_TRADES = 100;
/** The windows must hold this many trades before a flag may rise. */
const MIN_TRADES_FOR_FLAGS = 30;
// Thresholds sit near the tails of what the demo market produces (a few percent of trades),
// so self-healing is an occasional event rather than a constant state or a never.
/** Recent Q changes this many times the window's mean look like catastrophic forgetting. */
const FORGETTING_RATIO = 2.2;
const MIN_NOVEL_STATES = 15;
const MAX_FLIP_RATE = 0.06;
const MIN_VPIN_ACCURACY = 0.42;

export interface TradeLearning {
  tdError: number;
  qChange: number;
  coverage: number;
  novelStatesLast100: number;
  uniqueStatesVisited: number;
  epsilon: number;
  flipRate: number;
  vpinHit: number;
  kurtosisHit: number;
  fractalHit: number;
  shadowOutperformed: boolean;
}

type Flag = 'needsGeneticRefresh' | 'needsQTableReset' | 'needsExplorationBoost' | 'needsRewardRebalancing' | 'needsPhysicsRecalibration';

export class LearningMetrics {
  readonly tdError = new Ring(WINDOW_TRADES);
  readonly qStability = new Ring(WINDOW_TRADES);
  readonly coverage = new Ring(WINDOW_TRADES);
  readonly vpinAccuracy = new Ring(WINDOW_TRADES);
  readonly kurtosisPrediction = new Ring(WINDOW_TRADES);
  readonly fractalTrend = new Ring(WINDOW_TRADES);
  totalTrades = 0;
  uniqueStatesVisited = 0;
  novelStatesLast100 = 0;
  needsGeneticRefresh = false;
  needsQTableReset = false;
  needsExplorationBoost = false;
  needsRewardRebalancing = false;
  needsPhysicsRecalibration = false;
  lastSelfHeal = 0;

  /** Records a closed trade; returns the flags that rose (self-healing to apply now). */
  recordTrade(trade: TradeLearning, now: number): Flag[] {
    this.totalTrades++;
    this.tdError.push(Math.abs(trade.tdError));
    this.qStability.push(trade.qChange);
    this.coverage.push(trade.coverage);
    this.vpinAccuracy.push(trade.vpinHit);
    this.kurtosisPrediction.push(trade.kurtosisHit);
    this.fractalTrend.push(trade.fractalHit);
    this.uniqueStatesVisited = trade.uniqueStatesVisited;
    this.novelStatesLast100 = trade.novelStatesLast100;
    const ready = this.tdError.size >= MIN_TRADES_FOR_FLAGS;
    const next: Record<Flag, boolean> = {
      needsGeneticRefresh: ready && trade.shadowOutperformed,
      needsQTableReset: ready && recentMean(this.qStability, 10) > FORGETTING_RATIO * this.qStability.mean(),
      needsExplorationBoost: ready && trade.epsilon < 0.1 && trade.novelStatesLast100 < MIN_NOVEL_STATES,
      needsRewardRebalancing: ready && trade.flipRate > MAX_FLIP_RATE,
      needsPhysicsRecalibration: ready && this.vpinAccuracy.mean() < MIN_VPIN_ACCURACY,
    };
    const risen = (Object.keys(next) as Flag[]).filter((flag) => next[flag] && !this[flag]);
    Object.assign(this, next);
    if (risen.length > 0) this.lastSelfHeal = now;
    return risen;
  }

  snapshot(): LearningMetricsState {
    return {
      bufferSize: WINDOW_TRADES,
      tdErrorHistory: this.tdError.chronological(),
      qStabilityHistory: this.qStability.chronological(),
      coverageHistory: this.coverage.chronological(),
      totalTrades: this.totalTrades,
      uniqueStatesVisited: this.uniqueStatesVisited,
      novelStatesLast100: this.novelStatesLast100,
      vpinAccuracyHistory: this.vpinAccuracy.chronological(),
      kurtosisPredHistory: this.kurtosisPrediction.chronological(),
      fractalTrendHistory: this.fractalTrend.chronological(),
      needsGeneticRefresh: this.needsGeneticRefresh,
      needsQTableReset: this.needsQTableReset,
      needsExplorationBoost: this.needsExplorationBoost,
      needsRewardRebalancing: this.needsRewardRebalancing,
      needsPhysicsRecalibration: this.needsPhysicsRecalibration,
      lastSelfHeal: this.lastSelfHeal,
    };
  }

  load(state: LearningMetricsState): void {
    this.tdError.restore(state.tdErrorHistory);
    this.qStability.restore(state.qStabilityHistory);
    this.coverage.restore(state.coverageHistory);
    this.vpinAccuracy.restore(state.vpinAccuracyHistory);
    this.kurtosisPrediction.restore(state.kurtosisPredHistory);
    this.fractalTrend.restore(state.fractalTrendHistory);
    this.totalTrades = state.totalTrades;
    this.uniqueStatesVisited = state.uniqueStatesVisited;
    this.novelStatesLast100 = state.novelStatesLast100;
    this.needsGeneticRefresh = state.needsGeneticRefresh;
    this.needsQTableReset = state.needsQTableReset;
    this.needsExplorationBoost = state.needsExplorationBoost;
    this.needsRewardRebalancing = state.needsRewardRebalancing;
    this.needsPhysicsRecalibration = state.needsPhysicsRecalibration;
    this.lastSelfHeal = state.lastSelfHeal;
  }
}

function recentMean(ring: Ring, count: number): number {
  const n = Math.min(count, ring.size);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += ring.get(i);
  return n === 0 ? 0 : sum / n;
}
