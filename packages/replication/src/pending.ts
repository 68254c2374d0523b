// What is still to upload for one component: its slot generations and outbox entries above the
// cursor, merged by seq (a generation in both is one upload under one name).

import type { ComponentCursor } from './cursor.js';
import type { LocalGeneration } from './local-generations.js';
import type { OutboxEntry } from './outbox.js';

export interface PendingGeneration<E extends OutboxEntry = OutboxEntry> {
  seq: number;
  slot?: LocalGeneration;
  outbox?: E;
}

export function pendingGenerations<E extends OutboxEntry>(slots: readonly LocalGeneration[], outbox: readonly E[], cursor: Pick<ComponentCursor, 'uploadedSeq'> | undefined): PendingGeneration<E>[] {
  const uploadedSeq = cursor?.uploadedSeq ?? 0;
  const bySeq = new Map<number, PendingGeneration<E>>();
  for (const slot of slots) if (slot.seq > uploadedSeq) bySeq.set(slot.seq, { seq: slot.seq, slot });
  for (const entry of outbox) {
    if (entry.seq <= uploadedSeq) continue;
    const known = bySeq.get(entry.seq);
    if (known === undefined) bySeq.set(entry.seq, { seq: entry.seq, outbox: entry });
    else known.outbox = entry;
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * Outbox entries at or below the cursor: uploaded already (the process stopped between the cursor
 * write and the unlink) or linked after a slot scan had uploaded the same generation. Bad entries
 * never stay here: they are moved to `.outbox-held/` when found.
 */
export function settledEntries<E extends OutboxEntry>(outbox: readonly E[], cursor: Pick<ComponentCursor, 'uploadedSeq'> | undefined): E[] {
  return outbox.filter((entry) => entry.seq <= (cursor?.uploadedSeq ?? 0));
}
