// Training from replay with checkpoints (spec 5.2, 6.4): a checkpoint every N batches (100 by
// default) and one at the end, so a crash loses at most N batches and training resumes from
// the last checkpoint. Each chunk of training stops exactly on a multiple of N, and the next
// chunk starts only once the checkpoint's save has resolved: a checkpoint saved with a
// durable save (StateDirectory.save) is on disk before any batch after it runs.

import { trainingCheckpointCodec } from '../components/training-checkpoint.js';
import type { TrainingCheckpointState } from '../components/types.js';
import type { StateDirectory } from '../store/state-directory.js';
import type { SaveJournal } from './journal.js';
import { saveAndJournal } from './journaled-save.js';

/** What trainWithCheckpoints needs of an agent (the DemoAgent has all three). */
export interface CheckpointedTraining<C extends { batchesDone: number; batchesTotal: number }> {
  beginTrainingRun(batchesTotal: number): void;
  trainFromReplay(batches: number): { batchesDone: number; batchesTotal: number; done: boolean };
  /** The state to checkpoint; may be a view of live memory, the save must finish with it first. */
  checkpoint(): C;
}

export interface TrainOptions<C> {
  batches: number;
  /** Checkpoint interval in batches; default 100. */
  every?: number;
  save: (checkpoint: C) => Promise<unknown>;
  /** Continue the run restored from a checkpoint instead of beginning a new one. */
  resume?: boolean;
}

export interface TrainingOutcome {
  batchesDone: number;
  batchesTotal: number;
  checkpoints: number;
  done: boolean;
}

export async function trainWithCheckpoints<C extends { batchesDone: number; batchesTotal: number }>(
  agent: CheckpointedTraining<C>,
  options: TrainOptions<C>,
): Promise<TrainingOutcome> {
  const every = options.every ?? 100;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`checkpoint interval must be a positive integer, got ${every}`);
  if (options.resume !== true) agent.beginTrainingRun(options.batches);
  let checkpoints = 0;
  let done = agent.checkpoint().batchesDone;
  for (;;) {
    const progress = agent.trainFromReplay(every - (done % every));
    const ran = progress.batchesDone - done;
    done = progress.batchesDone;
    if (ran > 0 || progress.done) {
      await options.save(agent.checkpoint());
      checkpoints++;
    }
    // No batches ran and the run is not over: nothing to sample from; stop rather than spin.
    if (progress.done || ran === 0) return { batchesDone: done, batchesTotal: progress.batchesTotal, checkpoints, done: progress.done };
  }
}

/** A durable, journaled checkpoint save through `store`. */
export function checkpointSaver(store: StateDirectory, journal?: SaveJournal): (checkpoint: TrainingCheckpointState) => Promise<unknown> {
  return (checkpoint) => saveAndJournal(store, journal, trainingCheckpointCodec, checkpoint, { kind: 'checkpoint', detail: { batchesDone: checkpoint.batchesDone, batchesTotal: checkpoint.batchesTotal } });
}

/** The checkpoint of a run that was interrupted (batches left to do), if the store holds one. */
export async function interruptedRun(store: StateDirectory): Promise<TrainingCheckpointState | undefined> {
  const loaded = await store.load(trainingCheckpointCodec);
  if (loaded.header === undefined) return undefined;
  return loaded.state.batchesDone < loaded.state.batchesTotal ? loaded.state : undefined;
}
