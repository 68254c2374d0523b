// The chunk protocol of a copy-on-write capture (shared-state.ts). A capture copies the live
// columns (SharedArrayBuffers) into target buffers chunk by chunk; a copier thread (the save
// worker) and the agent's write barrier race for each chunk, and each chunk's flag says who
// copied it. Whoever copies reads the source before the agent has written that chunk since the
// capture, so every target chunk holds exactly the capture-time bytes:
//   UNCOPIED ─copier CAS→ COPYING ─copier CAS→ DONE
//   UNCOPIED ─agent CAS→  AGENT_COPYING ─agent→ DONE      (agent copies source → target itself)
//   COPYING  ─agent CAS→  RESCUED ─copier→ DONE           (agent copied the chunk into the
//            rescue buffer first; the copier's own, possibly torn, copy is overwritten by it)
// The agent never waits for the copier (which runs at idle priority and may be descheduled):
// a chunk the copier is reading is rescued instead. Every transition is an Atomics operation,
// so the data copied before a flag changes happens-before the thread that reads the new flag.
// Only one chunk is COPYING at a time (one copier per capture), so one rescue buffer suffices.

export const UNCOPIED = 0;
export const COPYING = 1;
export const DONE = 2;
export const RESCUED = 3;
export const AGENT_COPYING = 4;

/** One live column and its capture target, both whole SharedArrayBuffers or views into them. */
export interface ColumnCopy {
  source: SharedArrayBuffer;
  sourceOffset: number;
  target: SharedArrayBuffer;
  byteLength: number;
  firstChunk: number;
}

/** Everything a copier needs, all shared memory: structured clone passes it without copying. */
export interface CopyJob {
  columns: ColumnCopy[];
  chunkBytes: number;
  /** One flag per chunk, then one slot: 1 when the copier has finished. */
  flags: Int32Array;
  rescue: Uint8Array;
}

export function chunkCount(byteLength: number, chunkBytes: number): number {
  return Math.ceil(byteLength / chunkBytes);
}

function bytesOf(column: ColumnCopy, chunk: number, chunkBytes: number): { from: number; length: number } {
  const from = (chunk - column.firstChunk) * chunkBytes;
  return { from, length: Math.min(chunkBytes, column.byteLength - from) };
}

function copyToTarget(column: ColumnCopy, from: number, length: number, bytes: Uint8Array): void {
  new Uint8Array(column.target, from, length).set(bytes);
}

function sourceBytes(column: ColumnCopy, from: number, length: number): Uint8Array {
  return new Uint8Array(column.source, column.sourceOffset + from, length);
}

/** The copier's side: copies every chunk nobody copied yet; returns when the target is whole. */
export function completeCopy(job: CopyJob): void {
  for (const column of job.columns) {
    for (let chunk = column.firstChunk; chunk < column.firstChunk + chunkCount(column.byteLength, job.chunkBytes); chunk++) {
      if (beginChunk(job, column, chunk)) endChunk(job, column, chunk);
    }
  }
  Atomics.store(job.flags, job.flags.length - 1, 1);
}

/** Copier: claims `chunk` and copies it; false when the agent copies (or copied) it instead. */
export function beginChunk(job: CopyJob, column: ColumnCopy, chunk: number): boolean {
  const { flags } = job;
  if (Atomics.compareExchange(flags, chunk, UNCOPIED, COPYING) !== UNCOPIED) {
    // The agent's copy is synchronous on its thread: wait for it to end.
    while (Atomics.load(flags, chunk) === AGENT_COPYING) Atomics.wait(flags, chunk, AGENT_COPYING, 1);
    return false;
  }
  const { from, length } = bytesOf(column, chunk, job.chunkBytes);
  copyToTarget(column, from, length, sourceBytes(column, from, length));
  return true;
}

/** Copier, after beginChunk: done, unless the agent rescued the chunk meanwhile (its bytes win). */
export function endChunk(job: CopyJob, column: ColumnCopy, chunk: number): void {
  if (Atomics.compareExchange(job.flags, chunk, COPYING, DONE) === COPYING) return;
  const { from, length } = bytesOf(column, chunk, job.chunkBytes);
  copyToTarget(column, from, length, job.rescue.subarray(0, length));
  Atomics.store(job.flags, chunk, DONE);
}

export function copyFinished(job: CopyJob): boolean {
  return Atomics.load(job.flags, job.flags.length - 1) === 1;
}

/** The agent's side, before it writes into `chunk` of `column`: makes sure the capture has it. */
export function preserveChunk(job: CopyJob, column: ColumnCopy, chunk: number): void {
  const { flags, chunkBytes } = job;
  let flag = Atomics.load(flags, chunk);
  if (flag === DONE || flag === RESCUED) return;
  const { from, length } = bytesOf(column, chunk, chunkBytes);
  if (flag === UNCOPIED) {
    flag = Atomics.compareExchange(flags, chunk, UNCOPIED, AGENT_COPYING);
    if (flag === UNCOPIED) {
      copyToTarget(column, from, length, sourceBytes(column, from, length));
      Atomics.store(flags, chunk, DONE);
      Atomics.notify(flags, chunk);
      return;
    }
    if (flag === DONE || flag === RESCUED) return;
  }
  // COPYING: the copier is reading this chunk now. Rescue the untouched bytes, then claim it;
  // if the copier finished first (DONE), its copy was taken before any write and stands.
  job.rescue.set(sourceBytes(column, from, length));
  Atomics.compareExchange(flags, chunk, COPYING, RESCUED);
}
