// The runner's saves: captured between ticks, written by the async queue, latest-wins per
// component, and guarded against overwriting someone else's write (a console restore):
// every save passes the seq this writer last wrote or loaded as expectedSeq; on ConflictError
// the runner reloads the component instead, and states captured before the reload are dropped.

import { ConflictError } from '../errors.js';
import type { DemoComponent } from '../demo/states.js';
import { captureState } from '../runtime/capture.js';
import type { JournalKind, SaveJournal } from '../runtime/journal.js';
import type { PositionFile } from '../runtime/position-file.js';
import { RECORD_BYTES } from '../runtime/position-slot.js';
import { AsyncSaveQueue } from '../runtime/save-queue.js';
import type { StateDirectory } from '../store/state-directory.js';
import { codecOf, componentOf } from './components.js';

/** One acknowledged (durable) save, as `demo --log-saves` prints it. */
export interface SaveAck {
  component: string;
  seq: number;
  bytes: number;
  ms: number;
}

export interface SavePipelineOptions {
  store: StateDirectory;
  positionFile: PositionFile;
  journal: SaveJournal;
  /** Seqs of the current generations this process loaded. */
  seqs: Map<DemoComponent, number>;
  /** The live state of a component, read between ticks. */
  snapshot: (component: DemoComponent) => unknown;
  /** Someone else wrote `component`: reload it from disk into the agent; resolves to the seq loaded. */
  reload: (component: DemoComponent) => Promise<number | undefined>;
  onAck: (ack: SaveAck) => void;
  onError: (component: DemoComponent, error: unknown) => void;
}

interface Captured {
  /** The reload epoch of the component when captured: older captures are never written. */
  epoch: number;
  kind: JournalKind;
  state: unknown;
}

export class SavePipeline {
  readonly #options: SavePipelineOptions;
  readonly #queue: AsyncSaveQueue<void>;
  readonly #epochs = new Map<DemoComponent, number>();
  /** Queued or being written; a request meanwhile only marks the component dirty. */
  readonly #busy = new Set<DemoComponent>();
  readonly #dirty = new Map<DemoComponent, JournalKind>();
  #conflicts = 0;

  constructor(options: SavePipelineOptions) {
    this.#options = options;
    this.#queue = new AsyncSaveQueue<void>({ save: (codec, captured) => this.#write(codec.name, captured as Captured), coalesces: () => false });
  }

  get conflicts(): number {
    return this.#conflicts;
  }

  /** Captures `component` now and queues its save; while one is pending, the newest state follows it. */
  request(component: DemoComponent, kind: JournalKind = 'save'): void {
    if (this.#busy.has(component)) {
      this.#dirty.set(component, kind);
      return;
    }
    this.#busy.add(component);
    const captured: Captured = { epoch: this.#epochs.get(component) ?? 0, kind, state: captureState(this.#options.snapshot(component)) };
    const codec = codecOf(component);
    void this.#queue
      .enqueue(codec, captured, { owned: true })
      .then((ticket) => ticket.done)
      .catch((error: unknown) => this.#options.onError(component, error))
      .finally(() => this.#settled(component));
  }

  /** Resolves when every requested save, and the ones they made dirty, is written. */
  async flush(): Promise<void> {
    while (this.#busy.size > 0 || this.#dirty.size > 0) {
      await this.#queue.flush();
      // Settled callbacks run after the queue's own; let them re-request dirty components.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await this.#queue.close();
  }

  #settled(component: DemoComponent): void {
    this.#busy.delete(component);
    const kind = this.#dirty.get(component);
    if (kind === undefined) return;
    this.#dirty.delete(component);
    this.request(component, kind);
  }

  async #write(codecName: string, captured: Captured): Promise<void> {
    const component = this.#componentNamed(codecName);
    if (captured.epoch !== (this.#epochs.get(component) ?? 0)) return;
    if (component === 'activePosition') return this.#writePosition(captured.state as Parameters<PositionFile['save']>[0] | null);
    const { store, journal, seqs } = this.#options;
    const codec = codecOf(component);
    const started = performance.now();
    try {
      const expectedSeq = seqs.get(component);
      const result = await store.save(codec, captured.state, expectedSeq === undefined ? {} : { expectedSeq });
      seqs.set(component, result.seq);
      void journal.append({ kind: captured.kind, component: codec.name, seq: result.seq, bytes: result.bytes, outcome: 'ok', durationMs: result.durationMs, phases: result.phases });
      this.#options.onAck({ component: codec.name, seq: result.seq, bytes: result.bytes, ms: round(result.durationMs) });
    } catch (error) {
      const conflict = error instanceof ConflictError;
      void journal.append({ kind: captured.kind, component: codec.name, outcome: conflict ? 'skipped' : 'failed', durationMs: performance.now() - started, error: error instanceof Error ? error.message : String(error) });
      if (!conflict) throw error;
      this.#conflicts++;
      this.#epochs.set(component, (this.#epochs.get(component) ?? 0) + 1);
      this.#dirty.delete(component);
      const loaded = await this.#options.reload(component);
      if (loaded === undefined) seqs.delete(component);
      else seqs.set(component, loaded);
    }
  }

  async #writePosition(position: Parameters<PositionFile['save']>[0] | null): Promise<void> {
    const started = performance.now();
    if (position === null) {
      await this.#options.positionFile.clear();
      return;
    }
    const written = await this.#options.positionFile.save(position);
    this.#options.onAck({ component: 'ActivePosition', seq: written.seq, bytes: RECORD_BYTES, ms: round(performance.now() - started) });
  }

  #componentNamed(codecName: string): DemoComponent {
    const component = componentOf(codecName);
    if (component === undefined) throw new Error(`${codecName} is not a demo agent component`);
    return component;
  }
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
