// The runner's saves. Background saves are captured between ticks and written by the async
// queue, latest-wins per component; foreground saves (SaveAll, training checkpoints) wait for
// the component's background save and write directly. One write per component at a time.
//
// No write may undo someone else's (a console restore): every save passes the seq this writer
// last wrote or loaded as expectedSeq; on ConflictError the runner reloads the component instead,
// and background states captured before the reload are dropped.

import { ConflictError } from '../errors.js';
import type { DemoComponent } from '../demo/states.js';
import { captureState } from '../runtime/capture.js';
import type { JournalKind, SaveJournal } from '../runtime/journal.js';
import type { PositionFile } from '../runtime/position-file.js';
import { RECORD_BYTES } from '../runtime/position-slot.js';
import { AsyncSaveQueue } from '../runtime/save-queue.js';
import type { SaveResult } from '../store/reports.js';
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
  /** The live state of a component, read between ticks (null: no open position). */
  snapshot: (component: DemoComponent) => unknown;
  /** Someone else wrote `component`: reload it from disk into the agent; resolves to the seq loaded from current. */
  reload: (component: DemoComponent) => Promise<number | undefined>;
  onAck: (ack: SaveAck) => void;
  onError: (component: DemoComponent, error: unknown) => void;
}

/** Where a component stood when its state was captured: a state from before a reload is never written. */
export interface CaptureMark {
  /** The component's reload epoch. */
  epoch: number;
  /** The seq this writer knew. */
  seqAtCapture: number | undefined;
}

interface Captured extends CaptureMark {
  kind: JournalKind;
  state: unknown;
}

export class SavePipeline {
  readonly #options: SavePipelineOptions;
  readonly #queue: AsyncSaveQueue<void>;
  readonly #epochs = new Map<DemoComponent, number>();
  /** The save (queued, running, or foreground) each busy component is waiting on. */
  readonly #busy = new Map<DemoComponent, Promise<unknown>>();
  readonly #dirty = new Map<DemoComponent, JournalKind>();
  #conflicts = 0;

  constructor(options: SavePipelineOptions) {
    this.#options = options;
    this.#queue = new AsyncSaveQueue<void>({
      save: async (codec, captured) => {
        const component = demoComponentOf(codec.name);
        await this.#write(component, captured as Captured);
      },
      coalesces: () => false,
    });
  }

  get conflicts(): number {
    return this.#conflicts;
  }

  /** Background save: captures `component` now; while one is pending, the newest state follows it. */
  request(component: DemoComponent, kind: JournalKind = 'save'): void {
    if (this.#busy.has(component)) {
      this.#dirty.set(component, kind);
      return;
    }
    const captured: Captured = { ...this.mark(component), kind, state: captureState(this.#options.snapshot(component)) };
    const done = this.#queue
      .enqueue(codecOf(component), captured, { owned: true })
      .then((ticket) => ticket.done)
      .catch((error: unknown) => this.#options.onError(component, error))
      .finally(() => this.#settled(component));
    this.#busy.set(component, done);
  }

  /** Where `component` stands now; a state captured now but saved later (SaveAll's cut) passes it to saveNow. */
  mark(component: DemoComponent): CaptureMark {
    return { epoch: this.#epochOf(component), seqAtCapture: this.#options.seqs.get(component) };
  }

  /**
   * Foreground save of `state` (captured now unless owned), after the component's pending save; resolves when
   * durable. Rejects with ConflictError (after reloading) if another writer changed the component, and without
   * writing if the component was reloaded since `capturedAt` (default: now): that state predates what is on disk.
   */
  async saveNow(component: DemoComponent, state: unknown, options: { kind?: JournalKind; owned?: boolean; capturedAt?: CaptureMark } = {}): Promise<SaveResult> {
    const kind = options.kind ?? 'save';
    const captured: Captured = { ...(options.capturedAt ?? this.mark(component)), kind, state: options.owned === true ? state : captureState(state) };
    for (let pending = this.#busy.get(component); pending !== undefined; pending = this.#busy.get(component)) await pending;
    const done = this.#writeStored(component, captured);
    this.#busy.set(component, done.catch(() => undefined));
    try {
      return await done;
    } finally {
      this.#settled(component);
    }
  }

  /** Resolves when every save requested so far, and the newer states they left dirty, is written. */
  async flush(): Promise<void> {
    while (this.#busy.size > 0 || this.#dirty.size > 0) {
      await Promise.all(this.#busy.values());
      // Settling re-requests dirty components; give those callbacks their turn.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await this.#queue.close();
  }

  #epochOf(component: DemoComponent): number {
    return this.#epochs.get(component) ?? 0;
  }

  #settled(component: DemoComponent): void {
    this.#busy.delete(component);
    const kind = this.#dirty.get(component);
    if (kind === undefined) return;
    this.#dirty.delete(component);
    this.request(component, kind);
  }

  async #write(component: DemoComponent, captured: Captured): Promise<void> {
    if (captured.epoch !== this.#epochOf(component)) return;
    // In the background the position goes to its slot file every tick; SaveAll snapshots it into the store.
    if (component === 'activePosition') {
      await this.#writePosition(captured.state as Parameters<PositionFile['save']>[0] | null);
      return;
    }
    try {
      await this.#writeStored(component, captured);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }

  async #writeStored(component: DemoComponent, captured: Captured): Promise<SaveResult> {
    const { store, journal, seqs } = this.#options;
    const codec = codecOf(component);
    const started = performance.now();
    try {
      // Captured before a reload: the component on disk is newer than this state.
      if (captured.epoch !== this.#epochOf(component)) throw new ConflictError(captured.seqAtCapture ?? 0, seqs.get(component) ?? 0, { file: store.pathOf(codec, 'current') });
      const expectedSeq = seqs.get(component);
      const result = await store.save(codec, captured.state, expectedSeq === undefined ? {} : { expectedSeq });
      seqs.set(component, result.seq);
      void journal.append({ kind: captured.kind, component: codec.name, seq: result.seq, bytes: result.bytes, outcome: 'ok', durationMs: result.durationMs, phases: result.phases });
      this.#options.onAck({ component: codec.name, seq: result.seq, bytes: result.bytes, ms: round(result.durationMs) });
      return result;
    } catch (error) {
      const conflict = error instanceof ConflictError;
      void journal.append({ kind: captured.kind, component: codec.name, outcome: conflict ? 'skipped' : 'failed', durationMs: performance.now() - started, error: error instanceof Error ? error.message : String(error) });
      if (conflict && captured.epoch === this.#epochOf(component)) await this.#reload(component);
      throw error;
    }
  }

  async #reload(component: DemoComponent): Promise<void> {
    this.#conflicts++;
    this.#epochs.set(component, this.#epochOf(component) + 1);
    this.#dirty.delete(component);
    const loaded = await this.#options.reload(component);
    if (loaded === undefined) this.#options.seqs.delete(component);
    else this.#options.seqs.set(component, loaded);
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
}

function demoComponentOf(codecName: string): DemoComponent {
  const component = componentOf(codecName);
  if (component === undefined) throw new Error(`${codecName} is not a demo agent component`);
  return component;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
