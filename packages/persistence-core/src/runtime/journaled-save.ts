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
    journalSaved(journal, codec.name, result, options);
    return result;
  } catch (error) {
    journalFailed(journal, codec.name, started, error, options);
    throw error;
  }
}

export function journalSaved(journal: SaveJournal | undefined, component: string, result: SaveResult, options: JournaledSaveOptions = {}): void {
  const outcome = (result.flags & HeaderFlag.SUSPECT) !== 0 ? 'suspect' : 'ok';
  void journal?.append({ kind: options.kind ?? 'save', component, seq: result.seq, bytes: result.bytes, outcome, durationMs: result.durationMs, phases: result.phases, ...(options.detail ? { detail: options.detail } : {}) });
}

export function journalFailed(journal: SaveJournal | undefined, component: string, started: number, error: unknown, options: JournaledSaveOptions = {}): void {
  const message = error instanceof Error ? error.message : String(error);
  void journal?.append({ kind: options.kind ?? 'save', component, outcome: 'failed', durationMs: performance.now() - started, error: message, ...(options.detail ? { detail: options.detail } : {}) });
}

/** The save function of an AsyncSaveQueue writing through `store` (main thread). */
export function journaledSaver(store: StateDirectory, journal?: SaveJournal): (codec: ComponentCodec<unknown>, state: unknown) => Promise<SaveResult> {
  return (codec, state) => saveAndJournal(store, journal, codec, state);
}
