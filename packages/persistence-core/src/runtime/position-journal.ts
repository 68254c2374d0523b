// Journal lines for per-tick position saves: one summary line per window (default 1 s) with
// the count and latency percentiles, instead of a line per tick that would flood the bounded
// journal (pushing out the history of every other save) and, on ext4, drag each tick's
// fdatasync into committing the journal file's growth. Failures are written at once.

import type { SaveJournal } from './journal.js';

export class PositionJournalWindow {
  readonly #journal: SaveJournal;
  readonly #windowMs: number;
  #durations: number[] = [];
  #phases = { sign: 0, write: 0, fsync: 0 };
  #windowStart = 0;
  #lastSeq = 0;

  constructor(journal: SaveJournal, windowMs = 1_000) {
    this.#journal = journal;
    this.#windowMs = windowMs;
  }

  /** Adds one write; appends the window's summary line when the window is over. */
  record(seq: number, durationMs: number, phases: { sign: number; write: number; fsync: number }, now: number): void {
    if (this.#durations.length === 0) this.#windowStart = now;
    this.#durations.push(durationMs);
    this.#phases.sign += phases.sign;
    this.#phases.write += phases.write;
    this.#phases.fsync += phases.fsync;
    this.#lastSeq = seq;
    if (now - this.#windowStart >= this.#windowMs) this.flush();
  }

  /** Appends the pending summary (on clear, close, or window end). */
  flush(): void {
    const count = this.#durations.length;
    if (count === 0) return;
    const sorted = this.#durations.sort((a, b) => a - b);
    const at = (p: number): number => sorted[Math.min(count - 1, Math.floor(p * count))] as number;
    void this.#journal.append({
      kind: 'position', component: 'ActivePosition', seq: this.#lastSeq, bytes: 0, outcome: 'ok',
      durationMs: at(0.5),
      phases: { sign: this.#phases.sign / count, write: this.#phases.write / count, fsync: this.#phases.fsync / count },
      detail: { writes: count, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted[count - 1] as number },
    });
    this.#durations = [];
    this.#phases = { sign: 0, write: 0, fsync: 0 };
  }
}
