// The risk adversary: an MLP that predicts crash danger from market features, trained online
// once the 5-bar outcome of each prediction is known, with calibration metrics over its history.

import type { Regime } from '../components/enums.js';
import type { PredictionHistory, RiskAdversaryState } from '../components/types.js';
import { ADVERSARY_INPUTS } from './features.js';
import { Mlp } from './mlp.js';
import { Xoshiro128 } from './random.js';

export const CRASH_LOOKAHEAD_TICKS = 5;
const HIDDEN_UNITS = 8;
/** About a day and a half of one-minute predictions: enough crashes for a stable F1. */
const HISTORY_CAPACITY = 2048;
const LEARNING_RATE = 0.05;
/** Crashes are rare: weigh them up so the network does not learn "never". */
const CRASH_WEIGHT = 8;
const ALERT_THRESHOLD = 0.5;

export class RiskAdversary {
  readonly network: Mlp;
  totalPredictions = 0;
  correctPredictions = 0;
  lastCalibration = 0;
  f1Score = 0;
  calibrationError = 0;
  truePositiveRate = 0;
  falsePositiveRate = 0;
  #danger: number[] = [];
  #crash: number[] = [];
  #time: number[] = [];
  #regime: number[] = [];

  constructor(seed: number) {
    this.network = new Mlp(ADVERSARY_INPUTS, HIDDEN_UNITS, Xoshiro128.fromSeed(seed, 3));
  }

  danger(inputs: Float64Array): number {
    return this.network.predict(inputs);
  }

  /** Records a prediction whose outcome is not known yet. */
  record(danger: number, time: number, regime: Regime): void {
    this.#danger.push(danger);
    this.#crash.push(0);
    this.#time.push(time);
    this.#regime.push(regime);
    if (this.#time.length > HISTORY_CAPACITY) for (const column of this.#columns()) column.shift();
    this.totalPredictions++;
  }

  /** Stores the outcome of the prediction made at `time` and learns from it. */
  resolve(time: number, crashed: boolean, inputs: Float64Array): void {
    const index = this.#time.lastIndexOf(time);
    if (index < 0) return;
    this.#crash[index] = crashed ? 1 : 0;
    if (((this.#danger[index] as number) > ALERT_THRESHOLD) === crashed) this.correctPredictions++;
    this.network.train(inputs, crashed ? 1 : 0, LEARNING_RATE, crashed ? CRASH_WEIGHT : 1);
  }

  /** F1, Brier score and rates over predictions made up to `resolvedUpTo`. */
  calibrate(resolvedUpTo: number, now: number): void {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tn = 0;
    let brier = 0;
    for (let i = 0; i < this.#time.length && (this.#time[i] as number) <= resolvedUpTo; i++) {
      const danger = this.#danger[i] as number;
      const crashed = this.#crash[i] === 1;
      const alert = danger > ALERT_THRESHOLD;
      if (alert && crashed) tp++;
      else if (alert) fp++;
      else if (crashed) fn++;
      else tn++;
      brier += (danger - (crashed ? 1 : 0)) ** 2;
    }
    const n = tp + fp + fn + tn;
    this.f1Score = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    this.truePositiveRate = tp + fn === 0 ? 0 : tp / (tp + fn);
    this.falsePositiveRate = fp + tn === 0 ? 0 : fp / (fp + tn);
    this.calibrationError = n === 0 ? 0 : brier / n;
    this.lastCalibration = now;
  }

  /** The newest CRASH_LOOKAHEAD_TICKS records are still pending: their crashOccurred is 0 until resolved. */
  snapshot(): RiskAdversaryState {
    const history: PredictionHistory = {
      dangerScore: Float64Array.from(this.#danger),
      crashOccurred: Uint8Array.from(this.#crash),
      predictionTime: Float64Array.from(this.#time),
      regime: Uint8Array.from(this.#regime),
    };
    return {
      model: { kind: 'network', layers: this.network.snapshot() },
      history,
      f1Score: this.f1Score,
      calibrationError: this.calibrationError,
      truePositiveRate: this.truePositiveRate,
      falsePositiveRate: this.falsePositiveRate,
      totalPredictions: this.totalPredictions,
      correctPredictions: this.correctPredictions,
      lastCalibration: this.lastCalibration,
    };
  }

  load(state: RiskAdversaryState): void {
    if (state.model.kind !== 'network') throw new RangeError('the demo adversary is a network; stored adversary is tabular');
    this.network.load(state.model.layers);
    const { history } = state;
    const from = Math.max(0, history.predictionTime.length - HISTORY_CAPACITY);
    this.#danger = Array.from(history.dangerScore.subarray(from));
    this.#crash = Array.from(history.crashOccurred.subarray(from));
    this.#time = Array.from(history.predictionTime.subarray(from));
    this.#regime = Array.from(history.regime.subarray(from));
    Object.assign(this, {
      f1Score: state.f1Score,
      calibrationError: state.calibrationError,
      truePositiveRate: state.truePositiveRate,
      falsePositiveRate: state.falsePositiveRate,
      totalPredictions: state.totalPredictions,
      correctPredictions: state.correctPredictions,
      lastCalibration: state.lastCalibration,
    });
  }

  #columns(): number[][] {
    return [this.#danger, this.#crash, this.#time, this.#regime];
  }
}
