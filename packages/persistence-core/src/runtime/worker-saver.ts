// Saves in a worker thread, so encoding, HMAC and writing a 100 MB state never stall the
// agent's event loop. The state's ArrayBuffers are transferred, not copied: pass only a
// captured copy (the AsyncSaveQueue's) or a state you hand over; a SharedCapture is copied in
// the worker (give the queue `copiesShared: true`). The worker uses the real
// file system (a substituted FileSystem cannot cross threads) and registry codecs only.
// One writer per component: the store's lock knows its own holders per thread (a token set
// in module memory), so a worker save and a main-thread save of the SAME component are not
// kept apart by it. Route every full save of a component through one saver (AgentRuntime
// does: queue and SaveAll both use the worker; the manifest, its own component, stays here).

import { Worker } from 'node:worker_threads';
import type { ComponentCodec } from '../components/codec.js';
import { DiskFullError, QuantumStateError } from '../errors.js';
import type { Keyring } from '../signing/keyring.js';
import type { SaveResult } from '../store/reports.js';
import type { CapturePool } from './capture-pool.js';
import type { CopyJob } from './shared-copy.js';
import { SharedCapture } from './shared-state.js';
import type { ThreadPriority } from './thread-priority.js';

/**
 * 'idle' (default): the worker thread runs SCHED_IDLE (else nice 19) and writes with blocking
 * calls on itself, so neither its CPU nor its I/O takes a core from the agent's thread. 'nice':
 * the same at nice 19 only. 'normal': the agent's priority, I/O on libuv's shared thread pool.
 */
export type WorkerPriority = ThreadPriority;

export interface WorkerSetup {
  directory: string;
  keys: { secret: string; createdAt: string }[];
  reserveBytes?: number;
  priority?: WorkerPriority;
  cpus?: number[];
}

export interface SaveRequest {
  id: number;
  component: string;
  state: unknown;
  /** Send the state's buffers back (for the capture pool); else the worker drops them. */
  giveBack: boolean;
  /** A copy-on-write capture (shared-state.ts) to complete before encoding `state`. */
  copy?: CopyJob;
}

/** The worker's first message. */
export interface WorkerReady {
  ready: true;
  priority: ThreadPriority;
  /** The cores the worker may run on, when it was asked to pin itself. */
  cpus?: number[];
}

export interface WorkerSaverOptions {
  directory: string;
  keyring: Keyring;
  reserveBytes?: number;
  pool?: CapturePool;
  priority?: WorkerPriority;
  /**
   * Cores the worker thread may run on (Linux, through taskset; thread-affinity.ts). Keep the
   * agent's thread off them (e.g. `taskset --pid --cpu-list 0 <pid>` for the agent's, here 1):
   * then the two never share a core. Default: every core.
   */
  cpus?: number[];
}

/**
 * `state` comes back with its buffers transferred when the request asked for it (a pool
 * recycles them); otherwise they die in the worker, so the agent's thread has no 100 MB of
 * garbage to collect after a save.
 */
export type SaveResponse = { id: number; state?: unknown } & ({ ok: true; result: SaveResult } | { ok: false; error: { name: string; message: string } });

export class WorkerSaver {
  readonly #worker: Worker;
  readonly #ready: Promise<void>;
  readonly #waiting = new Map<number, { resolve: (result: SaveResult) => void; reject: (error: unknown) => void }>();
  #nextId = 1;

  readonly #pool: CapturePool | undefined;

  #started: { priority: ThreadPriority; cpus?: number[] } = { priority: 'normal' };

  constructor(options: WorkerSaverOptions) {
    this.#pool = options.pool;
    const setup: WorkerSetup = {
      directory: options.directory,
      keys: options.keyring.keys.map((key) => ({ secret: key.exportSecret(), createdAt: key.createdAt })),
      ...(options.reserveBytes === undefined ? {} : { reserveBytes: options.reserveBytes }),
      ...(options.priority === undefined ? {} : { priority: options.priority }),
      ...(options.cpus === undefined ? {} : { cpus: options.cpus }),
    };
    this.#worker = startWorker(setup);
    this.#ready = new Promise((resolve, reject) => {
      this.#worker.once('message', (ready: WorkerReady) => {
        this.#started = { priority: ready.priority, ...(ready.cpus === undefined ? {} : { cpus: ready.cpus }) };
        resolve();
      });
      this.#worker.once('error', reject);
    });
    this.#worker.on('message', (response: SaveResponse | WorkerReady) => {
      if (!('id' in response)) return;
      const waiter = this.#waiting.get(response.id);
      this.#waiting.delete(response.id);
      if (response.state !== undefined) this.#pool?.give(response.state);
      if (response.ok) waiter?.resolve(response.result);
      else waiter?.reject(response.error.name === 'DiskFullError' ? new DiskFullError(response.error.message) : new QuantumStateError(`${response.error.name}: ${response.error.message}`));
    });
    this.#worker.on('error', (error) => {
      for (const waiter of this.#waiting.values()) waiter.reject(error);
      this.#waiting.clear();
    });
  }

  /** Resolves once the worker runs, with the priority it got (lower than 'normal' on Linux only) and, if asked to pin itself, its cores. */
  async started(): Promise<{ priority: ThreadPriority; cpus?: number[] }> {
    await this.#ready;
    return this.#started;
  }

  async save(codec: ComponentCodec<unknown>, state: unknown): Promise<SaveResult> {
    await this.#ready;
    const id = this.#nextId++;
    const done = new Promise<SaveResult>((resolve, reject) => this.#waiting.set(id, { resolve, reject }));
    // A SharedCapture's columns are shared memory: posting them passes references, not bytes.
    const giveBack = this.#pool !== undefined;
    const request: SaveRequest = state instanceof SharedCapture ? { id, component: codec.name, state: state.state, giveBack: false, copy: state.job } : { id, component: codec.name, state, giveBack };
    this.#worker.postMessage(request, transferablesOf(request.state));
    return done;
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}

/** Under tsx or vitest this module is TypeScript, and so is the worker: it registers tsx first. */
function startWorker(setup: WorkerSetup): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./save-worker.js', import.meta.url), { workerData: setup });
  const entry = new URL('./save-worker.ts', import.meta.url).href;
  const code = `import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${JSON.stringify(entry)}))`;
  return new Worker(code, { eval: true, workerData: setup });
}

/** Every distinct ArrayBuffer under `value`, so posting it moves the bytes instead of copying them. */
export function transferablesOf(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Array.isArray(value) ? value : Object.values(value)) transferablesOf(item, found);
  }
  return [...found];
}
