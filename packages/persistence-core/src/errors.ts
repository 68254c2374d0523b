// The errors a caller of persistence-core can act on: one base class, one subclass per action.

import type { CheckFinding } from './guard/findings.js';

/** Why a generation file could not be used; stable codes for reports, the CLI and the API. */
export type RejectReason =
  | 'missing'
  | 'empty'
  | 'truncated'
  | 'trailing-bytes'
  | 'bad-magic'
  | 'corrupt-header'
  | 'wrong-component'
  | 'hmac-mismatch'
  | 'unknown-key'
  | 'newer-format'
  | 'newer-schema'
  | 'decode-error'
  | 'migration-failed'
  | 'semantic-check-failed'
  | 'io-error';

export class QuantumStateError extends Error {
  override name = 'QuantumStateError';
  /** The file (or directory) the error is about, when there is one. */
  readonly file: string | undefined;

  constructor(message: string, options: { file?: string | undefined; cause?: unknown } = {}) {
    super(options.file === undefined ? message : `${options.file}: ${message}`, { cause: options.cause });
    this.file = options.file;
  }
}

/** The file's bytes are not a valid state file: truncated, bit rot, tampering, garbage. */
export class CorruptFileError extends QuantumStateError {
  override name = 'CorruptFileError';
  constructor(
    readonly reason: Exclude<RejectReason, 'unknown-key' | 'newer-format' | 'newer-schema' | 'decode-error' | 'migration-failed'>,
    message: string,
    options: { file?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/** The file is intact but was signed by a key this keyring does not hold. */
export class WrongKeyError extends QuantumStateError {
  override name = 'WrongKeyError';
  readonly reason = 'unknown-key' as const;
  constructor(
    readonly fingerprint: string,
    options: { file?: string | undefined; cause?: unknown } = {},
  ) {
    super(`signed by key ${fingerprint}, which is not in this keyring`, options);
  }
}

/** The file was written by a newer build (format or component schema) and is not misread. */
export class NewerVersionError extends QuantumStateError {
  override name = 'NewerVersionError';
  constructor(
    readonly reason: 'newer-format' | 'newer-schema',
    readonly found: number,
    readonly supported: number,
    options: { file?: string | undefined } = {},
  ) {
    super(
      `${reason === 'newer-format' ? 'file format' : 'schema'} version ${found} is newer than this build supports (${supported}); upgrade before loading it`,
      options,
    );
  }
}

/** The signature is valid but a field is outside its domain: the writer saved a bad state. */
export class DecodeError extends QuantumStateError {
  override name = 'DecodeError';
  readonly reason = 'decode-error' as const;
  constructor(
    readonly field: string,
    detail: string,
    options: { file?: string | undefined; cause?: unknown } = {},
  ) {
    super(`field ${field}: ${detail}`, options);
  }
}

/** A save was refused because the state failed a semantic check; the previous generations are intact. */
export class SemanticCheckError extends QuantumStateError {
  override name = 'SemanticCheckError';
  readonly reason = 'semantic-check-failed' as const;
  constructor(
    readonly findings: readonly CheckFinding[],
    options: { file?: string | undefined } = {},
  ) {
    const refused = findings.filter((finding) => finding.action === 'refuse');
    const first = refused[0] ?? findings[0];
    super(
      `save refused by ${refused.length} semantic check${refused.length === 1 ? '' : 's'}${first === undefined ? '' : `, first ${first.check} on ${first.field}: ${first.detail}`}; previous generations are intact`,
      options,
    );
  }
}

export class MigrationError extends QuantumStateError {
  override name = 'MigrationError';
  readonly reason = 'migration-failed' as const;
  constructor(
    readonly fromVersion: number,
    readonly toVersion: number,
    options: { file?: string | undefined; cause?: unknown } = {},
  ) {
    super(`migration from schema v${fromVersion} to v${toVersion} failed${options.cause instanceof Error ? `: ${options.cause.message}` : ''}`, options);
  }
}

/** Not enough free space for the save plus the reserve; nothing was changed. */
export class DiskFullError extends QuantumStateError {
  override name = 'DiskFullError';
  constructor(
    message: string,
    options: { file?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/** Another live process holds the lock. */
export class LockedError extends QuantumStateError {
  override name = 'LockedError';
  constructor(
    readonly holder: string,
    options: { file?: string | undefined } = {},
  ) {
    super(`locked by ${holder}`, options);
  }
}

/** The component was written by someone else (a restore, another agent) since this writer read it. */
export class ConflictError extends QuantumStateError {
  override name = 'ConflictError';
  constructor(
    readonly expectedSeq: number,
    readonly foundSeq: number,
    options: { file?: string | undefined } = {},
  ) {
    super(`current generation is seq ${foundSeq}, this writer expected seq ${expectedSeq}: reload before saving`, options);
  }
}

/** What a failed save left behind, for its message: before the commit rename, or after it. */
export function saveOutcome(committed: boolean): string {
  return committed ? 'the new state is in place but not confirmed durable; previous generations are kept' : 'previous generations are intact';
}

/**
 * A save failed at a named step. Before the commit rename the previous generations are intact;
 * after it (`committed`), the new state is in place but its durability was not confirmed.
 */
export class SaveFailedError extends QuantumStateError {
  override name = 'SaveFailedError';
  readonly committed: boolean;

  constructor(
    readonly step: string,
    options: { file?: string | undefined; cause?: unknown; committed?: boolean },
  ) {
    super(`save failed at step "${step}"${options.cause instanceof Error ? `: ${options.cause.message}` : ''}; ${saveOutcome(options.committed === true)}`, options);
    this.committed = options.committed === true;
  }
}

/** The key file is missing, unreadable, malformed or too open. */
export class KeyringError extends QuantumStateError {
  override name = 'KeyringError';
}

export const isQuantumStateError = (error: unknown): error is QuantumStateError => error instanceof QuantumStateError;
export const isCorruptFileError = (error: unknown): error is CorruptFileError => error instanceof CorruptFileError;
export const isWrongKeyError = (error: unknown): error is WrongKeyError => error instanceof WrongKeyError;
export const isNewerVersionError = (error: unknown): error is NewerVersionError => error instanceof NewerVersionError;
export const isDecodeError = (error: unknown): error is DecodeError => error instanceof DecodeError;
export const isMigrationError = (error: unknown): error is MigrationError => error instanceof MigrationError;
export const isDiskFullError = (error: unknown): error is DiskFullError => error instanceof DiskFullError;
export const isConflictError = (error: unknown): error is ConflictError => error instanceof ConflictError;
export const isSaveFailedError = (error: unknown): error is SaveFailedError => error instanceof SaveFailedError;
export const isSemanticCheckError = (error: unknown): error is SemanticCheckError => error instanceof SemanticCheckError;
export const isLockedError = (error: unknown): error is LockedError => error instanceof LockedError;

/** The reject reason carried by an error, for reports; 'io-error' for anything unexpected. */
export function rejectReasonOf(error: unknown): RejectReason {
  if (error instanceof CorruptFileError || error instanceof NewerVersionError) return error.reason;
  if (error instanceof WrongKeyError || error instanceof DecodeError || error instanceof MigrationError || error instanceof SemanticCheckError) return error.reason;
  return 'io-error';
}
