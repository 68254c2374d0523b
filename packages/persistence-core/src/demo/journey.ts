// The journey reward of a closed trade (spec SJourneyReward) and the exit agent's adaptive
// statistics: EWMAs of MFE capture and winner-to-loser flips that scale the giveback penalty.

import { TRADED_SYMBOL } from './features.js';
import type { Market } from './market.js';
import type { Experience } from './replay.js';

const EWMA_WEIGHT = 0.05;

export interface OpenPosition {
  ticket: number;
  direction: 1 | -1;
  entryPrice: number;
  /** Maximum favourable and adverse excursions, in price units (>= 0). */
  mfe: number;
  mae: number;
  barsHeld: number;
  regimeAtEntry: number;
}

export type JourneyReward = Experience['reward'];

/** The typical price move over the trade's life: rewards are in these units. */
export function moveScale(market: Market, position: OpenPosition): number {
  const base = market.symbols[TRADED_SYMBOL]?.baseVolatility ?? 1;
  return position.entryPrice * base * Math.sqrt(Math.max(1, position.barsHeld));
}

/** Share of the path that was net progress: 1 for a straight line, toward 0 for chop. */
function pathEfficiency(market: Market, bars: number): number {
  let travelled = 0;
  for (let ago = 0; ago < bars; ago++) travelled += Math.abs(market.price(TRADED_SYMBOL, ago) - market.price(TRADED_SYMBOL, ago + 1));
  const net = Math.abs(market.price(TRADED_SYMBOL, 0) - market.price(TRADED_SYMBOL, bars));
  return travelled > 0 ? net / travelled : 1;
}

export function journeyReward(market: Market, position: OpenPosition, givebackScale: number): JourneyReward {
  const scale = moveScale(market, position);
  const pnl = position.direction * (market.price(TRADED_SYMBOL) - position.entryPrice);
  const mfeCapture = position.mfe > 0 ? Math.max(-1, Math.min(1, pnl / position.mfe)) : 0;
  const maePenalty = (-0.5 * position.mae) / scale;
  const givebackPenalty = (-0.3 * givebackScale * Math.max(0, position.mfe - pnl)) / scale;
  const pathSmoothness = pathEfficiency(market, position.barsHeld);
  const timeDecay = -0.002 * position.barsHeld;
  const total = pnl / scale + 0.5 * mfeCapture + maePenalty + givebackPenalty + 0.2 * pathSmoothness + timeDecay;
  return { total, mfeCapture, maePenalty, givebackPenalty, pathSmoothness, timeDecay };
}

export class ExitStatistics {
  ewmaCaptureRatio = 0;
  ewmaFlipRate = 0;
  adaptiveGivebackScale = 1;
  totalExits = 0;
  avgMfeCapture = 0;
  avgPathSmoothness = 0;

  /** Folds in one closed trade; flips (a winner closed as a loser) raise the giveback penalty. */
  record(reward: JourneyReward, flipped: boolean): void {
    this.totalExits++;
    this.avgMfeCapture += (reward.mfeCapture - this.avgMfeCapture) / this.totalExits;
    this.avgPathSmoothness += (reward.pathSmoothness - this.avgPathSmoothness) / this.totalExits;
    this.ewmaCaptureRatio += EWMA_WEIGHT * (reward.mfeCapture - this.ewmaCaptureRatio);
    this.ewmaFlipRate += EWMA_WEIGHT * ((flipped ? 1 : 0) - this.ewmaFlipRate);
    const target = Math.max(0.5, Math.min(3, 1 + 4 * (this.ewmaFlipRate - 0.2)));
    this.adaptiveGivebackScale += EWMA_WEIGHT * (target - this.adaptiveGivebackScale);
  }

  /** Self-healing: lean harder on giveback now; the EWMA pulls the scale back as flips fade. */
  rebalance(): void {
    this.adaptiveGivebackScale = Math.min(3, this.adaptiveGivebackScale * 1.25);
  }
}
