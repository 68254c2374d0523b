// Capturing a state at enqueue: a deep copy in which each typed array is one memcpy (slice),
// several times faster than structuredClone, which serializes and deserializes every byte;
// with a CapturePool, into recycled memory of a previous capture.

import type { CapturePool } from './capture-pool.js';
// A cycle (shared-state.ts captures its small parts here), used only inside calls.
import { SharedState } from './shared-state.js';

/**
 * Deep copy of a component state: typed arrays, arrays and plain objects are copied; a
 * SharedState is copied whole, now (its copy-on-write capture goes through the queue);
 * strings, numbers, booleans and bigints are immutable and shared; anything else
 * (Map, Date, class instances) goes through structuredClone.
 */
export function captureState<S>(state: S, pool?: CapturePool, substitute?: Substitute): S {
  return copy(state, pool, substitute) as S;
}

/** Puts its own array (e.g. a copy-on-write target, shared-state.ts) in place of a copy of `view`. */
export type Substitute = (view: ArrayBufferView) => ArrayBufferView | undefined;

function copy(value: unknown, pool: CapturePool | undefined, substitute: Substitute | undefined): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof SharedState) return value.captureNow();
  if (ArrayBuffer.isView(value)) {
    const substituted = substitute?.(value);
    if (substituted !== undefined) return substituted;
    if (value instanceof DataView) return new DataView(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
    const column = value as Uint8Array;
    const recycled = pool?.take(column);
    if (recycled === undefined) return column.slice();
    recycled.set(column);
    return recycled;
  }
  if (Array.isArray(value)) return value.map((item) => copy(item, pool, substitute));
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const copied: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copied[key] = copy(item, pool, substitute);
  return copied;
}

/** Bytes a captured copy of `value` holds: typed arrays exactly, the rest roughly. */
export function estimateBytes(value: unknown): number {
  if (value instanceof SharedState) return value.capturedBytes;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (typeof value === 'string') return 2 * value.length;
  if (typeof value !== 'object' || value === null) return 8;
  let total = 0;
  for (const item of Array.isArray(value) ? value : Object.values(value)) total += estimateBytes(item);
  return total + 16;
}
