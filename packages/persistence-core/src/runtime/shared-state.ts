// Copy-on-write capture of a large live state, with no bulk copy on the agent's thread.
// The agent keeps its big columns in SharedArrayBuffers (sharedColumn) and calls touch() before
// writing an entry. capture() is O(columns): it deep-copies the small rest of the state, hands
// out target buffers and resets the chunk flags; the save worker then copies the columns into
// the targets (shared-copy.ts), while touch() copies, first, any chunk the agent is about to
// change that the worker has not copied yet. So the captured state is exactly the state at
// capture, whatever the agent writes afterwards, and the agent's thread copies only the chunks
// it touches during the copy (64 KiB each by default).
// Contract: every write into a shared column between capture() and the copy's end must be
// preceded by touch()/touchRange() for that entry; writes are otherwise unrestricted.

import { captureState } from './capture.js';
import type { ColumnCopy, CopyJob } from './shared-copy.js';
import { chunkCount, completeCopy, copyFinished, preserveChunk } from './shared-copy.js';

type SharedColumn = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array | BigUint64Array | BigInt64Array;
type ColumnType<T extends SharedColumn> = { new (buffer: SharedArrayBuffer, byteOffset?: number, length?: number): T; BYTES_PER_ELEMENT: number };

/** A zeroed typed array in its own SharedArrayBuffer: the storage for a column SharedState tracks. */
export function sharedColumn<T extends SharedColumn>(type: ColumnType<T>, length: number): T {
  return new type(new SharedArrayBuffer(length * type.BYTES_PER_ELEMENT), 0, length);
}

/** One set of targets with its chunk flags, reused capture after capture. */
interface Slot {
  targets: Map<SharedColumn, SharedColumn>;
  copies: Map<SharedColumn, ColumnCopy>;
  job: CopyJob;
}

/** One capture: `state` is exact once its copy is complete (in the worker, or complete() here). */
export class SharedCapture<S> {
  readonly state: S;
  readonly job: CopyJob;
  readonly #owner: SharedState<S>;
  readonly #slot: Slot;
  #released = false;

  constructor(owner: SharedState<S>, slot: Slot, state: S) {
    this.#owner = owner;
    this.#slot = slot;
    this.state = state;
    this.job = slot.job;
  }

  /** Copies the chunks not yet copied, on the calling thread (a saver without a worker). */
  complete(): S {
    completeCopy(this.job);
    return this.state;
  }

  /** The save is done with the targets: they serve a later capture. Idempotent. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#owner.release(this.#slot);
  }
}

export class SharedState<S> {
  readonly live: S;
  readonly chunkBytes: number;
  readonly #columns = new Map<SharedColumn, Omit<ColumnCopy, 'target'>>();
  readonly #chunks: number;
  readonly #free: Slot[] = [];
  /** Captures whose copy may still be running: touch() preserves chunks for each. */
  #active: Slot[] = [];

  /** Tracks every typed array in `live` backed by a SharedArrayBuffer; prepares one capture's targets. */
  constructor(live: S, options: { chunkBytes?: number } = {}) {
    this.live = live;
    this.chunkBytes = options.chunkBytes ?? 64 * 1024;
    let chunks = 0;
    for (const column of sharedColumnsOf(live)) {
      if (this.#columns.has(column)) continue;
      if (this.chunkBytes % column.BYTES_PER_ELEMENT !== 0) throw new RangeError(`chunkBytes ${this.chunkBytes} must be a multiple of ${column.BYTES_PER_ELEMENT}`);
      this.#columns.set(column, { source: column.buffer as SharedArrayBuffer, sourceOffset: column.byteOffset, byteLength: column.byteLength, firstChunk: chunks });
      chunks += chunkCount(column.byteLength, this.chunkBytes);
    }
    this.#chunks = chunks;
    this.#free.push(this.#newSlot());
  }

  /** Bytes a capture holds: the shared columns' targets (the small rest is not counted). */
  get capturedBytes(): number {
    let total = 0;
    for (const column of this.#columns.values()) total += column.byteLength;
    return total;
  }

  /** Captures now; O(number of columns) plus the copy of the state's small, unshared parts. */
  capture(): SharedCapture<S> {
    const slot = this.#free.pop() ?? this.#newSlot();
    slot.job.flags.fill(0);
    this.#active.push(slot);
    const state = captureState(this.live, undefined, (column) => slot.targets.get(column as SharedColumn));
    return new SharedCapture(this, slot, state);
  }

  /**
   * A plain deep copy made now on this thread, for callers that capture with captureState
   * (e.g. SaveAll): correct, but it copies every column here, as any non-shared capture does.
   */
  captureNow(): S {
    const capture = this.capture();
    capture.complete();
    this.#active = this.#active.filter((active) => active.job !== capture.job);
    return capture.state;
  }

  /** Call before writing `column[index]` (column is a live shared column of this state). */
  touch(column: SharedColumn, index: number): void {
    if (this.#active.length === 0 || index < 0 || index >= column.length) return; // out of range: the write is a no-op
    this.#preserve(column, index * column.BYTES_PER_ELEMENT, index * column.BYTES_PER_ELEMENT);
  }

  /** Call before writing `column[from..to)`, e.g. before a fill or set. */
  touchRange(column: SharedColumn, from: number, to: number): void {
    const [first, end] = [Math.max(0, from), Math.min(column.length, to)];
    if (this.#active.length === 0 || end <= first) return;
    this.#preserve(column, first * column.BYTES_PER_ELEMENT, end * column.BYTES_PER_ELEMENT - 1);
  }

  /** From SharedCapture.release. */
  release(slot: Slot): void {
    this.#active = this.#active.filter((active) => active !== slot);
    this.#free.push(slot);
  }

  #preserve(column: SharedColumn, firstByte: number, lastByte: number): void {
    if (!this.#columns.has(column)) throw new RangeError('touch: not a shared column of this state (allocate it with sharedColumn and pass it to the constructor)');
    for (const slot of this.#active) {
      if (copyFinished(slot.job)) continue;
      const copy = slot.copies.get(column)!;
      for (let chunk = Math.floor(firstByte / this.chunkBytes); chunk <= Math.floor(lastByte / this.chunkBytes); chunk++) preserveChunk(slot.job, copy, copy.firstChunk + chunk);
    }
  }

  #newSlot(): Slot {
    const targets = new Map<SharedColumn, SharedColumn>();
    const copies = new Map<SharedColumn, ColumnCopy>();
    for (const [column, info] of this.#columns) {
      const type = column.constructor as ColumnType<SharedColumn>;
      const target = new SharedArrayBuffer(column.byteLength);
      targets.set(column, new type(target, 0, column.length));
      copies.set(column, { ...info, target });
    }
    const flags = new Int32Array(new SharedArrayBuffer(4 * (this.#chunks + 1)));
    const job = { columns: [...copies.values()], chunkBytes: this.chunkBytes, flags, rescue: new Uint8Array(new SharedArrayBuffer(this.chunkBytes)) };
    return { targets, copies, job };
  }
}

function* sharedColumnsOf(value: unknown): Generator<SharedColumn> {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof SharedArrayBuffer && !(value instanceof DataView)) yield value as SharedColumn;
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const item of Array.isArray(value) ? value : Object.values(value)) yield* sharedColumnsOf(item);
}
