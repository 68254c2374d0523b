// Watkins Q(lambda): a Q-map plus replacing eligibility traces, cut after exploratory actions
// and at the end of an episode.

import type { QTable, TraceTable } from '../components/types.js';
import { QMap } from './q-map.js';
import type { Xoshiro128 } from './random.js';

const TWO_POW_32 = 4294967296;
/** Traces below this no longer move Q-values measurably: dropped to keep the table small. */
const TRACE_FLOOR = 0.01;

export interface LearnerParameters {
  alpha: number;
  gamma: number;
  lambda: number;
  epsilon: number;
}

export interface TdResult {
  tdError: number;
  /** Sum of |change| applied to Q-values by this update. */
  qChange: number;
}

export class QLearner {
  readonly map: QMap;
  readonly parameters: LearnerParameters;
  totalUpdates = 0;
  /** Distinct states inserted (every action of a state is inserted at once). */
  states = 0;
  #traceEntries: number[] = [];
  #traceValues: number[] = [];

  constructor(
    readonly actions: readonly number[],
    parameters: LearnerParameters,
    expectedEntries?: number,
  ) {
    this.parameters = { ...parameters };
    this.map = new QMap(expectedEntries);
  }

  /** Inserts every action of a state not seen before; returns whether it was new. */
  visit(hash: number, initial: (action: number) => number = () => 0): boolean {
    const [low, high] = wordsOf(hash);
    return this.visitWords(low, high, initial);
  }

  visitWords(low: number, high: number, initial: (action: number) => number = () => 0): boolean {
    if (this.map.findWords(low, high, this.actions[0] as number) >= 0) return false;
    for (const action of this.actions) this.map.upsertWords(low, high, action, initial(action));
    this.states++;
    return true;
  }

  /** Highest-valued action; ties go to the first listed (HOLD), the cautious choice. */
  greedy(hash: number): number {
    const [low, high] = wordsOf(hash);
    return this.greedyWords(low, high);
  }

  greedyWords(low: number, high: number): number {
    let best = this.actions[0] as number;
    let bestValue = this.#valueWords(low, high, best);
    for (let i = 1; i < this.actions.length; i++) {
      const action = this.actions[i] as number;
      const value = this.#valueWords(low, high, action);
      if (value > bestValue) {
        best = action;
        bestValue = value;
      }
    }
    return best;
  }

  maxValue(hash: number): number {
    const [low, high] = wordsOf(hash);
    return this.maxValueWords(low, high);
  }

  maxValueWords(low: number, high: number): number {
    return this.#valueWords(low, high, this.greedyWords(low, high));
  }

  /** Epsilon-greedy choice, drawing from the caller's generator. */
  choose(hash: number, rng: Xoshiro128, allowed: readonly number[] = this.actions): { action: number; greedy: boolean } {
    const greedy = this.greedy(hash);
    if (rng.nextFloat() >= this.parameters.epsilon && allowed.includes(greedy)) return { action: greedy, greedy: true };
    const action = allowed[rng.nextInt(allowed.length)] as number;
    return { action, greedy: action === greedy };
  }

  /**
   * One Q(lambda) update of (hash, action) with reward; `nextHash` null ends the episode and
   * clears the traces. Otherwise call advanceTraces once the next action is chosen.
   */
  learn(hash: number, action: number, reward: number, nextHash: number | null): TdResult {
    const entry = this.map.upsert(hash, action);
    const target = nextHash === null ? reward : reward + this.parameters.gamma * this.maxValue(nextHash);
    const tdError = target - this.map.valueAt(entry);
    this.#setTrace(entry, 1);
    let qChange = 0;
    const step = this.parameters.alpha * tdError;
    for (let i = 0; i < this.#traceEntries.length; i++) {
      const traced = this.#traceEntries[i] as number;
      const delta = step * (this.#traceValues[i] as number);
      this.map.setValueAt(traced, this.map.valueAt(traced) + delta);
      qChange += Math.abs(delta);
    }
    this.totalUpdates++;
    if (nextHash === null) this.clearTraces();
    return { tdError, qChange };
  }

  /** Watkins: traces decay after a greedy next action and are cut after an exploratory one. */
  advanceTraces(greedyTaken: boolean): void {
    if (greedyTaken) this.#decayTraces();
    else this.clearTraces();
  }

  /** A one-step update without traces (replay training and shadows). */
  learnOneStep(low: number, high: number, action: number, target: number, weight = 1): TdResult {
    this.visitWords(low, high);
    const entry = this.map.upsertWords(low, high, action);
    const tdError = target - this.map.valueAt(entry);
    const delta = this.parameters.alpha * weight * tdError;
    this.map.setValueAt(entry, this.map.valueAt(entry) + delta);
    this.totalUpdates++;
    return { tdError, qChange: Math.abs(delta) };
  }

  clearTraces(): void {
    this.#traceEntries = [];
    this.#traceValues = [];
  }

  /** Q-table views (see QMap.view) and a copy of the traces. */
  qTable(): QTable {
    return this.map.view();
  }

  traces(): TraceTable {
    const words = new Uint32Array(this.#traceEntries.length * 2);
    const table = this.map.view();
    const action = new Uint8Array(this.#traceEntries.length);
    this.#traceEntries.forEach((entry, i) => {
      const hash = table.stateHash[entry] as bigint;
      words[i * 2] = Number(hash & 0xffffffffn);
      words[i * 2 + 1] = Number(hash >> 32n);
      action[i] = table.action[entry] as number;
    });
    return { stateHash: new BigUint64Array(words.buffer), action, eligibility: Float64Array.from(this.#traceValues) };
  }

  /** Replaces table and traces with stored ones (copied). */
  load(table: QTable, traces: TraceTable, states: number): void {
    this.map.load(table);
    this.states = states;
    this.clearTraces();
    for (let i = 0; i < traces.stateHash.length; i++) {
      const hash = traces.stateHash[i] as bigint;
      const entry = this.map.upsertWords(Number(hash & 0xffffffffn), Number(hash >> 32n), traces.action[i] as number);
      this.#setTrace(entry, traces.eligibility[i] as number);
    }
  }

  #valueWords(low: number, high: number, action: number): number {
    const entry = this.map.findWords(low, high, action);
    return entry < 0 ? 0 : this.map.valueAt(entry);
  }

  #setTrace(entry: number, value: number): void {
    const index = this.#traceEntries.indexOf(entry);
    if (index >= 0) this.#traceValues[index] = value;
    else {
      this.#traceEntries.push(entry);
      this.#traceValues.push(value);
    }
  }

  #decayTraces(): void {
    const decay = this.parameters.gamma * this.parameters.lambda;
    const entries: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < this.#traceEntries.length; i++) {
      const value = (this.#traceValues[i] as number) * decay;
      if (value < TRACE_FLOOR) continue;
      entries.push(this.#traceEntries[i] as number);
      values.push(value);
    }
    this.#traceEntries = entries;
    this.#traceValues = values;
  }
}

export function wordsOf(hash: number): [low: number, high: number] {
  return [hash >>> 0, Math.floor(hash / TWO_POW_32)];
}
