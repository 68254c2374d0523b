// Market physics of the traded symbol: VPIN history, the kurtosis return buffer (circular,
// as the schema stores it) and Higuchi fractal-dimension estimates, updated every tick.

import type { PhysicsState } from '../components/types.js';
import { TRADED_SYMBOL, vpin } from './features.js';
import type { Market } from './market.js';
import { Ring } from './ring.js';

const HISTORY = 256;
const KURTOSIS_WINDOW = 100;
const FRACTAL_WINDOW = 64;
const HIGUCHI_SCALES = [1, 2, 4, 8] as const;

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
 * Higuchi fractal dimension of the log-price path over the window ending `endAgo` ticks back:
 * the slope of curve length against scale. ~1 for a clean trend, 1.5 for a random walk,
 * toward 2 for mean-reverting chop.
 */
export function fractalDimension(market: Market, endAgo: number, window = FRACTAL_WINDOW): number {
  const logPrice = new Float64Array(window);
  for (let i = 0; i < window; i++) logPrice[i] = Math.log(market.price(TRADED_SYMBOL, endAgo + window - 1 - i));
  let sumX = 0;
  let sumY = 0;
  let sumXX = 0;
  let sumXY = 0;
  for (const k of HIGUCHI_SCALES) {
    let length = 0;
    for (let offset = 0; offset < k; offset++) {
      const steps = Math.floor((window - 1 - offset) / k);
      let path = 0;
      for (let j = 1; j <= steps; j++) path += Math.abs((logPrice[offset + j * k] as number) - (logPrice[offset + (j - 1) * k] as number));
      length += (path * (window - 1)) / (steps * k * k);
    }
    const x = Math.log(1 / k);
    const y = Math.log(length / k + Number.MIN_VALUE);
    sumX += x;
    sumY += y;
    sumXX += x * x;
    sumXY += x * y;
  }
  const n = HIGUCHI_SCALES.length;
  const slope = (n * sumXY - sumX * sumY) / (n * sumXX - sumX * sumX);
  return Math.max(1, Math.min(2, slope));
}
