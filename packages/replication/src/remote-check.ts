// Checks one downloaded object: digest against its metadata, HMAC with the keyring, the
// component kind and seq its key names. Nothing downloaded is trusted before this passes.

import type { FileHeader, Keyring } from '@quantum/persistence-core';
import { QuantumStateError, openFile } from '@quantum/persistence-core';
import { sha256Hex } from './digest.js';
import { RemoteIntegrityError } from './errors.js';
import type { ObjectFacts } from './bucket.js';

export interface CheckedObject {
  key: string;
  bytes: Uint8Array;
  header: FileHeader;
  sha256: string;
}

export function checkDownloaded(key: string, download: { bytes: Uint8Array; facts: ObjectFacts } | undefined, keyring: Keyring, expected: { kind: number; seq: number }): CheckedObject {
  if (download === undefined) throw new RemoteIntegrityError(key, 'missing', 'the object is not in the bucket');
  const { bytes, facts } = download;
  const sha256 = sha256Hex(bytes);
  const recorded = facts.metadata['sha256'];
  if (recorded === undefined) throw new RemoteIntegrityError(key, 'digest-mismatch', 'the object carries no sha256 metadata');
  if (recorded !== sha256) throw new RemoteIntegrityError(key, 'digest-mismatch', `content sha256 ${sha256}, metadata says ${recorded}`);
  let header: FileHeader;
  try {
    header = openFile(bytes, keyring, { file: key, expectedKind: expected.kind }).header;
  } catch (error) {
    if (!(error instanceof QuantumStateError)) throw error;
    throw new RemoteIntegrityError(key, 'hmac-mismatch', error.message);
  }
  if (header.seq !== expected.seq) throw new RemoteIntegrityError(key, 'wrong-generation', `the file inside has seq ${header.seq}`);
  return { key, bytes, header, sha256 };
}
