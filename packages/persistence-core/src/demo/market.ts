// Synthetic market: correlated geometric Brownian motion for a few symbols, driven by a
// Markov chain of regimes (drift, volatility and correlation change with the regime).
// The market is a pure function of the seed and the tick, so a restarted demo rebuilds it
// by replaying ticks instead of persisting it: like a real terminal, the world goes on.

import { AssetClass, Regime } from '../components/enums.js';
import { Xoshiro128 } from './random.js';

export interface DemoSymbol {
  name: string;
  assetClass: AssetClass;
  startPrice: number;
  /** Per-tick standard deviation of log returns in a calm market. */
  baseVolatility: number;
  /** Loading on the common market factor: sets the pairwise correlations. */
  factorLoading: number;
}

export const DEMO_SYMBOLS: readonly DemoSymbol[] = [
  { name: 'EURUSD', assetClass: AssetClass.FOREX, startPrice: 1.08, baseVolatility: 0.00012, factorLoading: 0.45 },
  { name: 'US500', assetClass: AssetClass.INDICES, startPrice: 5200, baseVolatility: 0.0004, factorLoading: 0.75 },
  { name: 'XAUUSD', assetClass: AssetClass.COMMODITIES, startPrice: 2350, baseVolatility: 0.0003, factorLoading: 0.35 },
  { name: 'BTCUSD', assetClass: AssetClass.CRYPTO, startPrice: 65000, baseVolatility: 0.0012, factorLoading: 0.55 },
  { name: 'GBPUSD', assetClass: AssetClass.FOREX, startPrice: 1.27, baseVolatility: 0.00014, factorLoading: 0.5 },
  { name: 'US10Y', assetClass: AssetClass.BONDS, startPrice: 110, baseVolatility: 0.0001, factorLoading: -0.3 },
  { name: 'AAPL', assetClass: AssetClass.EQUITIES, startPrice: 190, baseVolatility: 0.0006, factorLoading: 0.7 },
  { name: 'USDJPY', assetClass: AssetClass.FOREX, startPrice: 151, baseVolatility: 0.00013, factorLoading: -0.25 },
];

interface RegimeDynamics {
  /** Drift per tick in units of the symbol's base volatility. */
  drift: number;
  volatility: number;
  /** Multiplies the factor loadings (capped), so crises crystallise correlations. */
  correlation: number;
  /** Probability of leaving the regime on a tick. */
  leave: number;
  /** Where it goes when it leaves, as weights. */
  next: readonly number[];
}

const DYNAMICS: Readonly<Record<Regime, RegimeDynamics>> = {
  [Regime.TRENDING_UP]: { drift: 0.06, volatility: 1, correlation: 1, leave: 0.004, next: [0, 1, 4, 2, 0] },
  [Regime.TRENDING_DOWN]: { drift: -0.06, volatility: 1.2, correlation: 1.1, leave: 0.004, next: [1, 0, 3, 3, 1] },
  [Regime.RANGING]: { drift: 0, volatility: 0.7, correlation: 0.9, leave: 0.003, next: [3, 3, 0, 2, 0] },
  [Regime.VOLATILE]: { drift: 0, volatility: 2, correlation: 1.3, leave: 0.01, next: [1, 2, 3, 0, 2] },
  [Regime.CRISIS]: { drift: -0.5, volatility: 3.5, correlation: 1.8, leave: 0.03, next: [1, 1, 1, 4, 0] },
};

/** Ticks of history kept for the features, physics and the position's path. */
export const HISTORY_TICKS = 256;
export const TICK_MS = 60_000;
/** Simulated time of tick 0 (a Monday). */
export const EPOCH_MS = Date.UTC(2026, 0, 5);

export function timeOfTick(tick: number): number {
  return EPOCH_MS + tick * TICK_MS;
}

export function tickOfTime(time: number): number {
  return Math.round((time - EPOCH_MS) / TICK_MS);
}

export class Market {
  readonly symbols: readonly DemoSymbol[];
  #tick = 0;
  #regime: Regime = Regime.RANGING;
  readonly #rng: Xoshiro128;
  readonly #cholesky: Float64Array[];
  readonly #noise: Float64Array;
  // Rings of HISTORY_TICKS rows, row-major [slot][symbol].
  readonly #price: Float64Array;
  readonly #logReturn: Float64Array;
  readonly #volume: Float64Array;
  readonly #buyVolume: Float64Array;
  readonly #regimes = new Uint8Array(HISTORY_TICKS);

  constructor(seed: number, symbolCount: number) {
    if (!Number.isInteger(symbolCount) || symbolCount < 2 || symbolCount > DEMO_SYMBOLS.length) {
      throw new RangeError(`symbols must be an integer in [2, ${DEMO_SYMBOLS.length}], got ${symbolCount}`);
    }
    this.symbols = DEMO_SYMBOLS.slice(0, symbolCount);
    this.#rng = Xoshiro128.fromSeed(seed, 1);
    this.#cholesky = Object.values(Regime).map((regime) => choleskyOf(this.symbols, DYNAMICS[regime].correlation));
    this.#noise = new Float64Array(symbolCount);
    const cells = HISTORY_TICKS * symbolCount;
    this.#price = new Float64Array(cells);
    this.#logReturn = new Float64Array(cells);
    this.#volume = new Float64Array(cells);
    this.#buyVolume = new Float64Array(cells);
    this.symbols.forEach((symbol, s) => {
      for (let slot = 0; slot < HISTORY_TICKS; slot++) this.#price[slot * symbolCount + s] = symbol.startPrice;
    });
    while (this.#tick < HISTORY_TICKS) this.step();
  }

  get tick(): number {
    return this.#tick;
  }

  get time(): number {
    return timeOfTick(this.#tick);
  }

  regime(ago = 0): Regime {
    return this.#regimes[this.#slot(ago)] as Regime;
  }

  price(symbol: number, ago = 0): number {
    return this.#price[this.#cell(symbol, ago)] as number;
  }

  logReturn(symbol: number, ago = 0): number {
    return this.#logReturn[this.#cell(symbol, ago)] as number;
  }

  volume(symbol: number, ago = 0): number {
    return this.#volume[this.#cell(symbol, ago)] as number;
  }

  buyVolume(symbol: number, ago = 0): number {
    return this.#buyVolume[this.#cell(symbol, ago)] as number;
  }

  /** Advances one tick. */
  step(): void {
    const n = this.symbols.length;
    this.#regime = this.#nextRegime();
    const dynamics = DYNAMICS[this.#regime];
    const lower = this.#cholesky[this.#regime] as Float64Array;
    for (let i = 0; i < n; i++) this.#noise[i] = this.#rng.nextGaussian();
    const previous = this.#slot(0);
    this.#tick++;
    const slot = this.#slot(0);
    this.#regimes[slot] = this.#regime;
    for (let i = 0; i < n; i++) {
      let shock = 0;
      for (let j = 0; j <= i; j++) shock += (lower[i * n + j] as number) * (this.#noise[j] as number);
      const symbol = this.symbols[i] as DemoSymbol;
      const sigma = symbol.baseVolatility * dynamics.volatility;
      const logReturn = dynamics.drift * symbol.baseVolatility - 0.5 * sigma * sigma + sigma * shock;
      const volume = 100 * dynamics.volatility * Math.exp(0.5 * this.#rng.nextGaussian());
      const buyShare = 0.5 + 0.4 * Math.tanh(logReturn / sigma) * this.#rng.nextFloat();
      this.#price[slot * n + i] = (this.#price[previous * n + i] as number) * Math.exp(logReturn);
      this.#logReturn[slot * n + i] = logReturn;
      this.#volume[slot * n + i] = volume;
      this.#buyVolume[slot * n + i] = volume * buyShare;
    }
  }

  /** Replays ticks until `tick`; the market cannot go back. */
  advanceTo(tick: number): void {
    if (tick < this.#tick) throw new RangeError(`market is at tick ${this.#tick}, cannot go back to ${tick}`);
    while (this.#tick < tick) this.step();
  }

  #nextRegime(): Regime {
    const dynamics = DYNAMICS[this.#regime];
    if (this.#rng.nextFloat() >= dynamics.leave) return this.#regime;
    const total = dynamics.next.reduce((sum, weight) => sum + weight, 0);
    let pick = this.#rng.nextFloat() * total;
    for (let regime = 0; regime < dynamics.next.length; regime++) {
      pick -= dynamics.next[regime] as number;
      if (pick < 0) return regime as Regime;
    }
    return this.#regime;
  }

  #slot(ago: number): number {
    if (ago < 0 || ago >= HISTORY_TICKS) throw new RangeError(`market keeps ${HISTORY_TICKS} ticks, asked ${ago} back`);
    return (this.#tick - ago) % HISTORY_TICKS;
  }

  #cell(symbol: number, ago: number): number {
    return this.#slot(ago) * this.symbols.length + symbol;
  }
}

/** Lower Cholesky factor of the one-factor correlation matrix of a regime. */
function choleskyOf(symbols: readonly DemoSymbol[], scale: number): Float64Array {
  const n = symbols.length;
  const loading = symbols.map((symbol) => Math.max(-0.95, Math.min(0.95, symbol.factorLoading * scale)));
  const lower = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = i === j ? 1 : (loading[i] as number) * (loading[j] as number);
      for (let k = 0; k < j; k++) sum -= (lower[i * n + k] as number) * (lower[j * n + k] as number);
      if (i === j) {
        if (sum <= 0) throw new RangeError(`regime correlation matrix is not positive definite at ${symbols[i]?.name}`);
        lower[i * n + i] = Math.sqrt(sum);
      } else {
        lower[i * n + j] = sum / (lower[j * n + j] as number);
      }
    }
  }
  return lower;
}
