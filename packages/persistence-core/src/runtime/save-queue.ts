// The async save queue (spec 7.1): saves never block the agent's hot loop.
//
// - Capture at enqueue: the state is deep-copied (captureState: one memcpy per typed array)
//   before enqueue returns, so later updates cannot tear it. `owned: true` skips the copy for a state
//   the caller built for this save and will not touch again. A SharedState is captured copy-on-write
//   (shared-state.ts): no bulk copy here; a save function that declares `copiesShared` (a
//   WorkerSaver's) gets the SharedCapture and copies in its thread, any other gets the state
//   completed here; the capture's targets are released when the save settles.
// - One write in flight per component; up to `concurrency` components at once, so a 100 MB
//   replay buffer does not hold back a position save.
// - Priority: the lowest codec.priority runs first, FIFO within a priority.
// - Coalescing (latest wins) only for components where the newest state supersedes every
//   older one and nobody has been told the older one is saved: the active position. A queued,
//   not yet started position task takes the newer state; both callers get its result.
// - Bounded memory: captured bytes (queued + in flight) stay under `maxBytes`; enqueue waits,
//   without capturing, until there is room (one oversized task is admitted when idle).
// - flush() resolves when everything enqueued before and during it is written.

import type { ComponentCodec } from '../components/codec.js';
import { QuantumStateError } from '../errors.js';
import { captureState, estimateBytes } from './capture.js';
import type { CapturePool } from './capture-pool.js';
import { SharedCapture, SharedState } from './shared-state.js';

export interface SaveTicket<R> {
  /** Settles with the save's result, or rejects with its error. */
  done: Promise<R>;
  /** The state joined a queued task of the same component (latest wins). */
  coalesced: boolean;
}

export interface AsyncSaveQueueOptions<R> {
  save: (codec: ComponentCodec<unknown>, state: unknown) => Promise<R>;
  /** Captured bytes allowed in the queue and in flight; default 512 MiB. */
  maxBytes?: number;
  /** Components saved at the same time; default 2. */
  concurrency?: number;
  /** Which components may coalesce; default only ActivePosition. */
  coalesces?: (codec: ComponentCodec<unknown>) => boolean;
  /** Recycles the memory of written captures into later ones (see capture-pool.ts). */
  pool?: CapturePool;
  /** `save` takes a SharedCapture and completes its copy itself (WorkerSaver.save does, off this thread). */
  copiesShared?: boolean;
}

export interface EnqueueOptions {
  /** The caller hands the state over and will not mutate it: no copy. */
  owned?: boolean;
}

/** The queue was closed; nothing more can be enqueued. */
export class SaveQueueClosedError extends QuantumStateError {
  override name = 'SaveQueueClosedError';
}

interface Task<R> {
  codec: ComponentCodec<unknown>;
  state: unknown;
  bytes: number;
  order: number;
  /** Handed over by the caller: never recycled into the pool. */
  owned: boolean;
  settle: { resolve: (result: R) => void; reject: (error: unknown) => void }[];
}

export class AsyncSaveQueue<R> {
  readonly #save: AsyncSaveQueueOptions<R>['save'];
  readonly #maxBytes: number;
  readonly #concurrency: number;
  readonly #coalesces: (codec: ComponentCodec<unknown>) => boolean;
  readonly #pool: CapturePool | undefined;
  readonly #copiesShared: boolean;
  readonly #pending: Task<R>[] = [];
  readonly #inFlight = new Set<string>();
  readonly #waitingForRoom: { bytes: number; admit: () => void }[] = [];
  readonly #idle: (() => void)[] = [];
  #bytes = 0;
  #order = 0;
  #closed = false;

  constructor(options: AsyncSaveQueueOptions<R>) {
    this.#save = options.save;
    this.#maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
    this.#concurrency = options.concurrency ?? 2;
    this.#coalesces = options.coalesces ?? ((codec) => codec.name === 'ActivePosition');
    this.#pool = options.pool;
    this.#copiesShared = options.copiesShared === true;
  }

  get stats(): { queued: number; inFlight: number; bytes: number; maxBytes: number; waiting: number } {
    return { queued: this.#pending.length, inFlight: this.#inFlight.size, bytes: this.#bytes, maxBytes: this.#maxBytes, waiting: this.#waitingForRoom.length };
  }

  /** Resolves once the state is captured and queued (at once unless the queue is full). */
  async enqueue<S>(codec: ComponentCodec<S>, state: S | SharedState<S>, options: EnqueueOptions = {}): Promise<SaveTicket<R>> {
    if (this.#closed) throw new SaveQueueClosedError(`the save queue is closed; ${codec.name} was not saved`);
    const anyCodec = codec as ComponentCodec<unknown>;
    const joinable = this.#coalesces(anyCodec) ? this.#pending.find((task) => task.codec.name === codec.name) : undefined;
    if (joinable !== undefined) return this.#join(joinable, state, options);
    const bytes = estimateBytes(state);
    // Waiters go first, in arrival order, so a large save is not starved by small ones.
    if (this.#waitingForRoom.length > 0 || !this.#hasRoom(bytes)) await new Promise<void>((admit) => this.#waitingForRoom.push({ bytes, admit }));
    else this.#bytes += bytes;
    const owned = options.owned === true;
    const task: Task<R> = { codec: anyCodec, state: this.#capture(state, owned), bytes, order: this.#order++, owned, settle: [] };
    const done = new Promise<R>((resolve, reject) => task.settle.push({ resolve, reject }));
    this.#pending.push(task);
    this.#pump();
    return { done, coalesced: false };
  }

  /** Whether enqueueing `state` now would wait for room (and so capture later, not now). */
  wouldWait(state: unknown): boolean {
    return this.#waitingForRoom.length > 0 || !this.#hasRoom(estimateBytes(state));
  }

  /** enqueue, then wait for the write. */
  async save<S>(codec: ComponentCodec<S>, state: S | SharedState<S>, options: EnqueueOptions = {}): Promise<R> {
    return (await this.enqueue(codec, state, options)).done;
  }

  /** Resolves when nothing is queued, waiting or in flight. */
  flush(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Clean shutdown: refuse new saves, write everything queued. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  #join(task: Task<R>, state: unknown, options: EnqueueOptions): SaveTicket<R> {
    const bytes = estimateBytes(state);
    this.#bytes += bytes - task.bytes;
    this.#recycle(task);
    task.owned = options.owned === true;
    task.state = this.#capture(state, task.owned);
    task.bytes = bytes;
    const done = new Promise<R>((resolve, reject) => task.settle.push({ resolve, reject }));
    return { done, coalesced: true };
  }

  #capture(state: unknown, owned: boolean): unknown {
    if (state instanceof SharedState) return state.capture();
    return owned ? state : captureState(state, this.#pool);
  }

  /** A written or superseded capture's memory goes back to where it came from. */
  #recycle(task: Task<R>): void {
    if (task.state instanceof SharedCapture) task.state.release();
    else if (!task.owned) this.#pool?.give(task.state);
  }

  /** #bytes counts queued, in-flight and admitted-but-not-yet-captured states. */
  #hasRoom(bytes: number): boolean {
    return this.#bytes === 0 || this.#bytes + bytes <= this.#maxBytes;
  }

  #pump(): void {
    while (this.#inFlight.size < this.#concurrency) {
      const next = this.#nextRunnable();
      if (next === undefined) break;
      this.#pending.splice(this.#pending.indexOf(next), 1);
      this.#inFlight.add(next.codec.name);
      void this.#run(next);
    }
  }

  #nextRunnable(): Task<R> | undefined {
    let best: Task<R> | undefined;
    for (const task of this.#pending) {
      if (this.#inFlight.has(task.codec.name)) continue;
      if (best === undefined || task.codec.priority < best.codec.priority || (task.codec.priority === best.codec.priority && task.order < best.order)) best = task;
    }
    return best;
  }

  async #run(task: Task<R>): Promise<void> {
    try {
      const { state } = task;
      const result = await this.#save(task.codec, state instanceof SharedCapture && !this.#copiesShared ? state.complete() : state);
      for (const { resolve } of task.settle) resolve(result);
    } catch (error) {
      for (const { reject } of task.settle) reject(error);
    } finally {
      this.#inFlight.delete(task.codec.name);
      this.#bytes -= task.bytes;
      this.#recycle(task);
      task.state = undefined;
      this.#admitWaiting();
      this.#pump();
      if (this.#isIdle()) for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  /** In arrival order; the room is reserved here, before the waiter resumes and captures. */
  #admitWaiting(): void {
    for (let head = this.#waitingForRoom[0]; head !== undefined && this.#hasRoom(head.bytes); head = this.#waitingForRoom[0]) {
      this.#waitingForRoom.shift();
      this.#bytes += head.bytes;
      head.admit();
    }
  }

  #isIdle(): boolean {
    return this.#pending.length === 0 && this.#inFlight.size === 0 && this.#waitingForRoom.length === 0 && this.#bytes === 0;
  }
}
