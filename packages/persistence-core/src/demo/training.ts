// Training from replay (spec 5.2): runs of N batches, one prioritised sample and one-step
// Q update per batch, with progress and the sampler's generator state checkpointable so a
// run interrupted by a crash resumes exactly where its last checkpoint left it.

import type { TrainingCheckpointState } from '../components/types.js';
import type { QLearner } from './q-learner.js';
import { Xoshiro128 } from './random.js';
import { priorityOf, type ReplayBuffer } from './replay.js';

export interface TrainingProgress {
  runId: number;
  batchesDone: number;
  batchesTotal: number;
  /** Mean |TD error| of the batches just run (0 when none ran). */
  meanTdError: number;
  done: boolean;
}

export class ReplayTrainer {
  runId = 0;
  batchesDone = 0;
  batchesTotal = 0;
  #rng: Xoshiro128;

  constructor(seed: number) {
    this.#rng = Xoshiro128.fromSeed(seed, 4);
  }

  get active(): boolean {
    return this.batchesDone < this.batchesTotal;
  }

  begin(batchesTotal: number): void {
    if (!Number.isInteger(batchesTotal) || batchesTotal < 1) throw new RangeError(`a training run needs a positive batch count, got ${batchesTotal}`);
    this.runId++;
    this.batchesDone = 0;
    this.batchesTotal = batchesTotal;
  }

  /** Runs up to `batches` batches of the current run. */
  train(learner: QLearner, replay: ReplayBuffer, batches: number): TrainingProgress {
    const count = replay.size === 0 ? 0 : Math.min(batches, this.batchesTotal - this.batchesDone);
    let tdSum = 0;
    for (let i = 0; i < count; i++) {
      const { slot, weight } = replay.sample(this.#rng);
      const { experiences } = replay;
      const [low, high] = replay.stateWords(slot);
      const reward = experiences.reward.total[slot] as number;
      let target = reward;
      if (experiences.isTerminal[slot] === 0) {
        const [nextLow, nextHigh] = replay.nextStateWords(slot);
        target += learner.parameters.gamma * learner.maxValueWords(nextLow, nextHigh);
      }
      const { tdError } = learner.learnOneStep(low, high, experiences.action[slot] as number, target, weight);
      replay.setPriority(slot, priorityOf(tdError));
      tdSum += Math.abs(tdError);
    }
    this.batchesDone += count;
    return {
      runId: this.runId,
      batchesDone: this.batchesDone,
      batchesTotal: this.batchesTotal,
      meanTdError: count === 0 ? 0 : tdSum / count,
      done: !this.active,
    };
  }

  /** The run's progress and generator; the caller adds the learner's and buffer's state. */
  progress(): Pick<TrainingCheckpointState, 'runId' | 'batchesDone' | 'batchesTotal' | 'rngState'> {
    return { runId: this.runId, batchesDone: this.batchesDone, batchesTotal: this.batchesTotal, rngState: this.#rng.state.slice() };
  }

  load(state: TrainingCheckpointState): void {
    if (state.batchesDone > state.batchesTotal) {
      throw new RangeError(`training checkpoint claims ${state.batchesDone} of ${state.batchesTotal} batches done`);
    }
    this.#rng = new Xoshiro128(state.rngState);
    this.runId = state.runId;
    this.batchesDone = state.batchesDone;
    this.batchesTotal = state.batchesTotal;
  }
}
