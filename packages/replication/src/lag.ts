// How far the bucket is behind the state directory, from the local headers and the cursor.

import type { CursorState } from './cursor.js';
import type { LocalGeneration } from './local-generations.js';

export interface ComponentLag {
  component: string;
  /** Newest seq on disk (any generation), or 0 when the component has no file. */
  localSeq: number;
  uploadedSeq: number;
  /** Generations on disk not yet in the bucket. */
  generationsBehind: number;
  /** Saves since the last upload (seq distance), including ones already rotated away. */
  seqsBehind: number;
  bytesPending: number;
  /** savedAt of the oldest generation not yet uploaded. */
  oldestPendingSavedAt?: number;
}

export interface ReplicationLag {
  at: number;
  /** Age of the oldest local generation not yet in the bucket; 0 when caught up. */
  seconds: number;
  generations: number;
  bytesPending: number;
  components: ComponentLag[];
}

export function computeLag(local: ReadonlyMap<string, readonly LocalGeneration[]>, cursor: CursorState, now: number): ReplicationLag {
  const components: ComponentLag[] = [];
  for (const [component, generations] of local) {
    const uploadedSeq = cursor.components[component]?.uploadedSeq ?? 0;
    const pending = generations.filter((generation) => generation.seq > uploadedSeq);
    const localSeq = generations.reduce((max, generation) => Math.max(max, generation.seq), 0);
    const lag: ComponentLag = {
      component,
      localSeq,
      uploadedSeq,
      generationsBehind: pending.length,
      seqsBehind: uploadedSeq === 0 ? pending.length : Math.max(0, localSeq - uploadedSeq),
      bytesPending: pending.reduce((sum, generation) => sum + generation.sizeBytes, 0),
    };
    const oldest = pending[0];
    if (oldest !== undefined) lag.oldestPendingSavedAt = oldest.savedAt;
    components.push(lag);
  }
  const oldestPending = Math.min(...components.map((lag) => lag.oldestPendingSavedAt ?? Number.POSITIVE_INFINITY));
  return {
    at: now,
    seconds: Number.isFinite(oldestPending) ? Math.max(0, (now - oldestPending) / 1000) : 0,
    generations: components.reduce((sum, lag) => sum + lag.generationsBehind, 0),
    bytesPending: components.reduce((sum, lag) => sum + lag.bytesPending, 0),
    components,
  };
}
