// An EntryAgent an operator restored while the agent was stopped survives the next start: the
// training checkpoint's newer copy of the entry agent no longer wins over it.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAll } from '../../src/agent-runner/startup.js';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { trainingCheckpointCodec } from '../../src/components/training-checkpoint.js';
import { DemoAgent } from '../../src/demo/agent.js';
import { resumeDemoAgent } from '../../src/demo/resume.js';
import { HeaderFlag } from '../../src/format/header.js';
import { PositionFile } from '../../src/runtime/position-file.js';
import type { TempStateDir } from '../store/temp-state-dir.js';
import { tempStateDir } from '../store/temp-state-dir.js';

const OPTIONS = { seed: 7, qEntries: 500, replayCapacity: 256 };

describe('agent start-up after a restore', () => {
  let temp: TempStateDir;
  let agent: DemoAgent;
  beforeEach(async () => {
    temp = await tempStateDir();
    agent = new DemoAgent(OPTIONS);
  });
  afterEach(() => temp.cleanup());

  const train = (ticks: number) => {
    for (let i = 0; i < ticks; i++) agent.tick();
  };
  const saveEntry = () => temp.store.save(entryAgentCodec, agent.snapshotAll().entryAgent);
  const saveCheckpoint = () => temp.store.save(trainingCheckpointCodec, agent.snapshotAll().trainingCheckpoint);
  const resumedUpdates = async () => {
    const loaded = await loadAll(temp.store, new PositionFile({ directory: temp.directory, keyring: temp.keyring }));
    return resumeDemoAgent(OPTIONS, loaded.states).agent.snapshotAll().entryAgent.totalUpdates;
  };

  it('keeps a restored EntryAgent over an older checkpoint, and a checkpoint written after the restore over it', async () => {
    train(400);
    await saveEntry();
    const older = agent.snapshotAll().entryAgent.totalUpdates;
    train(400);
    await saveEntry();
    await saveCheckpoint();
    const newer = agent.snapshotAll().trainingCheckpoint.entry.totalUpdates;
    expect(newer).toBeGreaterThan(older);
    // Before any restore the checkpoint's copy is what the agent resumes from.
    expect(await resumedUpdates()).toBe(newer);

    const restored = await temp.store.restore(entryAgentCodec, 'bak');
    expect(restored.flags & HeaderFlag.RESTORED).toBe(HeaderFlag.RESTORED);
    expect(await resumedUpdates()).toBe(older);

    // Training that resumed from the restore and checkpointed again is newer than the restore.
    const resumed = await loadAll(temp.store, new PositionFile({ directory: temp.directory, keyring: temp.keyring }));
    agent = resumeDemoAgent(OPTIONS, resumed.states).agent;
    train(400);
    await saveCheckpoint();
    const trainedAfter = agent.snapshotAll().trainingCheckpoint.entry.totalUpdates;
    expect(trainedAfter).toBeGreaterThan(older);
    expect(await resumedUpdates()).toBe(trainedAfter);
  });
});
