// Saves in a worker thread, so encoding, HMAC and writing a 100 MB state never stall the
// agent's event loop. The state's ArrayBuffers are transferred, not copied: pass only a
// captured copy (the AsyncSaveQueue's) or a state you hand over. The worker uses the real
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

export interface WorkerSetup {
  directory: string;
  keys: { secret: string; createdAt: string }[];
  reserveBytes?: number;
}

export interface SaveRequest {
  id: number;
  component: string;
  state: unknown;
}

/** `state` comes back with its buffers transferred, for the capture pool. */
export type SaveResponse = { id: number; state: unknown } & ({ ok: true; result: SaveResult } | { ok: false; error: { name: string; message: string } });

export class WorkerSaver {
  readonly #worker: Worker;
  readonly #ready: Promise<void>;
  readonly #waiting = new Map<number, { resolve: (result: SaveResult) => void; reject: (error: unknown) => void }>();
  #nextId = 1;

  readonly #pool: CapturePool | undefined;

  constructor(options: { directory: string; keyring: Keyring; reserveBytes?: number; pool?: CapturePool }) {
    this.#pool = options.pool;
    const setup: WorkerSetup = {
      directory: options.directory,
      keys: options.keyring.keys.map((key) => ({ secret: key.exportSecret(), createdAt: key.createdAt })),
      ...(options.reserveBytes === undefined ? {} : { reserveBytes: options.reserveBytes }),
    };
    this.#worker = startWorker(setup);
    this.#ready = new Promise((resolve, reject) => {
      this.#worker.once('message', () => resolve());
      this.#worker.once('error', reject);
    });
    this.#worker.on('message', (response: SaveResponse | { ready: true }) => {
      if (!('id' in response)) return;
      const waiter = this.#waiting.get(response.id);
      this.#waiting.delete(response.id);
      this.#pool?.give(response.state);
      if (response.ok) waiter?.resolve(response.result);
      else waiter?.reject(response.error.name === 'DiskFullError' ? new DiskFullError(response.error.message) : new QuantumStateError(`${response.error.name}: ${response.error.message}`));
    });
    this.#worker.on('error', (error) => {
      for (const waiter of this.#waiting.values()) waiter.reject(error);
      this.#waiting.clear();
    });
  }

  async save(codec: ComponentCodec<unknown>, state: unknown): Promise<SaveResult> {
    await this.#ready;
    const id = this.#nextId++;
    const done = new Promise<SaveResult>((resolve, reject) => this.#waiting.set(id, { resolve, reject }));
    this.#worker.postMessage({ id, component: codec.name, state } satisfies SaveRequest, transferablesOf(state));
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
