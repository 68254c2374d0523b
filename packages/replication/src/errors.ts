// Replication errors: one base class (a QuantumStateError, so callers of persistence-core
// handle them alike), one subclass per thing a caller or operator can act on.

import { QuantumStateError } from '@quantum/persistence-core';

export class ReplicationError extends QuantumStateError {
  override name = 'ReplicationError';
}

/** The bucket already holds a different object under a generation's name; it was not overwritten. */
export class ObjectConflictError extends ReplicationError {
  override name = 'ObjectConflictError';
  constructor(readonly key: string, localSha256: string, remoteSha256: string | undefined) {
    super(`bucket object ${key} holds other bytes (sha256 ${remoteSha256 ?? 'unknown'}, local ${localSha256}); it was left untouched, never overwritten`);
  }
}

/** An object's bytes do not match its recorded digest, HMAC or the local generation. */
export class RemoteIntegrityError extends ReplicationError {
  override name = 'RemoteIntegrityError';
  constructor(readonly key: string, readonly problem: 'missing' | 'digest-mismatch' | 'hmac-mismatch' | 'wrong-generation' | 'differs-from-local', detail: string) {
    super(`bucket object ${key}: ${problem}: ${detail}`);
  }
}

export type StoreFailure = 'credentials' | 'access-denied' | 'no-bucket' | 'unreachable' | 'server-error' | 'other';

/** A request to the object store failed; `failure` says what kind of failure (for reports and backoff). */
export class StoreError extends ReplicationError {
  override name = 'StoreError';
  constructor(readonly failure: StoreFailure, readonly operation: string, detail: string, options: { cause?: unknown } = {}) {
    super(`${operation} failed (${failure}): ${detail}`, options);
  }
}

/** A restore was refused before anything was written. */
export class RestoreRefusedError extends ReplicationError {
  override name = 'RestoreRefusedError';
}
