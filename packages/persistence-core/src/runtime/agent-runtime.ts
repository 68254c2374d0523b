// The agent's persistence loop: each tick's events go through the SavePolicy, and what it
// asks for is queued (AsyncSaveQueue) or started as a background SaveAll. Nothing here waits
// for a write, so the hot loop never blocks on the disk:
// - states are captured when queued; a component whose state the queue could not take now
//   (over its byte bound) is deferred to a later tick rather than captured late, torn;
// - a SaveAll captures every state at once, then runs after any SaveAll still running;
// - write errors are journaled and counted, never thrown into the tick.
// Shutdown: clean → drain the queue, then SaveAll; abnormal → save nothing (spec 6.5).

import { codecByName } from '../components/registry.js';
import type { ActivePositionState } from '../components/types.js';
import { activePositionCodec } from '../components/active-position.js';
import type { StateDirectory } from '../store/state-directory.js';
import { captureState } from './capture.js';
import type { ComponentSave } from './component-saver.js';
import type { SaveJournal } from './journal.js';
import type { PositionFile, PositionRecovery } from './position-file.js';
import type { SaveAllOptions, SaveAllReport } from './save-all.js';
import { saveAll } from './save-all.js';
import type { PolicyComponent, PolicyEvents, SaveDecision } from './save-policy.js';
import { SavePolicy } from './save-policy.js';
import type { AsyncSaveQueue } from './save-queue.js';

export interface AgentRuntimeOptions {
  store: StateDirectory;
  positions: PositionFile;
  queue: AsyncSaveQueue<ComponentSave>;
  policy?: SavePolicy;
  journal?: SaveJournal;
  /** The component's state now; it may be a view of live memory (it is captured at once). */
  snapshot: (component: PolicyComponent) => unknown;
  position: () => ActivePositionState | null;
  /** The components a SaveAll writes. */
  components: readonly PolicyComponent[];
  /** How SaveAll writes a component (e.g. a WorkerSaver); default the store. */
  saveAllWith?: SaveAllOptions['save'];
}

export class AgentRuntime {
  readonly policy: SavePolicy;
  readonly #options: AgentRuntimeOptions;
  readonly #deferred = new Set<PolicyComponent>();
  #saveAlls: Promise<unknown> = Promise.resolve();
  #failures = 0;
  #lastError: string | undefined;

  constructor(options: AgentRuntimeOptions) {
    this.#options = options;
    this.policy = options.policy ?? new SavePolicy();
  }

  get health(): { failures: number; lastError: string | undefined; deferred: PolicyComponent[] } {
    return { failures: this.#failures, lastError: this.#lastError, deferred: [...this.#deferred] };
  }

  /** Start-up: the orphaned position, if one was open when the process stopped (see PositionFile.recover). */
  recover(options: Parameters<PositionFile['recover']>[0] = {}): Promise<PositionRecovery> {
    return this.#options.positions.recover(options);
  }

  /** Decides and schedules this tick's saves; returns at once. */
  onTick(events: PolicyEvents, now?: number): SaveDecision {
    const decision = this.policy.observe(events, now);
    const { queue } = this.#options;
    if (decision.position !== 'none') this.#track(queue.enqueue(activePositionCodec, decision.position === 'save' ? this.#options.position() : null).then((ticket) => ticket.done));
    if (decision.saveAll !== undefined) {
      this.#deferred.clear();
      this.#track(this.saveAll(decision.saveAll));
      return decision;
    }
    for (const component of new Set([...this.#deferred, ...decision.components.keys()])) {
      const codec = codecByName(component);
      if (codec === undefined) continue;
      const state = this.#options.snapshot(component);
      if (queue.wouldWait(state)) {
        this.#deferred.add(component);
        continue;
      }
      this.#deferred.delete(component);
      this.#track(queue.enqueue(codec, state).then((ticket) => ticket.done));
    }
    return decision;
  }

  /** Captures every component now; writes after any SaveAll still running. */
  saveAll(reason: string): Promise<SaveAllReport> {
    const items = this.#options.components.flatMap((component) => {
      const codec = codecByName(component);
      return codec === undefined ? [] : [{ codec, state: captureState(this.#options.snapshot(component)) }];
    });
    const { store, journal, saveAllWith } = this.#options;
    const run = this.#saveAlls.then(() => saveAll(items, { store, reason, capture: false, ...(journal ? { journal } : {}), ...(saveAllWith ? { save: saveAllWith } : {}) }));
    this.#saveAlls = run.catch(() => undefined);
    return run;
  }

  /** Clean: drain the queue, then SaveAll. Abnormal: nothing is saved. */
  async shutdown(kind: 'clean' | 'abnormal'): Promise<SaveAllReport | undefined> {
    const decision = this.policy.shutdown(kind);
    if (decision.saveAll === undefined) return undefined;
    await this.#options.queue.flush();
    const report = await this.saveAll(decision.saveAll);
    await this.#options.positions.close();
    return report;
  }

  #track(work: Promise<unknown>): void {
    work.catch((error: unknown) => {
      this.#failures++;
      this.#lastError = error instanceof Error ? error.message : String(error);
    });
  }
}
