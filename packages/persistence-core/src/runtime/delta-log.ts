// Incremental Q-table saves (spec 7.2): dirty entries are appended to `<file>.delta` as signed
// records, each durable (one write + fdatasync) when append resolves; load applies the full
// generation + its contiguous records; compaction folds everything into a new generation.
//
// Compaction order, each step crash-safe:
//   1. StateDirectory.save(full state) commits generation S' (durable, rotated).
//      A crash here leaves the old log, whose records are for base S < S': load ignores them
//      as already folded, and the next open removes the stale log.
//   2. The old log is unlinked — or, if reading it had stopped at a bad record, renamed to
//      `.delta.stopped-<ms>` so the evidence is kept — then the directory is fsynced.
//   3. New records carry base S', seq 1, 2, ... in a fresh file.
// Auto-compaction runs when the log reaches `maxRecords` or `maxBytes`, after any failed
// append (a partial record may be on disk, and records after it would be unreachable), and
// when the log could not be read to its end.
// Another process (the console) may compact too. So an append holds the component lock and
// first checks that the current generation is still its base: if not, it throws
// ConflictError and save() compacts the live state instead (the agent's live Q-table holds
// everything the other compaction folded). Retiring a log also holds the lock and removes
// only records already folded into the current generation.

import type { ComponentCodec } from '../components/codec.js';
import type { QTable } from '../components/types.js';
import { ConflictError, QuantumStateError } from '../errors.js';
import type { FileHandle } from '../fs/file-system.js';
import { errnoOf, readFileIfExists } from '../fs/file-system.js';
import type { StateDirectory } from '../store/state-directory.js';
import type { LoadResult, SaveResult } from '../store/reports.js';
import type { SaveJournal } from './journal.js';
import { captureDirtyEntries, encodeDeltaRecord } from './delta-record.js';
import type { DeltaReport } from './delta-scan.js';
import { applyDeltas, scanDeltaLog } from './delta-scan.js';

export interface DeltaThresholds {
  maxRecords: number;
  maxBytes: number;
}

export const DEFAULT_DELTA_THRESHOLDS: DeltaThresholds = { maxRecords: 1000, maxBytes: 16 * 1024 * 1024 };

export interface DeltaLogOptions<S extends QTableState> {
  store: StateDirectory;
  codec: ComponentCodec<S>;
  journal?: SaveJournal;
  thresholds?: Partial<DeltaThresholds>;
  now?: () => number;
}

export interface DeltaAppend {
  component: string;
  file: string;
  baseSeq: number;
  recordSeq: number;
  entries: number;
  bytes: number;
  durationMs: number;
  phases: { encode: number; write: number; fsync: number; syncDirectory: number };
}

export type IncrementalSave = { kind: 'delta'; delta: DeltaAppend } | { kind: 'compaction'; save: SaveResult; reason: string };

/** The delta log cannot take records until it is compacted. */
export class DeltaLogError extends QuantumStateError {
  override name = 'DeltaLogError';
}

export interface QTableState {
  qTable: QTable;
}

export interface IncrementalLoad<S extends QTableState> {
  state: S;
  load: LoadResult<S>;
  deltas: DeltaReport;
  log: DeltaLog<S>;
}

export function deltaPath(store: StateDirectory, codec: ComponentCodec<unknown>): string {
  return `${store.pathOf(codec, 'current')}.delta`;
}

/** Loads the newest usable generation, applies its delta records, and opens the log for appending. */
export async function loadIncremental<S extends QTableState>(options: DeltaLogOptions<S>): Promise<IncrementalLoad<S>> {
  const { store, codec } = options;
  const load = await store.load(codec);
  const baseSeq = load.header?.seq ?? 0;
  const file = deltaPath(store, codec as ComponentCodec<unknown>);
  const { report, records } = scanDeltaLog(await readFileIfExists(store.fs, file), file, store.keyring, codec.kind, baseSeq);
  const state = records.length === 0 ? load.state : { ...load.state, qTable: applyDeltas(load.state.qTable, records) };
  const log = new DeltaLog(options, report, load.header === undefined);
  if (report.status === 'clean' && report.applied === 0 && report.staleRecords > 0) await log.removeStaleLog();
  return { state, load, deltas: report, log };
}

export class DeltaLog<S extends QTableState> {
  readonly file: string;
  readonly #options: DeltaLogOptions<S>;
  readonly #thresholds: DeltaThresholds;
  #handle: FileHandle | undefined;
  #baseSeq: number;
  #lastSeq: number;
  #bytes: number;
  #compactionReason: string | undefined;
  /** ino:size:mtime of the current generation file last seen to be this log's base. */
  #baseIdentity: string | undefined;
  #chain: Promise<unknown> = Promise.resolve();

  /** Use loadIncremental: the log must start from what load read. */
  constructor(options: DeltaLogOptions<S>, report: DeltaReport, noBase: boolean) {
    this.#options = options;
    this.#thresholds = { ...DEFAULT_DELTA_THRESHOLDS, ...options.thresholds };
    this.file = report.file;
    this.#baseSeq = report.baseSeq;
    this.#lastSeq = report.lastGoodSeq;
    this.#bytes = report.goodBytes;
    this.#compactionReason = noBase ? 'no full generation to apply deltas to' : report.status === 'stopped' ? `the log stopped at a bad record (${report.stoppedAt?.reason})` : undefined;
  }

  get status(): { baseSeq: number; records: number; bytes: number; compactionDue: string | undefined } {
    return { baseSeq: this.#baseSeq, records: this.#lastSeq, bytes: this.#bytes, compactionDue: this.#compactionReason };
  }

  /** Appends the dirty entries durably; throws DeltaLogError if the log must be compacted first. */
  append(dirty: QTable): Promise<DeltaAppend> {
    const captured = captureDirtyEntries(dirty, this.file);
    return this.#serialized(() => this.#append(captured));
  }

  /** Folds everything into a new full generation (`state` must hold every entry) and starts a fresh log. */
  compact(state: S, reason = 'requested'): Promise<SaveResult> {
    return this.#serialized(() => this.#compact(state, reason));
  }

  /** Appends `dirty`, or compacts `state` instead when a threshold, a problem or another writer calls for it. */
  save(dirty: QTable, state: S): Promise<IncrementalSave> {
    const captured = captureDirtyEntries(dirty, this.file);
    return this.#serialized(async () => {
      const reason = this.#compactionReason ?? this.#thresholdReason();
      if (reason !== undefined) return { kind: 'compaction', save: await this.#compact(state, reason), reason };
      try {
        return { kind: 'delta', delta: await this.#append(captured) };
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        const conflict = this.#compactionReason ?? error.message;
        return { kind: 'compaction', save: await this.#compact(state, conflict), reason: conflict };
      }
    });
  }

  async close(): Promise<void> {
    await this.#serialized(async () => {
      await this.#handle?.close();
      this.#handle = undefined;
    });
  }

  /** Records already folded into the loaded generation (a crash after compaction step 1). */
  async removeStaleLog(): Promise<void> {
    await this.#serialized(() => this.#retireLog());
  }

  #serialized<T>(step: () => Promise<T>): Promise<T> {
    const result = this.#chain.then(step, step);
    this.#chain = result.catch(() => undefined);
    return result;
  }

  #thresholdReason(): string | undefined {
    if (this.#lastSeq >= this.#thresholds.maxRecords) return `${this.#lastSeq} records reached the limit of ${this.#thresholds.maxRecords}`;
    if (this.#bytes >= this.#thresholds.maxBytes) return `${this.#bytes} bytes reached the limit of ${this.#thresholds.maxBytes}`;
    return undefined;
  }

  async #append(dirty: QTable): Promise<DeltaAppend> {
    if (this.#compactionReason !== undefined) throw new DeltaLogError(`compaction required before appending: ${this.#compactionReason}`, { file: this.file });
    const { store, codec } = this.#options;
    const started = performance.now();
    const recordSeq = this.#lastSeq + 1;
    const record = encodeDeltaRecord({ componentKind: codec.kind, baseSeq: this.#baseSeq, recordSeq, savedAt: (this.#options.now ?? Date.now)(), entries: dirty }, store.keyring.active);
    const encoded = performance.now();
    return store.withLock(codec, async () => {
      await this.#checkBaseIsCurrent();
      return this.#write(record, recordSeq, dirty.stateHash.length, started, encoded);
    });
  }

  /**
   * Another writer's save replaces the current file (a new inode), so an unchanged stat of
   * the file verified as the base proves the base is still current without reading it.
   */
  async #checkBaseIsCurrent(): Promise<void> {
    const { store, codec } = this.#options;
    const stat = await store.fs.stat(store.pathOf(codec, 'current'));
    const identity = stat === undefined ? 'none' : `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    if (identity === this.#baseIdentity) return;
    const current = (await store.currentHeader(codec))?.seq ?? 0;
    if (current !== this.#baseSeq) {
      this.#compactionReason = `generation ${current} was written by another writer since this log's base ${this.#baseSeq}`;
      throw new ConflictError(this.#baseSeq, current, { file: this.file });
    }
    this.#baseIdentity = identity;
  }

  async #write(record: Uint8Array, recordSeq: number, entries: number, started: number, encoded: number): Promise<DeltaAppend> {
    const { store, codec, journal } = this.#options;
    try {
      const created = this.#handle === undefined && (await store.fs.stat(this.file)) === undefined;
      this.#handle ??= await store.fs.open(this.file, 'a', 0o600);
      const written = await this.#handle.write(record, null);
      if (written !== record.byteLength) throw new DeltaLogError(`short append: ${written} of ${record.byteLength} bytes`, { file: this.file });
      const wrote = performance.now();
      await this.#handle.datasync();
      const synced = performance.now();
      // A new file's directory entry is not covered by fdatasync of the file.
      if (created) await store.fs.syncDirectory(store.directory);
      const done = performance.now();
      this.#lastSeq = recordSeq;
      this.#bytes += record.byteLength;
      const result: DeltaAppend = {
        component: codec.name, file: this.file, baseSeq: this.#baseSeq, recordSeq, entries, bytes: record.byteLength,
        durationMs: done - started, phases: { encode: encoded - started, write: wrote - encoded, fsync: synced - wrote, syncDirectory: done - synced },
      };
      void journal?.append({ kind: 'delta', component: codec.name, seq: recordSeq, bytes: record.byteLength, outcome: 'ok', durationMs: result.durationMs, phases: result.phases, detail: { baseSeq: this.#baseSeq, entries: result.entries } });
      return result;
    } catch (error) {
      this.#compactionReason = `append of record ${recordSeq} failed: ${error instanceof Error ? error.message : String(error)}`;
      void journal?.append({ kind: 'delta', component: codec.name, seq: recordSeq, outcome: 'failed', durationMs: performance.now() - started, error: this.#compactionReason });
      throw error;
    }
  }

  async #compact(state: S, reason: string): Promise<SaveResult> {
    const { store, codec, journal } = this.#options;
    const started = performance.now();
    try {
      const saved = await store.save(codec, state);
      // From here new records must name the new base, even if retiring the old log fails.
      this.#baseSeq = saved.seq;
      this.#compactionReason = 'the previous log could not be retired';
      await this.#retireLog();
      this.#compactionReason = undefined;
      void journal?.append({ kind: 'compaction', component: codec.name, seq: saved.seq, bytes: saved.bytes, outcome: 'ok', durationMs: performance.now() - started, phases: saved.phases, detail: { reason } });
      return saved;
    } catch (error) {
      void journal?.append({ kind: 'compaction', component: codec.name, outcome: 'failed', durationMs: performance.now() - started, error: error instanceof Error ? error.message : String(error), detail: { reason } });
      throw error;
    }
  }

  /**
   * Under the component lock: removes the log if every record in it is folded into the current
   * generation; moves it aside if reading it stopped at a bad record (evidence is kept); keeps
   * it, and appends after it, if it holds only good records for the current generation.
   */
  async #retireLog(): Promise<void> {
    const { store, codec } = this.#options;
    await this.#handle?.close();
    this.#handle = undefined;
    await store.withLock(codec, async () => {
      const current = (await store.currentHeader(codec))?.seq ?? 0;
      const bytes = await readFileIfExists(store.fs, this.file);
      const { report } = scanDeltaLog(bytes, this.file, store.keyring, codec.kind, current);
      this.#baseSeq = current;
      this.#lastSeq = report.lastGoodSeq;
      this.#bytes = report.goodBytes;
      if (bytes === undefined || (report.applied > 0 && report.status === 'clean')) return;
      if (report.status === 'stopped') {
        await store.fs.rename(this.file, `${this.file}.stopped-${(this.#options.now ?? Date.now)()}`);
      } else {
        await unlinkIfExists(store, this.file);
      }
      await store.fs.syncDirectory(store.directory);
      this.#lastSeq = 0;
      this.#bytes = 0;
    });
  }
}

async function unlinkIfExists(store: StateDirectory, file: string): Promise<void> {
  try {
    await store.fs.unlink(file);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') throw error;
  }
}
