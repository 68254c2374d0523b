// The live feed of the save journal: follows the journal file, keeps a bounded window of recent
// entries for latency percentiles and metrics, and fans new entries out to subscribers (SSE).

import type { SaveEvent } from '@quantum/api-contract';
import type { PositionedEntry } from '@quantum/persistence-core';
import { followJournal, readJournal } from '@quantum/persistence-core';

export function toSaveEvent({ position, entry }: PositionedEntry): SaveEvent {
  return {
    position,
    time: entry.time,
    kind: entry.kind,
    component: entry.component,
    outcome: entry.outcome,
    ...(entry.seq !== undefined ? { seq: entry.seq } : {}),
    ...(entry.bytes !== undefined ? { bytes: entry.bytes } : {}),
    ...(entry.error !== undefined ? { error: entry.error } : {}),
    durationMs: entry.durationMs,
    ...(entry.phases !== undefined ? { phases: entry.phases } : {}),
    pid: entry.pid,
  };
}

export class SaveFeed {
  readonly #directory: string;
  readonly #capacity: number;
  readonly #recent: SaveEvent[] = [];
  readonly #onError: (error: unknown) => void;
  readonly #abort = new AbortController();
  readonly #listeners = new Set<(event: SaveEvent) => void>();
  #running: Promise<void> | undefined;

  readonly intervalMs: number;

  constructor(directory: string, options: { capacity?: number; intervalMs?: number; onError?: (error: unknown) => void } = {}) {
    this.#directory = directory;
    this.#capacity = options.capacity ?? 20_000;
    this.intervalMs = options.intervalMs ?? 200;
    this.#onError = options.onError ?? (() => undefined);
  }

  /**
   * Starts following from the oldest kept entry, so windows include saves from before the
   * server started. A failed read (journal rotated mid-read, I/O error) is reported and the
   * follower resumes after the last entry it delivered.
   */
  start(): void {
    if (this.#running !== undefined) return;
    this.#running = (async () => {
      while (!this.#abort.signal.aborted) {
        const after = this.#recent[this.#recent.length - 1]?.position;
        try {
          for await (const positioned of followJournal(this.#directory, { intervalMs: this.intervalMs, signal: this.#abort.signal, ...(after === undefined ? {} : { after }) })) {
            this.#deliver(toSaveEvent(positioned));
          }
        } catch (error) {
          if (this.#abort.signal.aborted) return;
          this.#onError(error);
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    })();
  }

  #deliver(event: SaveEvent): void {
    this.#recent.push(event);
    if (this.#recent.length > this.#capacity) this.#recent.splice(0, this.#recent.length - this.#capacity);
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#onError(error);
      }
    }
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#running;
  }

  /** Recent entries, oldest first. */
  get recent(): readonly SaveEvent[] {
    return this.#recent;
  }

  subscribe(listener: (event: SaveEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Entries after `position`, from the journal itself (for Last-Event-ID resumes). */
  async since(position: string, limit = 1000): Promise<SaveEvent[]> {
    const page = await readJournal(this.#directory, { after: position, limit });
    return page.entries.map(toSaveEvent);
  }
}
