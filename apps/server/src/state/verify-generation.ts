// One generation file, read once: verified (header, key, HMAC), decoded, and reported the way
// the API shows it. Rejections keep the reason and a message with paths made relative.

import type { GenerationInfo } from '@quantum/api-contract';
import type { ComponentCodec, GenerationName, Keyring } from '@quantum/persistence-core';
import { HeaderFlag, QuantumStateError, decodeGeneration, rejectReasonOf } from '@quantum/persistence-core';
import type { CachedGeneration } from './generation-cache.js';
import { approximateBytes } from './generation-cache.js';

export interface Examined {
  report: GenerationInfo;
  entry?: CachedGeneration;
}

export function verifyGeneration(codec: ComponentCodec<unknown>, generation: GenerationName, bytes: Uint8Array, keyring: Keyring, path: string, directory: string): Examined {
  try {
    const decoded = decodeGeneration(codec, bytes, keyring, path);
    const header = decoded.header;
    const report: GenerationInfo = {
      generation,
      status: 'valid',
      seq: header.seq,
      savedAt: header.savedAt,
      sizeBytes: bytes.byteLength,
      schemaVersion: header.schemaVersion,
      pendingMigration: header.schemaVersion < codec.schemaVersion,
      keyFingerprint: Buffer.from(header.keyFingerprint).toString('hex'),
      flags: header.flags,
      suspect: (header.flags & HeaderFlag.SUSPECT) !== 0,
      restored: (header.flags & HeaderFlag.RESTORED) !== 0,
    };
    const entry: CachedGeneration = { component: codec.name, seq: header.seq, header, sizeBytes: bytes.byteLength, state: decoded.state, derived: new Map(), approxBytes: approximateBytes(decoded.state) };
    return { report, entry };
  } catch (error) {
    if (!(error instanceof QuantumStateError)) throw error;
    return { report: { generation, status: 'rejected', reason: rejectReasonOf(error), message: error.message.split(directory).join('.'), sizeBytes: bytes.byteLength } };
  }
}
