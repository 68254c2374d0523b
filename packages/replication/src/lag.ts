// How far the bucket is behind the state directory, from the local headers (slots and outbox)
// and the cursor.

import type { CursorState } from './cursor.js';
import type { FileSystem } from '@quantum/persistence-core';
import type { LocalGeneration, ReplicatedComponent } from './local-generations.js';
import { listLocalGenerations } from './local-generations.js';
import type { OutboxGeneration } from './outbox.js';
import { listOutboxGenerations } from './outbox.js';
import { pendingGenerations } from './pending.js';

export interface ComponentLag {
  component: string;
  /** Newest seq on disk (any generation or outbox entry), or 0 when the component has no file. */
  localSeq: number;
  uploadedSeq: number;
  /** Generations on disk (slots and outbox) not yet in the bucket. */
  generationsBehind: number;
  /** Saves since the last upload (seq distance), including ones already rotated away. */
  seqsBehind: number;
  bytesPending: number;
  /** Age of this component's oldest generation not yet uploaded; 0 when caught up. */
  seconds: number;
  /** Entries in the outbox (pending, or uploaded and not yet unlinked). */
  outboxEntries: number;
  /** savedAt of the oldest generation not yet uploaded. */
  oldestPendingSavedAt?: number;
}

export interface ReplicationLag {
  at: number;
  /** Age of the oldest local generation not yet in the bucket; 0 when caught up. */
  seconds: number;
  generations: number;
  bytesPending: number;
  /** Entries in the outbox, all components; 0 when it is off. */
  outboxEntries: number;
  components: ComponentLag[];
}

/** `outbox`: entries per component (with size and write time), from listOutboxGenerations; absent = no outbox. */
export function computeLag(local: ReadonlyMap<string, readonly LocalGeneration[]>, cursor: CursorState, now: number, outbox: ReadonlyMap<string, readonly OutboxGeneration[]> = new Map()): ReplicationLag {
  const components: ComponentLag[] = [];
  for (const [component, generations] of local) {
    const state = cursor.components[component];
    const uploadedSeq = state?.uploadedSeq ?? 0;
    const entries = outbox.get(component) ?? [];
    const pending = pendingGenerations(generations, entries, state).map((item) => item.slot ?? item.outbox!);
    const localSeq = Math.max(0, ...generations.map((generation) => generation.seq), ...entries.map((entry) => entry.seq));
    const oldest = pending[0];
    const lag: ComponentLag = {
      component,
      localSeq,
      uploadedSeq,
      generationsBehind: pending.length,
      seqsBehind: uploadedSeq === 0 ? pending.length : Math.max(0, localSeq - uploadedSeq),
      bytesPending: pending.reduce((sum, generation) => sum + generation.sizeBytes, 0),
      seconds: oldest === undefined ? 0 : Math.max(0, (now - oldest.savedAt) / 1000),
      outboxEntries: entries.length,
    };
    if (oldest !== undefined) lag.oldestPendingSavedAt = oldest.savedAt;
    components.push(lag);
  }
  return {
    at: now,
    seconds: Math.max(0, ...components.map((lag) => lag.seconds)),
    generations: components.reduce((sum, lag) => sum + lag.generationsBehind, 0),
    bytesPending: components.reduce((sum, lag) => sum + lag.bytesPending, 0),
    outboxEntries: components.reduce((sum, lag) => sum + lag.outboxEntries, 0),
    components,
  };
}

/** Reads the slot headers and the outbox of every component and computes the lag against `cursor`. */
export async function measureLag(fs: FileSystem, directory: string, components: readonly ReplicatedComponent[], cursor: CursorState, now: number): Promise<ReplicationLag> {
  const local = new Map<string, LocalGeneration[]>();
  for (const component of components) local.set(component.name, await listLocalGenerations(fs, directory, component));
  return computeLag(local, cursor, now, await listOutboxGenerations(fs, directory, components));
}
