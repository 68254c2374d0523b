// What save, load and inspect tell the caller: per generation status and reasons.

import type { RejectReason } from '../errors.js';
import type { LastResortPin } from '../guard/last-resort.js';
import type { GuardReport } from '../guard/save-guard.js';
import type { FileHeader } from '../format/header.js';
import type { GenerationName } from './generations.js';
import type { OutboxLink } from './outbox.js';
import type { QuarantinedFile } from './quarantine.js';

export interface GenerationReport {
  generation: GenerationName;
  file: string;
  /** 'unchecked': present but not verified, because load stopped at a newer valid generation. */
  status: 'valid' | 'missing' | 'rejected' | 'unchecked';
  reason?: RejectReason;
  message?: string;
  seq?: number;
  savedAt?: number;
  schemaVersion?: number;
  sizeBytes?: number;
  keyFingerprint?: string;
  flags?: number;
  pendingMigration?: boolean;
}

export interface RecoveryReport {
  component: string;
  /** ok: current loaded; warning: recovered from a backup, migrated or rollback seen; error: nothing usable. */
  level: 'ok' | 'warning' | 'error';
  used: GenerationName | null;
  generations: GenerationReport[];
  quarantined: QuarantinedFile[];
  migratedFrom?: number;
  message: string;
  /** A pinned generation newer than what was loaded (or anything, when nothing was): reported, never loaded. */
  lastResort?: LastResortPin;
}

export interface LoadResult<S> {
  state: S;
  header?: FileHeader;
  report: RecoveryReport;
}

export interface SaveResult {
  component: string;
  file: string;
  seq: number;
  bytes: number;
  savedAt: number;
  durationMs: number;
  flags: number;
  /**
   * Milliseconds per step: lock, prepare (chain stats, guard checks, seq, free space), encode, write, fsync,
   * verify, rotate, rename, syncDirectory, outbox, finish. fsync, verify and rotate run at the
   * same time, so the phases may add up to more than durationMs.
   */
  phases: { lock: number; prepare: number; encode: number; write: number; fsync: number; verify: number; rotate: number; rename: number; syncDirectory: number; outbox: number; finish: number };
  /** Generations found invalid during the save and moved aside instead of being rotated. */
  quarantined: QuarantinedFile[];
  /** The semantic checks' verdict, when the store has a guard (GUARD.md). */
  guard?: GuardReport;
  /** The link into the replication outbox (`.outbox/`, CRASH-SAFETY.md); absent while replication is off. */
  outbox?: OutboxLink;
}

export function headerFields(header: FileHeader, currentSchema: number): Partial<GenerationReport> {
  return {
    seq: header.seq,
    savedAt: header.savedAt,
    schemaVersion: header.schemaVersion,
    keyFingerprint: Buffer.from(header.keyFingerprint).toString('hex'),
    flags: header.flags,
    pendingMigration: header.schemaVersion < currentSchema,
  };
}
