// The demo agent's parts, and how they become component states and come back from them.

import type { ActivePositionState, EntryAgentState, TrainingCheckpointState } from '../components/types.js';
import type { RiskAdversary } from './adversary.js';
import { TRADED_SYMBOL } from './features.js';
import type { LearningMetrics } from './learning-metrics.js';
import { tickOfTime, type Market } from './market.js';
import { DemoStateMismatchError } from './mismatch-error.js';
import type { Physics } from './physics.js';
import type { PortfolioRisk } from './portfolio-risk.js';
import type { ReplayBuffer } from './replay.js';
import type { ShadowAgents } from './shadows.js';
import { resumeTickOf, type DemoComponent, type DemoStates } from './states.js';
import { directionOfTicket, MAX_BARS_HELD, tradeNumberOfTicket, type Trader } from './trading.js';
import type { ReplayTrainer } from './training.js';

/** The demo trades one standard lot; its EURUSD notional is in USD. */
const LOT_UNITS = 100_000;

export interface AgentParts {
  market: Market;
  trader: Trader;
  replay: ReplayBuffer;
  adversary: RiskAdversary;
  physics: Physics;
  risk: PortfolioRisk;
  shadows: ShadowAgents;
  metrics: LearningMetrics;
  trainer: ReplayTrainer;
  trainingStart: number;
}

export function snapshotOf<K extends DemoComponent>(parts: AgentParts, component: K): DemoStates[K] {
  const states: { [C in DemoComponent]: () => DemoStates[C] } = {
    entryAgent: () => entrySnapshot(parts),
    exitAgent: () => {
      const { exit, exitStatistics } = parts.trader;
      return { qTable: exit.qTable(), traces: exit.traces(), ...exitStatistics };
    },
    replayBuffer: () => parts.replay.view(),
    riskAdversary: () => parts.adversary.snapshot(),
    learningMetrics: () => parts.metrics.snapshot(),
    portfolioRisk: () => {
      const position = parts.trader.position;
      const held = position && { symbol: TRADED_SYMBOL, notionalUsd: position.entryPrice * LOT_UNITS };
      return parts.risk.snapshot(parts.market, held);
    },
    shadowAgents: () => parts.shadows.snapshot(),
    physics: () => parts.physics.snapshot(),
    activePosition: () => positionSnapshot(parts),
    trainingCheckpoint: (): TrainingCheckpointState => ({
      ...parts.trainer.progress(),
      entry: entrySnapshot(parts),
      totalSamplesTaken: parts.replay.totalSamplesTaken,
    }),
  };
  return states[component]();
}

function entrySnapshot(parts: AgentParts): EntryAgentState {
  const { entry } = parts.trader;
  return {
    qTable: entry.qTable(),
    traces: entry.traces(),
    epsilon: entry.parameters.epsilon,
    alpha: entry.parameters.alpha,
    lambda: entry.parameters.lambda,
    totalUpdates: entry.totalUpdates,
    stateSpaceSize: entry.states,
    trainingStart: parts.trainingStart,
  };
}

function positionSnapshot(parts: AgentParts): ActivePositionState | null {
  const position = parts.trader.position;
  if (!position) return null;
  const { ticket, entryPrice, mfe, mae, barsHeld, regimeAtEntry } = position;
  return { ticket, entryPrice, mfe, mae, barsHeld, regimeAtEntry: regimeAtEntry as ActivePositionState['regimeAtEntry'], time: parts.market.time };
}

export function restoreAgent(parts: AgentParts, states: Partial<DemoStates>): void {
  const { market, trader } = parts;
  market.advanceTo(Math.max(market.tick, resumeTickOf(states)));
  const entry = fresherEntry(states.entryAgent, states.trainingCheckpoint);
  if (entry) {
    loading('entryAgent', () => trader.entry.load(entry.qTable, entry.traces, entry.stateSpaceSize));
    Object.assign(trader.entry.parameters, { epsilon: entry.epsilon, alpha: entry.alpha, lambda: entry.lambda });
    trader.entry.totalUpdates = entry.totalUpdates;
    parts.trainingStart = entry.trainingStart;
  }
  const { exitAgent, replayBuffer, trainingCheckpoint } = states;
  if (exitAgent) {
    const { qTable, traces, ...statistics } = exitAgent;
    loading('exitAgent', () => trader.exit.load(qTable, traces, 0));
    Object.assign(trader.exitStatistics, statistics);
  }
  if (replayBuffer) loading('replayBuffer', () => parts.replay.load(replayBuffer));
  if (trainingCheckpoint) {
    loading('trainingCheckpoint', () => parts.trainer.load(trainingCheckpoint));
    parts.replay.totalSamplesTaken = Math.max(parts.replay.totalSamplesTaken, trainingCheckpoint.totalSamplesTaken);
  }
  const { riskAdversary, learningMetrics, portfolioRisk, shadowAgents, physics, activePosition } = states;
  if (riskAdversary) loading('riskAdversary', () => parts.adversary.load(riskAdversary));
  if (learningMetrics) parts.metrics.load(learningMetrics);
  if (portfolioRisk) loading('portfolioRisk', () => parts.risk.load(portfolioRisk));
  if (shadowAgents) loading('shadowAgents', () => parts.shadows.load(shadowAgents));
  if (physics) loading('physics', () => parts.physics.load(physics));
  if (activePosition) restorePosition(parts, activePosition);
}

/** Runs one component's load, naming the component when its state does not fit. */
function loading(component: DemoComponent, load: () => void): void {
  try {
    load();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new DemoStateMismatchError(component, error.message, { cause: error });
  }
}

/** The checkpoint's entry agent when training moved it past the last entry-agent save. */
function fresherEntry(saved?: EntryAgentState, checkpoint?: TrainingCheckpointState): EntryAgentState | undefined {
  if (!checkpoint) return saved;
  if (!saved) return checkpoint.entry;
  return checkpoint.entry.totalUpdates > saved.totalUpdates ? checkpoint.entry : saved;
}

/**
 * The simulated broker's check of an orphaned position (spec 5.1): a position whose trade the
 * learning metrics already count as closed, or that would have outlived the holding limit
 * since it was saved, is gone and dropped. Bars that passed after the save still count.
 */
function restorePosition(parts: AgentParts, saved: ActivePositionState): void {
  if (tradeNumberOfTicket(saved.ticket) < parts.metrics.totalTrades) return;
  const missed = parts.market.tick - tickOfTime(saved.time);
  const barsHeld = saved.barsHeld + Math.max(0, missed);
  if (barsHeld >= MAX_BARS_HELD) return;
  parts.trader.position = {
    ticket: saved.ticket,
    direction: directionOfTicket(saved.ticket),
    entryPrice: saved.entryPrice,
    mfe: saved.mfe,
    mae: saved.mae,
    barsHeld,
    regimeAtEntry: saved.regimeAtEntry,
  };
}
