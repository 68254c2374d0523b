// Prioritised experience replay: a circular buffer of columns with TD-error priorities and
// their running sum (the CDF). Sampling draws u * sum and binary-searches the CDF. The CDF
// is rebuilt lazily from the first changed slot, always as the same left-to-right running sum,
// so a CDF rebuilt from stored priorities is bit-identical to the one kept in memory.

import type { ReplayBufferState } from '../components/types.js';
import type { Xoshiro128 } from './random.js';

/** Keeps every experience sampleable: priority = (|TD error| + floor) ^ exponent. */
const PRIORITY_FLOOR = 0.01;
const PRIORITY_EXPONENT = 0.6;
/** Importance-sampling correction strength. */
const IS_EXPONENT = 0.4;

export interface Experience {
  stateHash: number;
  action: number;
  reward: { total: number; mfeCapture: number; maePenalty: number; givebackPenalty: number; pathSmoothness: number; timeDecay: number };
  nextStateHash: number;
  isTerminal: boolean;
  timestamp: number;
  regime: number;
}

export function priorityOf(tdError: number): number {
  return (Math.abs(tdError) + PRIORITY_FLOOR) ** PRIORITY_EXPONENT;
}

export class ReplayBuffer {
  readonly capacity: number;
  size = 0;
  nextIndex = 0;
  totalSamplesTaken = 0;
  readonly #words: Uint32Array;
  readonly #nextWords: Uint32Array;
  readonly #state: ReplayBufferState;
  /** First slot whose CDF value is stale; `size` when the CDF is current. */
  #cdfValidTo = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`replay capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.#words = new Uint32Array(capacity * 2);
    this.#nextWords = new Uint32Array(capacity * 2);
    const column = () => new Float64Array(capacity);
    this.#state = {
      capacity,
      currentSize: 0,
      nextIndex: 0,
      experiences: {
        stateHash: new BigUint64Array(this.#words.buffer),
        action: new Uint8Array(capacity),
        reward: { total: column(), mfeCapture: column(), maePenalty: column(), givebackPenalty: column(), pathSmoothness: column(), timeDecay: column() },
        nextStateHash: new BigUint64Array(this.#nextWords.buffer),
        isTerminal: new Uint8Array(capacity),
        timestamp: column(),
        regime: new Uint8Array(capacity),
      },
      priorities: column(),
      cdf: column(),
      sumPriorities: 0,
      totalSamplesTaken: 0,
    };
  }

  /** The full-capacity columns, for reading slots [0, size); views of live memory. */
  get experiences(): ReplayBufferState['experiences'] {
    return this.#state.experiences;
  }

  get full(): boolean {
    return this.size === this.capacity;
  }

  /** Writes at nextIndex (overwriting the oldest when full); returns the slot. */
  add(experience: Experience, priority: number): number {
    const slot = this.nextIndex;
    const e = this.#state.experiences;
    this.#words[slot * 2] = experience.stateHash >>> 0;
    this.#words[slot * 2 + 1] = Math.floor(experience.stateHash / 4294967296);
    this.#nextWords[slot * 2] = experience.nextStateHash >>> 0;
    this.#nextWords[slot * 2 + 1] = Math.floor(experience.nextStateHash / 4294967296);
    e.action[slot] = experience.action;
    for (const key of Object.keys(e.reward) as (keyof Experience['reward'])[]) e.reward[key][slot] = experience.reward[key];
    e.isTerminal[slot] = experience.isTerminal ? 1 : 0;
    e.timestamp[slot] = experience.timestamp;
    e.regime[slot] = experience.regime;
    this.setPriority(slot, priority);
    this.nextIndex = (slot + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
    return slot;
  }

  setPriority(slot: number, priority: number): void {
    this.#state.priorities[slot] = priority;
    this.#cdfValidTo = Math.min(this.#cdfValidTo, slot);
  }

  /** Slot drawn with probability priority / sum, and its importance-sampling weight in (0, 1]. */
  sample(rng: Xoshiro128): { slot: number; weight: number } {
    if (this.size === 0) throw new RangeError('cannot sample an empty replay buffer');
    const cdf = this.#cdf();
    const sum = cdf[this.size - 1] as number;
    const target = rng.nextFloat() * sum;
    let low = 0;
    let high = this.size - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cdf[middle] as number) > target) high = middle;
      else low = middle + 1;
    }
    this.totalSamplesTaken++;
    const probability = (this.#state.priorities[low] as number) / sum;
    return { slot: low, weight: Math.min(1, (this.size * probability) ** -IS_EXPONENT) };
  }

  /** Words of the state hashes of a slot, for Q-map lookups without precision loss. */
  stateWords(slot: number): [low: number, high: number] {
    return [this.#words[slot * 2] as number, this.#words[slot * 2 + 1] as number];
  }

  nextStateWords(slot: number): [low: number, high: number] {
    return [this.#nextWords[slot * 2] as number, this.#nextWords[slot * 2 + 1] as number];
  }

  /** Views of the live columns (rows 0..size-1): valid until the next add/sample; copy to keep. */
  view(): ReplayBufferState {
    const n = this.size;
    const e = this.#state.experiences;
    const cdf = this.#cdf();
    return {
      capacity: this.capacity,
      currentSize: n,
      nextIndex: this.nextIndex,
      experiences: {
        stateHash: e.stateHash.subarray(0, n),
        action: e.action.subarray(0, n),
        reward: {
          total: e.reward.total.subarray(0, n),
          mfeCapture: e.reward.mfeCapture.subarray(0, n),
          maePenalty: e.reward.maePenalty.subarray(0, n),
          givebackPenalty: e.reward.givebackPenalty.subarray(0, n),
          pathSmoothness: e.reward.pathSmoothness.subarray(0, n),
          timeDecay: e.reward.timeDecay.subarray(0, n),
        },
        nextStateHash: e.nextStateHash.subarray(0, n),
        isTerminal: e.isTerminal.subarray(0, n),
        timestamp: e.timestamp.subarray(0, n),
        regime: e.regime.subarray(0, n),
      },
      priorities: this.#state.priorities.subarray(0, n),
      cdf: cdf.subarray(0, n),
      sumPriorities: n === 0 ? 0 : (cdf[n - 1] as number),
      totalSamplesTaken: this.totalSamplesTaken,
    };
  }

  /** Replaces the contents with a stored buffer (copied); its CDF is rebuilt from its priorities. */
  load(stored: ReplayBufferState): void {
    if (stored.capacity !== this.capacity) {
      throw new RangeError(`stored replay buffer has capacity ${stored.capacity}, this demo runs ${this.capacity}`);
    }
    const n = stored.currentSize;
    if (n > this.capacity || stored.nextIndex >= this.capacity || (n < this.capacity && stored.nextIndex !== n)) {
      throw new RangeError(`stored replay buffer holds ${n} rows with nextIndex ${stored.nextIndex}: not a circular buffer of capacity ${this.capacity}`);
    }
    const from = stored.experiences;
    const to = this.#state.experiences;
    to.stateHash.set(from.stateHash.subarray(0, n));
    to.nextStateHash.set(from.nextStateHash.subarray(0, n));
    to.action.set(from.action.subarray(0, n));
    for (const key of Object.keys(to.reward) as (keyof Experience['reward'])[]) to.reward[key].set(from.reward[key].subarray(0, n));
    to.isTerminal.set(from.isTerminal.subarray(0, n));
    to.timestamp.set(from.timestamp.subarray(0, n));
    to.regime.set(from.regime.subarray(0, n));
    this.#state.priorities.set(stored.priorities.subarray(0, n));
    this.size = n;
    this.nextIndex = stored.nextIndex;
    this.totalSamplesTaken = stored.totalSamplesTaken;
    this.#cdfValidTo = 0;
  }

  #cdf(): Float64Array {
    const { cdf, priorities } = this.#state;
    let running = this.#cdfValidTo === 0 ? 0 : (cdf[this.#cdfValidTo - 1] as number);
    for (let i = this.#cdfValidTo; i < this.size; i++) {
      running += priorities[i] as number;
      cdf[i] = running;
    }
    this.#cdfValidTo = this.size;
    return cdf;
  }
}
