// The save function of the agent's AsyncSaveQueue: ActivePosition goes to the two-slot
// position file (a null state clears it, so a clear queued after a tick's save coalesces
// with it, latest wins), every other component to a full generation, on a worker thread when
// one is given, and each save leaves its journal line.

import type { ComponentCodec } from '../components/codec.js';
import type { ActivePositionState } from '../components/types.js';
import type { SaveResult } from '../store/reports.js';
import type { StateDirectory } from '../store/state-directory.js';
import type { SaveJournal } from './journal.js';
import { journalFailed, journalSaved, saveAndJournal } from './journaled-save.js';
import type { PositionFile, PositionWrite } from './position-file.js';
import { SharedCapture } from './shared-state.js';
import type { WorkerSaver } from './worker-saver.js';

export type ComponentSave = { kind: 'generation'; result: SaveResult } | { kind: 'position'; result: PositionWrite } | { kind: 'position-cleared' };

export interface ComponentSaverOptions {
  store: StateDirectory;
  positions: PositionFile;
  journal?: SaveJournal;
  /** Full generations are encoded and written off the event loop. */
  worker?: WorkerSaver;
}

export function componentSaver(options: ComponentSaverOptions): (codec: ComponentCodec<unknown>, state: unknown) => Promise<ComponentSave> {
  const { store, positions, journal, worker } = options;
  return async (codec, state) => {
    if (codec.name === 'ActivePosition') {
      if (state === null) {
        await positions.clear();
        return { kind: 'position-cleared' };
      }
      return { kind: 'position', result: await positions.save(state as ActivePositionState) };
    }
    // A copy-on-write capture (queue option copiesShared) is copied by the worker, or here without one.
    if (worker === undefined) return { kind: 'generation', result: await saveAndJournal(store, journal, codec, state instanceof SharedCapture ? state.complete() : state) };
    const started = performance.now();
    try {
      const result = await worker.save(codec, state);
      journalSaved(journal, codec.name, result);
      return { kind: 'generation', result };
    } catch (error) {
      journalFailed(journal, codec.name, started, error);
      throw error;
    }
  };
}
