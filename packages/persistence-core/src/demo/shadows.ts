// Shadow agents: alternative strategies that learn from the primary's closed trades and are
// evaluated counterfactually on the replay buffer's most recent trades (what would each have
// earned on the same entries), so their scores follow from persisted state alone.

import { TradingAction } from '../components/enums.js';
import type { ShadowAgent, ShadowAgentsState } from '../components/types.js';
import { QLearner } from './q-learner.js';
import type { ReplayBuffer } from './replay.js';

const EVALUATION_WINDOW = 500;
const MIN_EVALUATION_TRADES = 20;
/** An outperformance counts as news when the shadow had not beaten the primary for this long. */
const NEW_STREAK_MS = 24 * 60 * 60_000;
const ENTRY_ACTIONS = [TradingAction.HOLD, TradingAction.BUY, TradingAction.SELL] as const;

interface Strategy {
  name: string;
  alpha: number;
  /** Utility of a trade return: how the strategy weighs gains against losses. */
  utility: (ret: number) => number;
  /** Contrarians act against their own reading of the state. */
  contrarian: boolean;
}

const STRATEGIES: readonly Strategy[] = [
  { name: 'Aggressive', alpha: 0.3, utility: (r) => (r > 0 ? 1.5 * r : r), contrarian: false },
  { name: 'Conservative', alpha: 0.05, utility: (r) => (r < 0 ? 2 * r : r), contrarian: false },
  { name: 'Contrarian', alpha: 0.1, utility: (r) => r, contrarian: true },
];

export interface Performance {
  sharpe: number;
  sortino: number;
  maxDrawdown: number;
}

class Shadow {
  readonly learner: QLearner;
  totalTrades = 0;
  sharpeRatio = 0;
  sortinoRatio = 0;
  maxDrawdown = 0;
  actionDivergence = 0;
  lastOutperformed = 0;

  constructor(
    readonly agentId: number,
    readonly strategy: Strategy,
  ) {
    this.learner = new QLearner(ENTRY_ACTIONS, { alpha: strategy.alpha, gamma: 0, lambda: 0, epsilon: 0 });
  }

  act(low: number, high: number): number {
    const action = this.learner.greedyWords(low, high);
    if (!this.strategy.contrarian || action === TradingAction.HOLD) return action;
    return action === TradingAction.BUY ? TradingAction.SELL : TradingAction.BUY;
  }
}

export class ShadowAgents {
  readonly shadows: Shadow[] = STRATEGIES.map((strategy, index) => new Shadow(index + 1, strategy));
  readonly #returns = new Float64Array(EVALUATION_WINDOW);

  /** Learns from a closed primary trade: the opposite entry would have earned the opposite return. */
  learnFromTrade(low: number, high: number, action: number, tradeReturn: number): void {
    const opposite = action === TradingAction.BUY ? TradingAction.SELL : TradingAction.BUY;
    for (const shadow of this.shadows) {
      if (shadow.act(low, high) !== TradingAction.HOLD) shadow.totalTrades++;
      shadow.learner.learnOneStep(low, high, action, shadow.strategy.utility(tradeReturn));
      shadow.learner.learnOneStep(low, high, opposite, shadow.strategy.utility(-tradeReturn));
      shadow.learner.learnOneStep(low, high, TradingAction.HOLD, 0);
    }
  }

  /** Re-scores every shadow on the recent trades; returns whether one started beating the primary. */
  evaluate(replay: ReplayBuffer, now: number): boolean {
    const count = Math.min(replay.size, EVALUATION_WINDOW);
    if (count < MIN_EVALUATION_TRADES) return false;
    const { reward, action } = replay.experiences;
    const first = replay.nextIndex - count + replay.capacity;
    for (let i = 0; i < count; i++) this.#returns[i] = reward.total[(first + i) % replay.capacity] as number;
    const primary = performanceOf(this.#returns, count);
    let outperformed = false;
    for (const shadow of this.shadows) {
      let differing = 0;
      for (let i = 0; i < count; i++) {
        const slot = (first + i) % replay.capacity;
        const [low, high] = replay.stateWords(slot);
        const own = shadow.act(low, high);
        const taken = action[slot] as number;
        if (own !== taken) differing++;
        const earned = reward.total[slot] as number;
        this.#returns[i] = own === TradingAction.HOLD ? 0 : own === taken ? earned : -earned;
      }
      const performance = performanceOf(this.#returns, count);
      shadow.sharpeRatio = performance.sharpe;
      shadow.sortinoRatio = performance.sortino;
      shadow.maxDrawdown = performance.maxDrawdown;
      shadow.actionDivergence = differing / count;
      if (performance.sharpe > primary.sharpe) {
        if (now - shadow.lastOutperformed > NEW_STREAK_MS) outperformed = true;
        shadow.lastOutperformed = now;
      }
    }
    return outperformed;
  }

  outperformedSince(time: number): boolean {
    return this.shadows.some((shadow) => shadow.lastOutperformed > time);
  }

  /** Q-tables are views (see QMap.view); copy to keep them past the next trade. */
  snapshot(): ShadowAgentsState {
    return {
      shadows: this.shadows.map(
        (shadow): ShadowAgent => ({
          agentId: shadow.agentId,
          strategyName: shadow.strategy.name,
          qTable: shadow.learner.qTable(),
          sharpeRatio: shadow.sharpeRatio,
          sortinoRatio: shadow.sortinoRatio,
          maxDrawdown: shadow.maxDrawdown,
          totalTrades: shadow.totalTrades,
          actionDivergence: shadow.actionDivergence,
          lastOutperformed: shadow.lastOutperformed,
        }),
      ),
    };
  }

  load(state: ShadowAgentsState): void {
    for (const stored of state.shadows) {
      const shadow = this.shadows.find((candidate) => candidate.strategy.name === stored.strategyName);
      if (!shadow) throw new RangeError(`stored shadow "${stored.strategyName}" is not one of the demo's strategies`);
      shadow.learner.load(stored.qTable, { stateHash: new BigUint64Array(0), action: new Uint8Array(0), eligibility: new Float64Array(0) }, Math.ceil(stored.qTable.action.length / ENTRY_ACTIONS.length));
      Object.assign(shadow, {
        sharpeRatio: stored.sharpeRatio,
        sortinoRatio: stored.sortinoRatio,
        maxDrawdown: stored.maxDrawdown,
        totalTrades: stored.totalTrades,
        actionDivergence: stored.actionDivergence,
        lastOutperformed: stored.lastOutperformed,
      });
    }
  }
}

/** Per-trade Sharpe and Sortino ratios and the deepest fall of cumulative return, over returns[0, n). */
export function performanceOf(returns: Float64Array, n: number): Performance {
  if (n === 0) return { sharpe: 0, sortino: 0, maxDrawdown: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += returns[i] as number;
  const mean = sum / n;
  let variance = 0;
  let downside = 0;
  let equity = 0;
  let peak = 0;
  let maxDrawdown = 0;
  for (let i = 0; i < n; i++) {
    const r = returns[i] as number;
    variance += (r - mean) ** 2;
    downside += Math.min(0, r) ** 2;
    equity += r;
    peak = Math.max(peak, equity);
    maxDrawdown = Math.max(maxDrawdown, peak - equity);
  }
  return {
    sharpe: variance > 0 ? mean / Math.sqrt(variance / n) : 0,
    sortino: downside > 0 ? mean / Math.sqrt(downside / n) : 0,
    maxDrawdown,
  };
}
