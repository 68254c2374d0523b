// What the user was told, per component: which saves were acknowledged (resolved) and which
// were in flight. A crash may leave any in-flight save or the last acknowledged one, nothing older.

import type { ComponentCodec } from '../../../src/components/codec.js';
import type { SaveResult } from '../../../src/store/reports.js';
import type { StateDirectory } from '../../../src/store/state-directory.js';

export interface AckedSave {
  seq: number;
  state: unknown;
}

export interface ComponentJournal {
  acked: AckedSave[];
  inFlight: unknown[];
  /** Seqs whose files the test itself corrupted: no longer owed to the user. */
  forgotten: Set<number>;
}

/** What the journal keys on: a component, or another durable thing with a name (a position file, a delta log). */
export interface Named {
  name: string;
}

export type JournalSnapshot = ReadonlyMap<string, ComponentJournal>;

export class SaveJournal {
  readonly #components = new Map<string, ComponentJournal>();
  readonly #ackListeners: ((what: string) => void)[] = [];
  /** Files the user had that no operation may delete, even unusable ones (they go to quarantine). */
  readonly keptFiles: { label: string; bytes: Uint8Array }[] = [];

  /** Called after each acknowledgement: the moment the user starts relying on the save. */
  onAck(listener: (what: string) => void): void {
    this.#ackListeners.push(listener);
  }

  #of(name: string): ComponentJournal {
    let journal = this.#components.get(name);
    if (journal === undefined) {
      journal = { acked: [], inFlight: [], forgotten: new Set() };
      this.#components.set(name, journal);
    }
    return journal;
  }

  /** Saves through `store`, recording the state as in flight until the save resolves. */
  async save<S>(store: StateDirectory, codec: ComponentCodec<S>, state: S): Promise<SaveResult> {
    return this.track(codec, state, () => store.save(codec, state));
  }

  async track<S, R extends { seq: number }>(codec: Named, state: S, action: () => Promise<R>): Promise<R> {
    const journal = this.#of(codec.name);
    journal.inFlight.push(state);
    try {
      const result = await action();
      journal.acked.push({ seq: result.seq, state });
      journal.inFlight.splice(journal.inFlight.indexOf(state), 1);
      for (const listener of this.#ackListeners) listener(`(${codec.name} seq ${result.seq} acknowledged)`);
      return result;
    } catch (error) {
      journal.inFlight.splice(journal.inFlight.indexOf(state), 1);
      throw error;
    }
  }

  /** A save the test makes die part-way (it never resolves): in flight for good. */
  died(codec: Named, state: unknown): void {
    this.#of(codec.name).inFlight.push(state);
  }

  keep(label: string, bytes: Uint8Array): void {
    this.keptFiles.push({ label, bytes: bytes.slice() });
  }

  forget(codec: Named, seq: number): void {
    this.#of(codec.name).forgotten.add(seq);
  }

  known(codec: Named): void {
    this.#of(codec.name);
  }

  snapshot(): JournalSnapshot {
    const copy = new Map<string, ComponentJournal>();
    for (const [name, journal] of this.#components) {
      copy.set(name, { acked: [...journal.acked], inFlight: [...journal.inFlight], forgotten: new Set(journal.forgotten) });
    }
    return copy;
  }
}

/** The newest acknowledged save whose file the test did not corrupt. */
export function lastOwed(journal: ComponentJournal): AckedSave | undefined {
  return journal.acked.filter((save) => !journal.forgotten.has(save.seq)).at(-1);
}

/**
 * Seqs that must still be in a valid generation: the last four acknowledged (the chain),
 * less the oldest when a save is in flight (its rotation may push it out), less forgotten ones.
 */
export function owedGenerations(journal: ComponentJournal): number[] {
  const chain = journal.acked.slice(-4).map((save) => save.seq);
  const kept = journal.inFlight.length > 0 && chain.length === 4 ? chain.slice(1) : chain;
  return kept.filter((seq) => !journal.forgotten.has(seq));
}
