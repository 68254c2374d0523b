// A StateDirectory save that leaves one line in the save journal, whatever its outcome.

import type { ComponentCodec } from '../components/codec.js';
import { HeaderFlag } from '../format/header.js';
import type { StateDirectory } from '../store/state-directory.js';
import type { SaveResult } from '../store/reports.js';
import type { JournalKind, SaveJournal } from './journal.js';

export interface JournaledSaveOptions {
  kind?: JournalKind;
  flags?: number;
  detail?: Record<string, string | number | boolean>;
}

export async function saveAndJournal<S>(store: StateDirectory, journal: SaveJournal | undefined, codec: ComponentCodec<S>, state: S, options: JournaledSaveOptions = {}): Promise<SaveResult> {
  const started = performance.now();
  const kind = options.kind ?? 'save';
  try {
    const result = await store.save(codec, state, options.flags === undefined ? {} : { flags: options.flags });
    const outcome = (result.flags & HeaderFlag.SUSPECT) !== 0 ? 'suspect' : 'ok';
    void journal?.append({ kind, component: codec.name, seq: result.seq, bytes: result.bytes, outcome, durationMs: result.durationMs, phases: result.phases, ...(options.detail ? { detail: options.detail } : {}) });
    return result;
  } catch (error) {
    void journal?.append({ kind, component: codec.name, outcome: 'failed', durationMs: performance.now() - started, error: error instanceof Error ? error.message : String(error), ...(options.detail ? { detail: options.detail } : {}) });
    throw error;
  }
}

/** The save function of an AsyncSaveQueue writing through `store` (main thread). */
export function journaledSaver(store: StateDirectory, journal?: SaveJournal): (codec: ComponentCodec<unknown>, state: unknown) => Promise<SaveResult> {
  return (codec, state) => saveAndJournal(store, journal, codec, state);
}
