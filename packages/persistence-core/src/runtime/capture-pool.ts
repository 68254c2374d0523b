// Recycled typed arrays for captures. Copying 100 MB into fresh memory costs mostly page
// faults (first touch of every page); copying into memory that held the previous capture of
// the same component is several times faster. Buffers come back when a save is done with
// them (from the queue, or from the worker that had them transferred), matched by type and
// length; the pool holds at most `maxBytes` and drops the rest to the garbage collector.

type Column = Uint8Array | Uint32Array | Float64Array | BigUint64Array | Int32Array | Float32Array | BigInt64Array | Uint16Array | Int16Array | Int8Array;

export class CapturePool {
  readonly #free = new Map<string, Column[]>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes = 512 * 1024 * 1024) {
    this.#maxBytes = maxBytes;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** A recycled array of this type and length, or undefined. */
  take<T extends Column>(like: T): T | undefined {
    const list = this.#free.get(keyOf(like));
    const found = list?.pop() as T | undefined;
    if (found !== undefined) this.#bytes -= found.byteLength;
    return found;
  }

  /** Keeps the typed arrays under `state` that own their whole buffer (and are not detached). */
  give(state: unknown): void {
    if (ArrayBuffer.isView(state)) {
      const column = state as Column;
      // Shared memory (a copy-on-write capture's targets) belongs to its SharedState, never here.
      const whole = column.buffer instanceof ArrayBuffer && column.byteOffset === 0 && column.byteLength === column.buffer.byteLength && column.byteLength > 0;
      if (!whole || this.#bytes + column.byteLength > this.#maxBytes) return;
      const key = keyOf(column);
      this.#free.set(key, [...(this.#free.get(key) ?? []), column]);
      this.#bytes += column.byteLength;
      return;
    }
    if (typeof state !== 'object' || state === null) return;
    for (const item of Array.isArray(state) ? state : Object.values(state)) this.give(item);
  }
}

function keyOf(column: Column): string {
  return `${column.constructor.name}:${column.length}`;
}
