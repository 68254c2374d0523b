// Market physics of the traded symbol: VPIN history, the kurtosis return buffer (circular,
// as the schema stores it) and Katz fractal-dimension estimates, updated every tick.

import type { PhysicsState } from '../components/types.js';
import { TRADED_SYMBOL, vpin } from './features.js';
import type { Market } from './market.js';
import { Ring } from './ring.js';

const HISTORY = 256;
const KURTOSIS_WINDOW = 100;
const FRACTAL_WINDOW = 64;

export class Physics {
  readonly vpin = new Ring(HISTORY);
  readonly fractalDimension = new Ring(HISTORY);
  readonly #kurtosisBuffer = new Float64Array(KURTOSIS_WINDOW);
  #kurtosisIndex = 0;
  lastUpdated = 0;

  update(market: Market): void {
    this.vpin.push(vpin(market, TRADED_SYMBOL, 0));
    this.fractalDimension.push(fractalDimension(market, 0));
    this.#kurtosisBuffer[this.#kurtosisIndex] = market.logReturn(TRADED_SYMBOL, 0);
    this.#kurtosisIndex = (this.#kurtosisIndex + 1) % KURTOSIS_WINDOW;
    this.lastUpdated = market.time;
  }

  snapshot(): PhysicsState {
    return {
      vpinHistory: this.vpin.chronological(),
      kurtosisBuffer: this.#kurtosisBuffer.slice(),
      kurtosisIndex: this.#kurtosisIndex,
      fractalDimensionHistory: this.fractalDimension.chronological(),
      lastUpdated: this.lastUpdated,
    };
  }

  load(state: PhysicsState): void {
    if (state.kurtosisBuffer.length !== KURTOSIS_WINDOW || state.kurtosisIndex >= KURTOSIS_WINDOW) {
      throw new RangeError(`stored kurtosis buffer has ${state.kurtosisBuffer.length} values at index ${state.kurtosisIndex}, expected ${KURTOSIS_WINDOW}`);
    }
    this.vpin.restore(state.vpinHistory);
    this.fractalDimension.restore(state.fractalDimensionHistory);
    this.#kurtosisBuffer.set(state.kurtosisBuffer);
    this.#kurtosisIndex = state.kurtosisIndex;
    this.lastUpdated = state.lastUpdated;
  }
}

/**
 * Katz fractal dimension of the price path over the window ending `endAgo` ticks back, with time scaled so a step is
 * comparable to a typical price move: ~1 for a straight trend, ~1.5 and above for noise.
 */
export function fractalDimension(market: Market, endAgo: number, window = FRACTAL_WINDOW): number {
  const scale = market.symbols[TRADED_SYMBOL]?.baseVolatility ?? 1;
  const point = (ago: number) => Math.log(market.price(TRADED_SYMBOL, endAgo + ago)) / scale;
  let length = 0;
  let extent = 0;
  const start = point(window - 1);
  for (let ago = window - 2; ago >= 0; ago--) {
    length += Math.hypot(1, point(ago) - point(ago + 1));
    extent = Math.max(extent, Math.hypot(window - 1 - ago, point(ago) - start));
  }
  const steps = window - 1;
  return Math.log10(steps) / (Math.log10(steps) + Math.log10(extent / length));
}
