// What follows a closed trade: the experience enters replay, shadows learn from it,
// learning metrics roll forward, and any self-healing flag that rose is acted on.

import { ENTRY_STATE_SPACE, excessKurtosis, TRADED_SYMBOL, vpin } from './features.js';
import type { AgentParts } from './agent-state.js';
import { fractalDimension } from './physics.js';
import { wordsOf } from './q-learner.js';
import { priorityOf } from './replay.js';
import type { TickEvents } from './states.js';
import type { ClosedTrade } from './trading.js';

const NOVELTY_TRADES = 100;
/** A shadow that beat the primary within this long asks for a genetic refresh. */
const OUTPERFORMANCE_MEMORY_MS = 24 * 60 * 60_000;
/** How far back in the replay buffer a state must be absent to count as novel. */
const NOVELTY_HORIZON = 1000;
const VPIN_ALERT = 0.3;
const KURTOSIS_ALERT = 1;
const TREND_DIMENSION = 1.5;

export function recordTrade(parts: AgentParts, trade: ClosedTrade, events: TickEvents): void {
  const { market, trader, replay, shadows, metrics } = parts;
  const wasFull = replay.full;
  replay.add(
    {
      stateHash: trade.entryStateHash,
      action: trade.entryAction,
      reward: trade.reward,
      nextStateHash: trade.nextStateHash,
      isTerminal: true,
      timestamp: market.time,
      regime: trade.regimeAtEntry,
    },
    priorityOf(trade.entryUpdate.tdError),
  );
  events.experiencesAdded = 1;
  if (!wasFull && replay.full) events.bufferFull = true;
  const [low, high] = wordsOf(trade.entryStateHash);
  shadows.learnFromTrade(low, high, trade.entryAction, trade.tradeReturn);

  const atEntry = trade.barsHeld;
  let tail = false;
  for (let ago = 0; ago < trade.barsHeld; ago++) {
    if (Math.abs(market.logReturn(TRADED_SYMBOL, ago)) > 3 * (market.symbols[TRADED_SYMBOL]?.baseVolatility ?? 1)) tail = true;
  }
  const hit = (predicted: boolean, happened: boolean) => (predicted === happened ? 1 : 0);
  const risen = metrics.recordTrade(
    {
      tdError: trade.entryUpdate.tdError,
      qChange: trade.entryUpdate.qChange,
      coverage: trader.entry.states / ENTRY_STATE_SPACE,
      novelStatesLast100: novelStates(parts),
      uniqueStatesVisited: trader.entry.states,
      epsilon: trader.entry.parameters.epsilon,
      flipRate: trader.exitStatistics.ewmaFlipRate,
      vpinHit: hit(vpin(market, TRADED_SYMBOL, atEntry) > VPIN_ALERT, trade.mae > trade.mfe),
      kurtosisHit: hit(excessKurtosis(market, TRADED_SYMBOL, atEntry) > KURTOSIS_ALERT, tail),
      fractalHit: hit(fractalDimension(market, atEntry) < TREND_DIMENSION, trade.reward.pathSmoothness > 0.5),
      shadowOutperformed: shadows.outperformedSince(market.time - OUTPERFORMANCE_MEMORY_MS),
    },
    market.time,
  );
  events.tradeClosed = true;
  if (risen.length === 0) return;
  events.selfHealTriggered = true;
  if (risen.includes('needsExplorationBoost')) trader.entry.parameters.epsilon = Math.max(trader.entry.parameters.epsilon, 0.3);
  if (risen.includes('needsRewardRebalancing')) trader.exitStatistics.rebalance();
  if (risen.includes('needsQTableReset')) {
    trader.entry.clearTraces();
    trader.entry.parameters.alpha = Math.max(trader.entry.parameters.alpha, 0.1);
  }
}

/** Of the last 100 trades, how many entered a state absent from the replay horizon before them. */
function novelStates(parts: AgentParts): number {
  const { replay } = parts;
  const count = Math.min(replay.size, NOVELTY_HORIZON);
  const first = replay.nextIndex - count + replay.capacity;
  const seen = new Set<number>();
  let novel = 0;
  for (let i = 0; i < count; i++) {
    const [low, high] = replay.stateWords((first + i) % replay.capacity);
    const key = high * 4294967296 + low;
    if (!seen.has(key) && i >= count - NOVELTY_TRADES) novel++;
    seen.add(key);
  }
  return novel;
}
