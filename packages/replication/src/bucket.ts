// The object store as the replicator needs it: immutable puts that never overwrite, reads
// that return the integrity metadata, paged listings, deletes. Every failure is a StoreError.

import type { S3Client } from '@aws-sdk/client-s3';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { md5Base64 } from './digest.js';
import { ObjectConflictError } from './errors.js';
import { httpStatusOf, toStoreError } from './store-errors.js';

export interface ObjectFacts {
  key: string;
  size: number;
  /** User metadata (x-amz-meta-*), lower-case names. */
  metadata: Record<string, string>;
}

export interface ListedObject {
  key: string;
  size: number;
}

export type PutOutcome = 'created' | 'already-present';

/**
 * `auto`: HEAD first, then PUT with If-None-Match: *, falling back to check-then-put when the
 * store answers 501 (Swift). s3rver ignores the header, so the HEAD is what protects an existing
 * object there. `trusted`: the store is known to honour If-None-Match (AWS S3, Ceph RGW 16
 * tested): no HEAD before the PUT, a 412 is compared instead. `never`: check-then-put only.
 */
export type ConditionalPut = 'auto' | 'trusted' | 'never';

export class Bucket {
  #conditional: boolean;
  readonly #headFirst: boolean;

  constructor(readonly client: S3Client, readonly name: string, conditionalPut: ConditionalPut = 'auto') {
    this.#conditional = conditionalPut !== 'never';
    this.#headFirst = conditionalPut !== 'trusted';
  }

  /** Whether puts are still sent with If-None-Match (false after a store said it cannot). */
  get conditionalPuts(): boolean {
    return this.#conditional;
  }

  /** Creates the bucket if it does not exist (setup and tests). */
  async ensureExists(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.name }));
    } catch (error) {
      if (httpStatusOf(error) !== 404) throw toStoreError(`HEAD bucket ${this.name}`, error);
      await this.client.send(new CreateBucketCommand({ Bucket: this.name })).catch((cause: unknown) => {
        throw toStoreError(`create bucket ${this.name}`, cause);
      });
    }
  }

  /**
   * Writes `bytes` under `key` unless an object is already there. An existing object with the same
   * sha256 metadata is this upload, finished before a crash: `already-present`. Different bytes:
   * ObjectConflictError, and the object is left as it is.
   */
  async putImmutable(key: string, bytes: Uint8Array, metadata: Record<string, string> & { sha256: string }): Promise<PutOutcome> {
    const existing = this.#headFirst || !this.#conditional ? await this.head(key) : undefined;
    if (existing !== undefined) return sameOrConflict(key, metadata.sha256, existing);
    const input = { Bucket: this.name, Key: key, Body: bytes, ContentLength: bytes.byteLength, ContentMD5: md5Base64(bytes), ContentType: 'application/octet-stream', Metadata: metadata };
    try {
      await this.client.send(new PutObjectCommand(this.#conditional ? { ...input, IfNoneMatch: '*' } : input));
      return 'created';
    } catch (error) {
      const status = httpStatusOf(error);
      if (status === 412 || status === 409) {
        const raced = await this.head(key);
        if (raced !== undefined) return sameOrConflict(key, metadata.sha256, raced);
      }
      if (status === 501 && this.#conditional) {
        this.#conditional = false;
        return this.putImmutable(key, bytes, metadata);
      }
      throw toStoreError(`PUT ${key}`, error);
    }
  }

  async head(key: string): Promise<ObjectFacts | undefined> {
    try {
      const result = await this.client.send(new HeadObjectCommand({ Bucket: this.name, Key: key }));
      return { key, size: result.ContentLength ?? 0, metadata: result.Metadata ?? {} };
    } catch (error) {
      if (httpStatusOf(error) === 404) return undefined;
      throw toStoreError(`HEAD ${key}`, error);
    }
  }

  async get(key: string): Promise<{ bytes: Uint8Array; facts: ObjectFacts } | undefined> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.name, Key: key }));
      const bytes = await (result.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray();
      return { bytes, facts: { key, size: bytes.byteLength, metadata: result.Metadata ?? {} } };
    } catch (error) {
      if (httpStatusOf(error) === 404) return undefined;
      throw toStoreError(`GET ${key}`, error);
    }
  }

  /** Every object under `prefix`, following continuation tokens. */
  async list(prefix: string): Promise<ListedObject[]> {
    const objects: ListedObject[] = [];
    let token: string | undefined;
    do {
      try {
        const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.name, Prefix: prefix, ...(token === undefined ? {} : { ContinuationToken: token }) }));
        for (const item of page.Contents ?? []) if (item.Key !== undefined) objects.push({ key: item.Key, size: item.Size ?? 0 });
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } catch (error) {
        throw toStoreError(`LIST ${prefix}`, error);
      }
    } while (token !== undefined);
    return objects;
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.name, Key: key }));
    } catch (error) {
      throw toStoreError(`DELETE ${key}`, error);
    }
  }
}

function sameOrConflict(key: string, sha256: string, existing: ObjectFacts): PutOutcome {
  if (existing.metadata['sha256'] === sha256) return 'already-present';
  throw new ObjectConflictError(key, sha256, existing.metadata['sha256']);
}
