// For a point-in-time restore: the delta-log records of a restored Q-table generation that were
// saved at or before that time, from the bucket's segments, checked (digest, every record's
// HMAC, base and consecutive record seqs from 1) and joined into the `<file>.delta` to write.
// A damaged or missing segment ends the chain there, with a warning.

import type { AnyComponentCodec, Keyring } from '@quantum/persistence-core';
import type { Bucket } from './bucket.js';
import { sha256Hex } from './digest.js';
import { parseDeltaSegmentKey, scanDeltaRecords } from './delta-segments.js';
import type { KeyScope } from './object-keys.js';
import { componentPrefix } from './object-keys.js';

export interface RestoredDeltas {
  bytes: Uint8Array;
  records: number;
  keys: string[];
}

export async function deltasUpTo(bucket: Bucket, scope: KeyScope, keyring: Keyring, codec: AnyComponentCodec, baseSeq: number, at: number, warnings: string[]): Promise<RestoredDeltas | undefined> {
  const prefix = componentPrefix(scope, codec.name);
  const segments = (await bucket.list(`${prefix}${String(baseSeq).padStart(16, '0')}.delta.`))
    .flatMap((object) => {
      const parsed = parseDeltaSegmentKey(prefix, object.key);
      return parsed === undefined ? [] : [{ ...parsed, key: object.key }];
    })
    .sort((a, b) => a.first - b.first);
  const parts: Uint8Array[] = [];
  const keys: string[] = [];
  let next = 1;
  for (const segment of segments) {
    if (segment.first !== next) {
      warnings.push(`${codec.name} base ${baseSeq}: delta records from ${next} are not in the bucket (next segment starts at ${segment.first}); restored up to record ${next - 1}`);
      break;
    }
    const download = await bucket.get(segment.key);
    if (download === undefined || download.facts.metadata['sha256'] !== sha256Hex(download.bytes)) {
      warnings.push(`${segment.key}: ${download === undefined ? 'missing' : 'content does not match its sha256'}; delta records restored up to ${next - 1}`);
      break;
    }
    const { records, stopped } = scanDeltaRecords(download.bytes, keyring, codec.kind);
    const usable = records.filter((record, i) => record.baseSeq === baseSeq && record.recordSeq === segment.first + i && record.savedAt <= at);
    for (const record of usable) parts.push(download.bytes.subarray(record.offset, record.offset + record.length));
    keys.push(segment.key);
    next += usable.length;
    if (stopped !== undefined || usable.length !== segment.last - segment.first + 1) {
      if (stopped !== undefined) warnings.push(`${segment.key}: ${stopped}; delta records restored up to ${next - 1}`);
      break;
    }
  }
  if (parts.length === 0) return undefined;
  return { bytes: Buffer.concat(parts), records: next - 1, keys };
}
