// The three-level risk picture: per-symbol danger (micro), per-asset-class correlation energy
// (meso) and portfolio entropy (macro), with the correlation matrix refreshed periodically.

import type { AssetClass, DefconLevel } from '../components/enums.js';
import type { AssetClassExposures, PortfolioRiskState } from '../components/types.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { correlationEnergy, correlationMatrix, spectralEntropy } from './correlation.js';
import { realizedVolatility } from './features.js';
import type { Market } from './market.js';
import { Ring } from './ring.js';

export const CORRELATION_EVERY_TICKS = 60;
const CORRELATION_WINDOW = 120;
const ENTROPY_HISTORY = 256;
/** Ticks per year of one-minute bars, to annualise volatility. */
const TICKS_PER_YEAR = 365 * 24 * 60;

export interface HeldPosition {
  symbol: number;
  notionalUsd: number;
}

export class PortfolioRisk {
  readonly breaker: CircuitBreaker;
  readonly symbols: string[];
  readonly microDangerScores: Float64Array;
  correlation: Float64Array;
  correlationUpdated = 0;
  macroSystemEntropy = 1;
  /** Asset classes present, in first-seen order: one exposure row each. */
  readonly #classes: AssetClass[];
  readonly #symbolClass: AssetClass[];
  readonly #entropyTime = new Ring(ENTROPY_HISTORY);
  readonly #entropy = new Ring(ENTROPY_HISTORY);
  readonly #energy = new Ring(ENTROPY_HISTORY);
  readonly #regime = new Ring(ENTROPY_HISTORY);

  constructor(seed: number, market: Market) {
    this.breaker = new CircuitBreaker(seed);
    this.symbols = market.symbols.map((symbol) => symbol.name);
    this.#symbolClass = market.symbols.map((symbol) => symbol.assetClass);
    this.#classes = [...new Set(this.#symbolClass)];
    this.microDangerScores = new Float64Array(this.symbols.length);
    this.correlation = new Float64Array(this.symbols.length ** 2);
    this.refreshCorrelation(market);
  }

  refreshCorrelation(market: Market): void {
    const n = this.symbols.length;
    this.correlation = correlationMatrix(market, CORRELATION_WINDOW);
    this.correlationUpdated = market.time;
    this.macroSystemEntropy = spectralEntropy(this.correlation, n);
    this.#entropyTime.push(market.time);
    this.#entropy.push(this.macroSystemEntropy);
    this.#energy.push(correlationEnergy(this.correlation, n));
    this.#regime.push(market.regime());
  }

  /** Combined risk score in [0, 1]: traded-symbol danger, worst danger, crystallisation. */
  riskScore(tradedSymbol: number): number {
    const worst = Math.max(...this.microDangerScores);
    const traded = this.microDangerScores[tradedSymbol] as number;
    return 0.5 * traded + 0.2 * worst + 0.3 * (1 - this.macroSystemEntropy);
  }

  snapshot(market: Market, position: HeldPosition | null): PortfolioRiskState {
    const exposures = this.#exposures(market, position);
    const breaker = this.breaker.snapshot();
    return {
      symbols: [...this.symbols],
      correlationMatrix: this.correlation.slice(),
      correlationUpdated: this.correlationUpdated,
      entropyHistory: {
        timestamp: this.#entropyTime.chronological(),
        systemEntropy: this.#entropy.chronological(),
        correlationEnergy: this.#energy.chronological(),
        regime: Uint8Array.from(this.#regime.chronological()),
      },
      exposures,
      currentLevel: breaker.currentLevel as DefconLevel,
      releaseCodes: breaker.releaseCodes,
      levelChanged: breaker.levelChanged,
      consecutiveViolations: breaker.consecutiveViolations,
      microDangerScores: this.microDangerScores.slice(),
      mesoCorrelationEnergy: exposures.avgCorrelation.map((_, row) => this.#classEnergy(row)),
      macroSystemEntropy: this.macroSystemEntropy,
    };
  }

  load(state: PortfolioRiskState): void {
    if (state.symbols.join() !== this.symbols.join()) {
      throw new RangeError(`stored risk state covers ${state.symbols.join(',')}, the demo trades ${this.symbols.join(',')}`);
    }
    this.correlation = state.correlationMatrix.slice();
    this.correlationUpdated = state.correlationUpdated;
    this.macroSystemEntropy = state.macroSystemEntropy;
    this.microDangerScores.set(state.microDangerScores);
    const history = state.entropyHistory;
    this.#entropyTime.restore(history.timestamp);
    this.#entropy.restore(history.systemEntropy);
    this.#energy.restore(history.correlationEnergy);
    this.#regime.restore(history.regime);
    this.breaker.load(state);
  }

  /** Mean |correlation| of an exposure row's symbols with every other symbol. */
  #classEnergy(row: number): number {
    const n = this.symbols.length;
    let sum = 0;
    let pairs = 0;
    for (const i of this.#members(row)) {
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        sum += Math.abs(this.correlation[i * n + j] as number);
        pairs++;
      }
    }
    return pairs === 0 ? 0 : sum / pairs;
  }

  #members(row: number): number[] {
    return this.#symbolClass.flatMap((assetClass, index) => (assetClass === this.#classes[row] ? [index] : []));
  }

  #exposures(market: Market, position: HeldPosition | null): AssetClassExposures {
    const rows = this.#classes.length;
    const n = this.symbols.length;
    const out: AssetClassExposures = {
      assetClass: Uint8Array.from(this.#classes),
      totalExposureUsd: new Float64Array(rows),
      numPositions: new Float64Array(rows),
      avgCorrelation: new Float64Array(rows),
      volatilityEstimate: new Float64Array(rows),
    };
    for (let row = 0; row < rows; row++) {
      const members = this.#members(row);
      let correlationSum = 0;
      let pairs = 0;
      let volatility = 0;
      for (const i of members) {
        volatility += realizedVolatility(market, i, 0, 60) * Math.sqrt(TICKS_PER_YEAR);
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          correlationSum += this.correlation[i * n + j] as number;
          pairs++;
        }
        if (position?.symbol === i) {
          out.totalExposureUsd[row] = (out.totalExposureUsd[row] as number) + position.notionalUsd;
          out.numPositions[row] = (out.numPositions[row] as number) + 1;
        }
      }
      out.avgCorrelation[row] = pairs === 0 ? 0 : correlationSum / pairs;
      out.volatilityEstimate[row] = volatility / members.length;
    }
    return out;
  }
}
