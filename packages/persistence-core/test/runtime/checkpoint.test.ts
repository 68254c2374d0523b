import { describe, expect, it } from 'vitest';
import { replayBufferCodec } from '../../src/components/replay-buffer.js';
import { trainingCheckpointCodec } from '../../src/components/training-checkpoint.js';
import type { TrainingCheckpointState } from '../../src/components/types.js';
import { DemoAgent } from '../../src/demo/agent.js';
import { Keyring } from '../../src/signing/keyring.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import { captureState } from '../../src/runtime/capture.js';
import type { CheckpointedTraining } from '../../src/runtime/checkpoint.js';
import { interruptedRun, trainWithCheckpoints } from '../../src/runtime/checkpoint.js';
import { SaveJournal } from '../../src/runtime/journal.js';
import { readJournal } from '../../src/runtime/journal-reader.js';
import { saveAndJournal } from '../../src/runtime/journaled-save.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();
const keyring = Keyring.generate();
const OPTIONS = { seed: 31, qEntries: 2_000, replayCapacity: 96 };
const BATCHES = 350;

function tickedAgent(): DemoAgent {
  const agent = new DemoAgent(OPTIONS);
  for (let i = 0; i < 1_500; i++) agent.tick();
  return agent;
}

function training(agent: DemoAgent, crashAfter = Number.POSITIVE_INFINITY): CheckpointedTraining<TrainingCheckpointState> {
  return {
    beginTrainingRun: (batches) => agent.beginTrainingRun(batches),
    checkpoint: () => agent.snapshot('trainingCheckpoint'),
    trainFromReplay: (batches) => {
      const done = agent.snapshot('trainingCheckpoint').batchesDone;
      if (done + batches <= crashAfter) return agent.trainFromReplay(batches);
      agent.trainFromReplay(crashAfter - done);
      throw new Error(`power cut after batch ${crashAfter}`);
    },
  };
}

describe('training checkpoints', () => {
  it('checkpoints every 100 batches and at the end', async () => {
    const saved: number[] = [];
    const outcome = await trainWithCheckpoints(training(tickedAgent()), { batches: BATCHES, save: async (c) => void saved.push(c.batchesDone) });
    expect(saved).toEqual([100, 200, 300, 350]);
    expect(outcome).toMatchObject({ batchesDone: 350, checkpoints: 4, done: true });
  });

  it('after a crash resumes from the last checkpoint, exactly, losing fewer than N batches', async () => {
    const directory = await tempDir();
    const store = await StateDirectory.open({ directory, keyring, reserveBytes: 0 });
    const journal = new SaveJournal({ directory });
    const agent = tickedAgent();
    const checkpointed: TrainingCheckpointState[] = [];
    // The checkpoint and the replay priorities it trained with are saved together.
    const save = async (checkpoint: TrainingCheckpointState) => {
      checkpointed.push(captureState(checkpoint));
      await saveAndJournal(store, journal, replayBufferCodec, agent.snapshot('replayBuffer'), { kind: 'checkpoint' });
      await saveAndJournal(store, journal, trainingCheckpointCodec, checkpoint, { kind: 'checkpoint' });
    };
    await expect(trainWithCheckpoints(training(agent, 250), { batches: BATCHES, save })).rejects.toThrow(/power cut/);
    await journal.close();

    const restarted = await StateDirectory.open({ directory, keyring, reserveBytes: 0 });
    const checkpoint = await interruptedRun(restarted);
    expect(checkpoint?.batchesDone).toBe(200);
    expect(250 - checkpoint!.batchesDone).toBeLessThan(100);
    expect(checkpoint).toEqual(checkpointed.at(-1));

    const resumed = new DemoAgent(OPTIONS);
    resumed.restore({ trainingCheckpoint: checkpoint!, replayBuffer: (await restarted.load(replayBufferCodec)).state });
    expect(resumed.snapshot('trainingCheckpoint')).toEqual(checkpoint);
    const outcome = await trainWithCheckpoints(training(resumed), { batches: BATCHES, resume: true, save: async () => undefined });
    expect(outcome).toMatchObject({ batchesDone: BATCHES, done: true });

    const uninterrupted = tickedAgent();
    await trainWithCheckpoints(training(uninterrupted), { batches: BATCHES, save: async () => undefined });
    expect(resumed.snapshot('trainingCheckpoint')).toEqual(uninterrupted.snapshot('trainingCheckpoint'));
    expect(await interruptedRun(await StateDirectory.open({ directory, keyring }))).toBeDefined();
    const kinds = (await readJournal(directory)).entries.map((e) => `${e.entry.kind}:${e.entry.component}`);
    expect(kinds).toEqual(['checkpoint:ReplayBuffer', 'checkpoint:TrainingCheckpoint', 'checkpoint:ReplayBuffer', 'checkpoint:TrainingCheckpoint']);
  });
});
