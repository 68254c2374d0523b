// What the agents observe: discretised entry and exit states (hashed to 53-bit state hashes)
// and the adversary's input vector. Every feature is read from the market's history, so a
// state `ago` ticks back can be recomputed after a restart.

import type { Market } from './market.js';
import { stateHashOf } from './random.js';

/** Symbol the agents trade (the "chart" symbol); the others inform risk only. */
export const TRADED_SYMBOL = 0;

const ENTRY_RADIX = { regime: 5, volatility: 8, momentum: 9, vpin: 8, drawdown: 6, hour: 24 } as const;
export const ENTRY_STATE_SPACE = Object.values(ENTRY_RADIX).reduce((product, size) => product * size, 1);

const EXIT_RADIX = { regime: 5, pnl: 9, giveback: 6, bars: 8, volatility: 4 } as const;
export const EXIT_STATE_SPACE = Object.values(EXIT_RADIX).reduce((product, size) => product * size, 1);

export const ADVERSARY_INPUTS = 6;

/** Open-position facts the exit agent sees, in units of the symbol's price. */
export interface PositionView {
  direction: 1 | -1;
  entryPrice: number;
  mfe: number;
  mae: number;
  barsHeld: number;
}

export function realizedVolatility(market: Market, symbol: number, ago: number, window = 20): number {
  let sum = 0;
  for (let i = 0; i < window; i++) sum += market.logReturn(symbol, ago + i) ** 2;
  return Math.sqrt(sum / window);
}

/** Volume-synchronised probability of informed trading: order-flow imbalance over a window. */
export function vpin(market: Market, symbol: number, ago: number, window = 50): number {
  let imbalance = 0;
  let total = 0;
  for (let i = 0; i < window; i++) {
    const volume = market.volume(symbol, ago + i);
    imbalance += Math.abs(2 * market.buyVolume(symbol, ago + i) - volume);
    total += volume;
  }
  return total > 0 ? imbalance / total : 0;
}

/** Momentum in standard deviations of a calm market over the window. */
export function momentum(market: Market, symbol: number, ago: number, window = 10): number {
  const base = market.symbols[symbol]?.baseVolatility ?? 1;
  let sum = 0;
  for (let i = 0; i < window; i++) sum += market.logReturn(symbol, ago + i);
  return sum / (base * Math.sqrt(window));
}

/** Fall from the recent high, in calm-market standard deviations. */
export function drawdown(market: Market, symbol: number, ago: number, window = 30): number {
  let high = 0;
  for (let i = 0; i < window; i++) high = Math.max(high, market.price(symbol, ago + i));
  const base = market.symbols[symbol]?.baseVolatility ?? 1;
  return Math.log(high / market.price(symbol, ago)) / (base * Math.sqrt(window));
}

/** Excess kurtosis of the returns over a window. */
export function excessKurtosis(market: Market, symbol: number, ago: number, window = 100): number {
  let mean = 0;
  for (let i = 0; i < window; i++) mean += market.logReturn(symbol, ago + i);
  mean /= window;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < window; i++) {
    const d = market.logReturn(symbol, ago + i) - mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  m2 /= window;
  return m2 > 0 ? m4 / window / (m2 * m2) - 3 : 0;
}

export function entryStateHash(market: Market, ago: number): number {
  const s = TRADED_SYMBOL;
  const base = market.symbols[s]?.baseVolatility ?? 1;
  const hour = new Date(market.time - ago * 60_000).getUTCHours();
  const digits = [
    market.regime(ago),
    bucket(Math.log2(realizedVolatility(market, s, ago) / base) + 3, ENTRY_RADIX.volatility),
    bucket(momentum(market, s, ago) + 4.5, ENTRY_RADIX.momentum),
    bucket(vpin(market, s, ago) * ENTRY_RADIX.vpin, ENTRY_RADIX.vpin),
    bucket(drawdown(market, s, ago) * 2, ENTRY_RADIX.drawdown),
    hour,
  ];
  return stateHashOf(mixedRadix(digits, Object.values(ENTRY_RADIX)), ENTRY_STATE_SPACE);
}

/** The entry state hash of a dense index: used to prefill the table with visited states. */
export function entryStateHashOfIndex(index: number): number {
  return stateHashOf(index, ENTRY_STATE_SPACE);
}

export function exitStateHash(market: Market, position: PositionView, ago: number): number {
  const s = TRADED_SYMBOL;
  const base = market.symbols[s]?.baseVolatility ?? 1;
  const scale = position.entryPrice * base * 4;
  const pnl = (position.direction * (market.price(s, ago) - position.entryPrice)) / scale;
  const digits = [
    market.regime(ago),
    bucket(pnl + 4.5, EXIT_RADIX.pnl),
    bucket((position.mfe / position.entryPrice / (base * 4) - pnl) * 2, EXIT_RADIX.giveback),
    bucket(Math.log2(position.barsHeld + 1), EXIT_RADIX.bars),
    bucket(Math.log2(realizedVolatility(market, s, ago) / base) + 1, EXIT_RADIX.volatility),
  ];
  return stateHashOf(mixedRadix(digits, Object.values(EXIT_RADIX)), EXIT_STATE_SPACE);
}

export function exitStateHashOfIndex(index: number): number {
  return stateHashOf(index, EXIT_STATE_SPACE);
}

/** Adversary inputs for one symbol, each scaled to roughly [-1, 1]. */
export function adversaryInputs(market: Market, symbol: number, ago: number, out: Float64Array): Float64Array {
  const base = market.symbols[symbol]?.baseVolatility ?? 1;
  out[0] = Math.tanh(momentum(market, symbol, ago) / 4);
  out[1] = Math.tanh(Math.log(realizedVolatility(market, symbol, ago) / base));
  out[2] = vpin(market, symbol, ago) * 2 - 1;
  out[3] = Math.tanh(drawdown(market, symbol, ago) / 4);
  out[4] = Math.tanh(excessKurtosis(market, symbol, ago, 50) / 5);
  out[5] = Math.tanh(realizedVolatility(market, symbol, ago, 5) / realizedVolatility(market, symbol, ago, 50) - 1);
  return out;
}

function bucket(value: number, size: number): number {
  return Math.max(0, Math.min(size - 1, Math.floor(value)));
}

function mixedRadix(digits: readonly number[], radix: readonly number[]): number {
  let index = 0;
  for (let i = 0; i < digits.length; i++) index = index * (radix[i] as number) + (digits[i] as number);
  return index;
}
