// The agent runner's save pipeline against a real state directory: latest-wins while busy,
// a foreground save after the pending background one, and yielding to another writer.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SavePipeline } from '../../src/agent-runner/save-pipeline.js';
import type { SaveAck } from '../../src/agent-runner/save-pipeline.js';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import type { EntryAgentState } from '../../src/components/types.js';
import { isConflictError } from '../../src/errors.js';
import type { DemoComponent } from '../../src/demo/states.js';
import { SaveJournal } from '../../src/runtime/journal.js';
import { PositionFile } from '../../src/runtime/position-file.js';
import { StateDirectory } from '../../src/store/state-directory.js';
import type { TempStateDir } from '../store/temp-state-dir.js';
import { entryState, tempStateDir } from '../store/temp-state-dir.js';

describe('agent runner save pipeline', () => {
  let temp: TempStateDir;
  let live: EntryAgentState;
  let acks: SaveAck[];
  let reloads: DemoComponent[];
  let seqs: Map<DemoComponent, number>;
  let pipeline: SavePipeline;
  let journal: SaveJournal;

  beforeEach(async () => {
    temp = await tempStateDir();
    live = entryState(1);
    acks = [];
    reloads = [];
    seqs = new Map();
    journal = new SaveJournal({ directory: temp.directory });
    pipeline = new SavePipeline({
      store: temp.store,
      positionFile: new PositionFile({ directory: temp.directory, keyring: temp.keyring }),
      journal,
      seqs,
      snapshot: () => live,
      reload: async (component) => {
        reloads.push(component);
        const loaded = await temp.store.load(entryAgentCodec);
        live = loaded.state;
        return loaded.header?.seq;
      },
      onAck: (ack) => acks.push(ack),
      onError: (_component, error) => {
        throw error;
      },
    });
  });
  afterEach(async () => {
    await pipeline.close();
    await journal.close();
    await temp.cleanup();
  });

  it('captures at request time, and while a save is pending one save of the newest state follows it', async () => {
    pipeline.request('entryAgent');
    live.totalUpdates = 2; // the live state moves on: the first save keeps what it captured
    for (const marker of [3, 4]) {
      live = entryState(marker);
      pipeline.request('entryAgent');
    }
    await pipeline.flush();
    expect(acks.map((ack) => ack.seq)).toEqual([1, 2]);
    expect((await temp.store.read(entryAgentCodec, 'bak')).state.totalUpdates).toBe(1);
    expect((await temp.store.read(entryAgentCodec, 'current')).state.totalUpdates).toBe(4);
  });

  it('a foreground save waits for the pending background save and lands after it', async () => {
    pipeline.request('entryAgent');
    const result = await pipeline.saveNow('entryAgent', entryState(7));
    expect(result.seq).toBe(2);
    expect((await temp.store.read(entryAgentCodec, 'current')).state.totalUpdates).toBe(7);
  });

  it('yields to another writer: reloads instead of overwriting, then saves on top of what it reloaded', async () => {
    await pipeline.saveNow('entryAgent', entryState(1));
    const other = await StateDirectory.open({ directory: temp.directory, keyring: temp.keyring, reserveBytes: 0 });
    await other.save(entryAgentCodec, entryState(50)); // e.g. a console restore, seq 2

    live = entryState(2);
    await expect(pipeline.saveNow('entryAgent', live)).rejects.toSatisfy(isConflictError);
    expect(reloads).toEqual(['entryAgent']);
    expect(seqs.get('entryAgent')).toBe(2);
    expect((await temp.store.read(entryAgentCodec, 'current')).state.totalUpdates).toBe(50);

    // The background path yields the same way, and drops the state it had captured.
    await other.save(entryAgentCodec, entryState(60)); // seq 3
    live = entryState(3);
    pipeline.request('entryAgent');
    await pipeline.flush();
    expect(reloads).toEqual(['entryAgent', 'entryAgent']);
    expect((await temp.store.read(entryAgentCodec, 'current')).state.totalUpdates).toBe(60);

    live.totalUpdates = 61; // learning continued from the reloaded state
    pipeline.request('entryAgent');
    await pipeline.flush();
    const current = await temp.store.read(entryAgentCodec, 'current');
    expect([current.header.seq, current.state.totalUpdates]).toEqual([4, 61]);
  });

  it('a state captured before a reload (a SaveAll cut) is refused, not written over what was reloaded', async () => {
    await pipeline.saveNow('entryAgent', entryState(1));
    const cut = { mark: pipeline.mark('entryAgent'), state: entryState(2) };
    const other = await StateDirectory.open({ directory: temp.directory, keyring: temp.keyring, reserveBytes: 0 });
    await other.save(entryAgentCodec, entryState(50)); // a console restore, seq 2
    live = entryState(3);
    pipeline.request('entryAgent'); // a background save meets it first and reloads
    await pipeline.flush();
    expect(reloads).toEqual(['entryAgent']);
    expect(seqs.get('entryAgent')).toBe(2);

    await expect(pipeline.saveNow('entryAgent', cut.state, { owned: true, capturedAt: cut.mark })).rejects.toSatisfy(isConflictError);
    expect(reloads).toEqual(['entryAgent']);
    const current = await temp.store.read(entryAgentCodec, 'current');
    expect([current.header.seq, current.state.totalUpdates]).toEqual([2, 50]);
  });
});
