// A real state directory in a temp dir with a fresh keyring, and helpers to save generations.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActivePositionState, AnyComponentCodec, SaveResult } from '@quantum/persistence-core';
import { Keyring, StateDirectory, activePositionCodec, componentCodecs, saveAll } from '@quantum/persistence-core';

export interface TestState {
  root: string;
  directory: string;
  keyring: Keyring;
  store: StateDirectory;
  /** Saves ActivePosition with a distinct ticket; returns its seq. */
  savePosition(ticket: number): Promise<number>;
  /** The same, returning the whole SaveResult (its `outbox` link). */
  savePositionResult(ticket: number): Promise<SaveResult>;
  /** A complete SaveAll cut of every component's fresh state (ActivePosition with `ticket`). */
  saveCut(ticket: number): Promise<number>;
  cleanup(): Promise<void>;
}

export function positionState(ticket: number): ActivePositionState {
  return { ...activePositionCodec.fresh(), ticket, entryPrice: 1.1, barsHeld: ticket % 50 };
}

/** `outboxLimit`: the store's bound on replication outbox entries (persistence-core default 10,000). */
export async function makeState(keyring = Keyring.generate(), options: { outboxLimit?: number } = {}): Promise<TestState> {
  const root = await mkdtemp(join(tmpdir(), 'repl-state-'));
  const directory = join(root, 'state');
  const store = await StateDirectory.open({ directory, keyring, reserveBytes: 0, ...options });
  return {
    root,
    directory,
    keyring,
    store,
    savePosition: async (ticket) => (await store.save(activePositionCodec, positionState(ticket))).seq,
    savePositionResult: (ticket) => store.save(activePositionCodec, positionState(ticket)),
    saveCut: async (ticket) => {
      const components = componentCodecs.map((codec: AnyComponentCodec) => ({ codec, state: codec === activePositionCodec ? positionState(ticket) : codec.fresh() }));
      const report = await saveAll(components, { store, reason: 'test' });
      if (!report.complete) throw new Error(`SaveAll did not complete: ${report.manifestError ?? ''}`);
      return report.cutId;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
