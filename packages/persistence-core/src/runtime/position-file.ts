// The active position (spec 5.1, 6.2, 6.3), saved on every tick: a preallocated file of two
// signed 4 KiB slots written alternately, so a torn write can only damage the slot being
// written while the other still holds the previous tick.
//
// Save:     sign the record → one pwrite into the slot holding the OLDER seq → fdatasync.
//           The file is preallocated once (create, zero-fill, fsync, directory fsync) and the
//           handle stays open, so a tick costs one write and one fdatasync, no metadata.
// Recover:  the valid slot with the highest seq; `open` → an orphaned position, `closed` →
//           the trade had closed, the leftover file is removed. Unreadable files are renamed
//           aside (never deleted) and reported.
// Clear:    (trade close) 1. write a CLOSED record in the next slot + fdatasync — from here a
//           crash recovers "closed", never the old position; 2. close the handle; 3. unlink;
//           4. fsync the directory so the removal survives a power cut.

import { join } from 'node:path';
import type { ActivePositionState } from '../components/types.js';
import { DecodeError } from '../errors.js';
import type { FileHandle, FileSystem } from '../fs/file-system.js';
import { errnoOf, readFileIfExists, writeAll } from '../fs/file-system.js';
import { nodeFileSystem } from '../fs/node-file-system.js';
import type { Keyring } from '../signing/keyring.js';
import type { SaveJournal } from './journal.js';
import { PositionJournalWindow } from './position-journal.js';
import type { RecordKind, SlotReport } from './position-slot.js';
import { RECORD_BYTES, RecordKind as Kind, SLOT_BYTES, SLOT_COUNT, decodeSlot, encodeSlot, positionProblem } from './position-slot.js';

export const POSITION_FILE = 'ProjectQuantum_ActivePosition.dat';
const FILE_BYTES = SLOT_BYTES * SLOT_COUNT;

export interface PositionFileOptions {
  directory: string;
  keyring: Keyring;
  fs?: FileSystem;
  now?: () => number;
  journal?: SaveJournal;
  /** Per-tick writes are journaled as one summary line per window (default 1000 ms). */
  journalWindowMs?: number;
}

export interface PositionRecovery {
  status: 'none' | 'recovered' | 'closed' | 'closed-by-broker' | 'unreadable';
  file: string;
  position?: ActivePositionState;
  slots: SlotReport[];
  /** Where an unreadable file was moved. */
  quarantined?: string;
  message: string;
}

export interface PositionWrite {
  seq: number;
  durationMs: number;
  phases: { sign: number; write: number; fsync: number };
}

export class PositionFile {
  readonly file: string;
  readonly #directory: string;
  readonly #keyring: Keyring;
  readonly #fs: FileSystem;
  readonly #now: () => number;
  readonly #journal: SaveJournal | undefined;
  readonly #journalWindow: PositionJournalWindow | undefined;
  #handle: FileHandle | undefined;
  /** Seq of the newest valid record on disk; undefined until the file has been read. */
  #seq: number | undefined;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(options: PositionFileOptions) {
    this.#directory = options.directory;
    this.file = join(options.directory, POSITION_FILE);
    this.#keyring = options.keyring;
    this.#fs = options.fs ?? nodeFileSystem;
    this.#now = options.now ?? Date.now;
    this.#journal = options.journal;
    this.#journalWindow = options.journal === undefined ? undefined : new PositionJournalWindow(options.journal, options.journalWindowMs);
  }

  /**
   * Start-up: the orphaned position, if one was open when the process stopped. With
   * `isOpen` (the broker's PositionSelectByTicket, spec 5.1), a position the broker already
   * closed is cleared durably and reported as 'closed-by-broker'.
   */
  recover(options: { isOpen?: (ticket: number) => boolean | Promise<boolean> } = {}): Promise<PositionRecovery> {
    return this.#serialized(async () => {
      const recovery = await this.#recover();
      if (recovery.status !== 'recovered' || recovery.position === undefined || options.isOpen === undefined) return recovery;
      if (await options.isOpen(recovery.position.ticket)) return recovery;
      await this.#write(Kind.CLOSED, undefined);
      await this.#removeFile();
      return { ...recovery, status: 'closed-by-broker', message: `orphaned position #${recovery.position.ticket} was already closed by the broker; file removed` };
    });
  }

  /** Durable when it resolves. Saves are serialized; callers that tick faster coalesce upstream. */
  save(position: ActivePositionState): Promise<PositionWrite> {
    const problem = positionProblem(position);
    if (problem !== undefined) return Promise.reject(new DecodeError('ActivePosition', problem, { file: this.file }));
    const captured = { ...position };
    return this.#serialized(() => this.#write(Kind.OPEN, captured));
  }

  /** Trade closed: the position is gone durably when this resolves (see the order above). */
  clear(): Promise<void> {
    return this.#serialized(async () => {
      if ((await this.#fs.stat(this.file)) === undefined && this.#handle === undefined) return;
      await this.#write(Kind.CLOSED, undefined);
      await this.#removeFile();
      this.#journalWindow?.flush();
      void this.#journal?.append({ kind: 'position', component: 'ActivePosition', outcome: 'ok', durationMs: 0, detail: { cleared: true } });
    });
  }

  /** Shutdown: closes the handle and keeps the file (an open position stays recoverable). */
  close(): Promise<void> {
    return this.#serialized(async () => {
      this.#journalWindow?.flush();
      await this.#handle?.close();
      this.#handle = undefined;
    });
  }

  #serialized<T>(step: () => Promise<T>): Promise<T> {
    const result = this.#chain.then(step, step);
    this.#chain = result.catch(() => undefined);
    return result;
  }

  async #recover(): Promise<PositionRecovery> {
    const bytes = await readFileIfExists(this.#fs, this.file);
    if (bytes === undefined) {
      this.#seq = 0;
      return { status: 'none', file: this.file, slots: [], message: 'no active position file' };
    }
    const decoded = Array.from({ length: SLOT_COUNT }, (_, i) => decodeSlot(bytes.subarray(i * SLOT_BYTES, (i + 1) * SLOT_BYTES), i, this.#keyring));
    const slots = decoded.map((slot) => slot.report);
    const newest = decoded.filter((slot) => slot.report.status === 'valid').sort((a, b) => (b.report.seq ?? 0) - (a.report.seq ?? 0))[0];
    if (newest === undefined || bytes.byteLength !== FILE_BYTES) {
      const quarantined = await this.#quarantine();
      return { status: 'unreadable', file: this.file, slots, quarantined, message: `no valid slot (${slots.map((s) => s.status).join(', ')}); file moved to ${quarantined}` };
    }
    this.#seq = newest.report.seq ?? 0;
    if (newest.position === undefined) {
      await this.#removeFile();
      return { status: 'closed', file: this.file, slots, message: 'the position was closed before the stop; leftover file removed' };
    }
    await this.#journal?.append({ kind: 'position', component: 'ActivePosition', seq: this.#seq, outcome: 'ok', durationMs: 0, detail: { recovered: true, ticket: newest.position.ticket } });
    return { status: 'recovered', file: this.file, slots, position: newest.position, message: `recovered orphaned position #${newest.position.ticket} from slot ${newest.report.index} (seq ${this.#seq})` };
  }

  async #write(kind: RecordKind, position: ActivePositionState | undefined): Promise<PositionWrite> {
    const started = performance.now();
    const handle = await this.#ensureOpen();
    const seq = (this.#seq ?? 0) + 1;
    const record = encodeSlot(seq, kind, position, this.#now(), this.#keyring.active);
    const signed = performance.now();
    try {
      await writeAll(handle, record, (seq % SLOT_COUNT) * SLOT_BYTES);
      const written = performance.now();
      await handle.datasync();
      const synced = performance.now();
      // Only now is the slot the newest: a failed write leaves seq unchanged, so the retry
      // targets the same (already damaged) slot and never the one holding the last good record.
      this.#seq = seq;
      const result = { seq, durationMs: synced - started, phases: { sign: signed - started, write: written - signed, fsync: synced - written } };
      if (kind === Kind.OPEN) this.#journalWindow?.record(seq, result.durationMs, result.phases, this.#now());
      return result;
    } catch (error) {
      void this.#journal?.append({ kind: 'position', component: 'ActivePosition', seq, outcome: 'failed', durationMs: performance.now() - started, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }

  async #ensureOpen(): Promise<FileHandle> {
    if (this.#handle !== undefined) return this.#handle;
    if (this.#seq === undefined) await this.#recover();
    if ((await this.#fs.stat(this.file)) === undefined) await this.#preallocate();
    this.#handle = await this.#fs.open(this.file, 'r+');
    return this.#handle;
  }

  /** Once per file: zero-filled slots, fsync, directory fsync, so later ticks change no metadata. */
  async #preallocate(): Promise<void> {
    const handle = await this.#fs.open(this.file, 'wx', 0o600);
    try {
      await writeAll(handle, new Uint8Array(FILE_BYTES), 0);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await this.#fs.syncDirectory(this.#directory);
    this.#seq = 0;
  }

  async #removeFile(): Promise<void> {
    await this.#handle?.close();
    this.#handle = undefined;
    try {
      await this.#fs.unlink(this.file);
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') throw error;
    }
    await this.#fs.syncDirectory(this.#directory);
    this.#seq = 0;
  }

  async #quarantine(): Promise<string> {
    const to = `${this.file}.corrupt-${this.#now()}`;
    await this.#handle?.close();
    this.#handle = undefined;
    await this.#fs.rename(this.file, to);
    await this.#fs.syncDirectory(this.#directory);
    this.#seq = 0;
    return to;
  }
}
