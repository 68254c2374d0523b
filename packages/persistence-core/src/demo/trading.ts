// One tick of trading on the traded symbol: the entry agent decides while flat, the exit agent
// while a position is open, both learning by Q(lambda). Every state the updates need is either
// in the persisted components or recomputable from the market, so a restart changes nothing.

import { TradingAction, type Regime } from '../components/enums.js';
import { entryStateHash, exitStateHash, TRADED_SYMBOL } from './features.js';
import { ExitStatistics, journeyReward, moveScale, type JourneyReward, type OpenPosition } from './journey.js';
import type { Market } from './market.js';
import { QLearner, type TdResult } from './q-learner.js';
import type { Xoshiro128 } from './random.js';

export const ENTRY_ACTIONS = [TradingAction.HOLD, TradingAction.BUY, TradingAction.SELL] as const;
const EXIT_ACTIONS = [TradingAction.HOLD, TradingAction.CLOSE] as const;
/** Positions are closed at this age whatever the exit agent says. */
export const MAX_BARS_HELD = 120;
const TICKET_BASE = 100_000;
const EPSILON_FLOOR = 0.05;
const ALPHA_FLOOR = 0.02;

export interface ClosedTrade {
  ticket: number;
  entryStateHash: number;
  entryAction: number;
  /** The entry state right after the close: the experience's next state. */
  nextStateHash: number;
  regimeAtEntry: Regime;
  reward: JourneyReward;
  /** Net return in units of the trade's typical move. */
  tradeReturn: number;
  entryUpdate: TdResult;
  barsHeld: number;
  mfe: number;
  mae: number;
}

export interface Permissions {
  entriesAllowed: boolean;
  frozen: boolean;
}

/** Ticket numbers carry the direction in their lowest bit, as the simulated broker's record. */
function ticketFor(tradeNumber: number, direction: 1 | -1): number {
  return 2 * (TICKET_BASE + tradeNumber) + (direction === 1 ? 0 : 1);
}

export function directionOfTicket(ticket: number): 1 | -1 {
  return ticket % 2 === 0 ? 1 : -1;
}

/** How many trades had closed when this ticket was opened. */
export function tradeNumberOfTicket(ticket: number): number {
  return Math.floor(ticket / 2) - TICKET_BASE;
}

export class Trader {
  readonly entry: QLearner;
  readonly exit: QLearner;
  readonly exitStatistics = new ExitStatistics();
  position: OpenPosition | null = null;

  constructor(expectedEntryRows: number, expectedExitRows: number) {
    this.entry = new QLearner(ENTRY_ACTIONS, { alpha: 0.1, gamma: 0.99, lambda: 0.9, epsilon: 1 }, expectedEntryRows);
    this.exit = new QLearner(EXIT_ACTIONS, { alpha: 0.1, gamma: 0.95, lambda: 0.8, epsilon: 0.05 }, expectedExitRows);
  }

  /**
   * Trades one tick. `continuing` says the previous tick ended flat with a HOLD decision whose
   * transition is still to be learned (false on the very first tick of a fresh agent).
   */
  step(market: Market, rng: Xoshiro128, permissions: Permissions, tradeNumber: number, continuing: boolean): ClosedTrade | null {
    let closed: ClosedTrade | null = null;
    if (this.position) {
      closed = this.#manage(market, this.position, rng, permissions);
      if (!closed) return null;
    }
    const state = entryStateHash(market, 0);
    if (!closed && continuing) this.#learnFlat(market, state);
    this.entry.visit(state);
    const allowed = permissions.entriesAllowed ? ENTRY_ACTIONS : [TradingAction.HOLD];
    const choice = this.entry.choose(state, rng, allowed);
    this.entry.advanceTraces(choice.greedy);
    if (choice.action !== TradingAction.HOLD) {
      const direction = choice.action === TradingAction.BUY ? 1 : -1;
      this.position = {
        ticket: ticketFor(tradeNumber + (closed ? 1 : 0), direction),
        direction,
        entryPrice: market.price(TRADED_SYMBOL),
        mfe: 0,
        mae: 0,
        barsHeld: 0,
        regimeAtEntry: market.regime(),
      };
    }
    return closed;
  }

  #learnFlat(market: Market, state: number): void {
    this.entry.learn(entryStateHash(market, 1), TradingAction.HOLD, 0, state);
  }

  #manage(market: Market, position: OpenPosition, rng: Xoshiro128, permissions: Permissions): ClosedTrade | null {
    const previous = position.barsHeld >= 1 ? exitStateHash(market, position, 1) : null;
    const price = market.price(TRADED_SYMBOL);
    const excursion = position.direction * (price - position.entryPrice);
    position.barsHeld++;
    position.mfe = Math.max(position.mfe, excursion);
    position.mae = Math.max(position.mae, -excursion);
    const state = exitStateHash(market, position, 0);
    this.exit.visit(state);
    if (previous !== null) {
      const move = (position.direction * (price - market.price(TRADED_SYMBOL, 1))) / moveScale(market, { ...position, barsHeld: 1 });
      this.exit.learn(previous, TradingAction.HOLD, 0.1 * move, state);
    }
    const forced = permissions.frozen || position.barsHeld >= MAX_BARS_HELD;
    const choice = forced ? { action: TradingAction.CLOSE, greedy: true } : this.exit.choose(state, rng);
    this.exit.advanceTraces(choice.greedy);
    if (choice.action !== TradingAction.CLOSE) return null;
    return this.#close(market, position, state);
  }

  #close(market: Market, position: OpenPosition, exitState: number): ClosedTrade {
    const reward = journeyReward(market, position, this.exitStatistics.adaptiveGivebackScale);
    this.exit.learn(exitState, TradingAction.CLOSE, reward.total, null);
    const scale = moveScale(market, position);
    const pnl = position.direction * (market.price(TRADED_SYMBOL) - position.entryPrice);
    this.exitStatistics.record(reward, position.mfe > 0.5 * scale && pnl < 0);
    const entryState = entryStateHash(market, position.barsHeld);
    const entryAction = position.direction === 1 ? TradingAction.BUY : TradingAction.SELL;
    const entryUpdate = this.entry.learn(entryState, entryAction, reward.total, null);
    this.entry.parameters.epsilon = Math.max(EPSILON_FLOOR, this.entry.parameters.epsilon * 0.995);
    this.entry.parameters.alpha = Math.max(ALPHA_FLOOR, this.entry.parameters.alpha * 0.999);
    this.position = null;
    return {
      ticket: position.ticket,
      entryStateHash: entryState,
      entryAction,
      nextStateHash: entryStateHash(market, 0),
      regimeAtEntry: position.regimeAtEntry as Regime,
      reward,
      tradeReturn: pnl / scale,
      entryUpdate,
      barsHeld: position.barsHeld,
      mfe: position.mfe,
      mae: position.mae,
    };
  }
}
