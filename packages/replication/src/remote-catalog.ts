// What the bucket holds for an installation: generation objects per component, with the
// metadata written at upload (read by HEAD, cached: objects are immutable).

import type { Bucket, ObjectFacts } from './bucket.js';
import type { KeyScope } from './object-keys.js';
import { parseDeltaSegmentKey } from './delta-segments.js';
import { componentPrefix, seqOfKey } from './object-keys.js';

export interface RemoteGeneration {
  component: string;
  seq: number;
  key: string;
  size: number;
  sha256?: string;
  savedAt?: number;
  flags?: number;
}

export class RemoteCatalog {
  readonly #facts = new Map<string, ObjectFacts>();

  constructor(readonly bucket: Bucket, readonly scope: KeyScope) {}

  /** The component's generation objects, oldest seq first; `withMetadata` adds savedAt, flags, sha256 (one HEAD per new object). */
  async generations(component: string, withMetadata = false): Promise<RemoteGeneration[]> {
    const prefix = componentPrefix(this.scope, component);
    const found: RemoteGeneration[] = [];
    for (const object of await this.bucket.list(prefix)) {
      const seq = seqOfKey(prefix, object.key);
      if (seq === undefined) continue;
      const generation: RemoteGeneration = { component, seq, key: object.key, size: object.size };
      if (withMetadata) Object.assign(generation, metadataFields(await this.#head(object.key)));
      found.push(generation);
    }
    return found.sort((a, b) => a.seq - b.seq);
  }

  /** The component's delta-log segments (see delta-segments.ts), by base seq then first record. */
  async deltaSegments(component: string): Promise<{ key: string; baseSeq: number; first: number; last: number }[]> {
    const prefix = componentPrefix(this.scope, component);
    return (await this.bucket.list(prefix))
      .flatMap((object) => {
        const parsed = parseDeltaSegmentKey(prefix, object.key);
        return parsed === undefined ? [] : [{ key: object.key, ...parsed }];
      })
      .sort((a, b) => a.baseSeq - b.baseSeq || a.first - b.first);
  }

  forget(key: string): void {
    this.#facts.delete(key);
  }

  async #head(key: string): Promise<ObjectFacts | undefined> {
    const cached = this.#facts.get(key);
    if (cached !== undefined) return cached;
    const facts = await this.bucket.head(key);
    if (facts !== undefined) this.#facts.set(key, facts);
    return facts;
  }
}

function metadataFields(facts: ObjectFacts | undefined): Partial<RemoteGeneration> {
  if (facts === undefined) return {};
  const fields: Partial<RemoteGeneration> = {};
  const { sha256, flags } = facts.metadata;
  const savedAt = facts.metadata['saved-at'];
  if (sha256 !== undefined) fields.sha256 = sha256;
  if (savedAt !== undefined && /^-?\d+$/.test(savedAt)) fields.savedAt = Number(savedAt);
  if (flags !== undefined && /^\d+$/.test(flags)) fields.flags = Number(flags);
  return fields;
}
