// One installation's generations in the bucket, as the console needs them: the newest objects
// of a component with their upload metadata, and one generation downloaded, checked (sha256
// against its metadata, HMAC with this installation's keyring, kind and seq) and decoded.
// Nothing from the bucket is trusted or shown before those checks pass.

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { RemoteGeneration as RemoteGenerationInfo } from '@quantum/api-contract';
import type { ComponentCodec } from '@quantum/persistence-core';
import { QuantumStateError, decodeGeneration, rejectReasonOf } from '@quantum/persistence-core';
import type { KeyScope, ObjectFacts } from '@quantum/replication';
import { Bucket, CURSOR_FILE, StoreError, checkInstallation, createS3Client, generationKey, componentPrefix, seqOfKey } from '@quantum/replication';
import { ConsoleError, notFound } from '../errors.js';
import type { ConsoleState } from '../state/console-state.js';
import type { CachedGeneration } from '../state/generation-cache.js';
import { approximateBytes } from '../state/generation-cache.js';
import type { ReplicationSettings } from './settings.js';

type Codec = ComponentCodec<unknown>;

/** Objects listed per component (newest first); older ones are still restorable by seq. */
export const LISTED_GENERATIONS = 50;

export interface DownloadedGeneration {
  info: RemoteGenerationInfo & { schemaVersion: number; keyFingerprint: string };
  entry: CachedGeneration;
}

export class RemoteReplicas {
  #bucket: Bucket | undefined;
  /** HEAD results by key: objects are immutable, so they never go stale. */
  readonly #facts = new Map<string, ObjectFacts>();

  constructor(
    readonly settings: ReplicationSettings,
    readonly state: ConsoleState,
  ) {}

  get bucket(): Bucket {
    this.#bucket ??= new Bucket(createS3Client({ ...this.settings, ...(this.settings.credentials === undefined ? {} : { credentials: this.settings.credentials }) }), this.settings.bucket);
    return this.#bucket;
  }

  /** The configured installation, else the one the replicator wrote in its cursor, else undefined. */
  async installation(): Promise<string | undefined> {
    if (this.settings.installation !== undefined) return this.settings.installation;
    try {
      const { store } = this.state;
      const cursor = JSON.parse(Buffer.from(await store.fs.readFile(join(store.directory, CURSOR_FILE))).toString('utf8')) as { installation?: unknown };
      return typeof cursor.installation === 'string' ? checkInstallation(cursor.installation) : undefined;
    } catch {
      return undefined;
    }
  }

  async scope(): Promise<KeyScope> {
    const installation = await this.installation();
    if (installation === undefined) throw new ConsoleError(409, 'REPLICATION_NO_INSTALLATION', 'no installation name: set QUANTUM_INSTALLATION, or start the replicator once so its cursor names it');
    return { prefix: this.settings.prefix, installation };
  }

  /** The newest generations of a component in the bucket, newest first, and how many there are. */
  async list(codec: Codec): Promise<{ total: number; generations: RemoteGenerationInfo[] }> {
    const scope = await this.scope();
    const prefix = componentPrefix(scope, codec.name);
    const objects = (await storeCall(() => this.bucket.list(prefix)))
      .flatMap((object) => {
        const seq = seqOfKey(prefix, object.key);
        return seq === undefined ? [] : [{ ...object, seq }];
      })
      .sort((a, b) => b.seq - a.seq);
    const pinned = new Set((await this.state.pins(codec)).map((pin) => pin.seq));
    const generations: RemoteGenerationInfo[] = [];
    for (const object of objects.slice(0, LISTED_GENERATIONS)) {
      const metadata = (await this.#head(object.key))?.metadata ?? {};
      const savedAt = Number(metadata['saved-at']);
      const flags = Number(metadata['flags']);
      generations.push({
        seq: object.seq,
        key: object.key,
        sizeBytes: object.size,
        pinned: pinned.has(object.seq),
        ...(Number.isSafeInteger(savedAt) && metadata['saved-at'] !== undefined ? { savedAt } : {}),
        ...(metadata['sha256'] !== undefined ? { sha256: metadata['sha256'] } : {}),
        ...(Number.isSafeInteger(flags) && metadata['flags'] !== undefined ? { flags } : {}),
      });
    }
    return { total: objects.length, generations };
  }

  /** Downloads seq of the component and checks it; a failed check is a 422 naming the object and the reason. */
  async download(codec: Codec, seq: number): Promise<DownloadedGeneration> {
    const key = generationKey(await this.scope(), codec.name, seq);
    const downloaded = await storeCall(() => this.bucket.get(key));
    if (downloaded === undefined) throw notFound('REMOTE_GENERATION_MISSING', `bucket object ${key} does not exist: the bucket has no ${codec.name} seq ${seq}`);
    const { bytes, facts } = downloaded;
    const recorded = facts.metadata['sha256'];
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (recorded === undefined) throw rejected(key, 'digest-mismatch', 'the object carries no sha256 metadata');
    if (recorded !== sha256) throw rejected(key, 'digest-mismatch', `content sha256 ${sha256}, metadata says ${recorded}`);
    let decoded;
    try {
      decoded = decodeGeneration(codec, bytes, this.state.store.keyring, key);
    } catch (error) {
      if (!(error instanceof QuantumStateError)) throw error;
      // hmac-mismatch, wrong-key, newer-schema, decode-error...: persistence-core's reason for this file.
      throw rejected(key, rejectReasonOf(error), error.message);
    }
    const header = decoded.header;
    if (header.seq !== seq) throw rejected(key, 'wrong-generation', `the file inside has seq ${header.seq}`);
    const pinned = (await this.state.pins(codec)).some((pin) => pin.seq === seq);
    const entry: CachedGeneration = { component: codec.name, seq, header, sizeBytes: bytes.byteLength, state: decoded.state, derived: new Map(), approxBytes: approximateBytes(decoded.state) };
    return {
      info: { seq, key, sizeBytes: bytes.byteLength, savedAt: header.savedAt, sha256, flags: header.flags, pinned, schemaVersion: header.schemaVersion, keyFingerprint: Buffer.from(header.keyFingerprint).toString('hex') },
      entry,
    };
  }

  async #head(key: string): Promise<ObjectFacts | undefined> {
    const known = this.#facts.get(key);
    if (known !== undefined) return known;
    const facts = await storeCall(() => this.bucket.head(key));
    if (facts !== undefined && this.#facts.size < 100_000) this.#facts.set(key, facts);
    return facts;
  }
}

/** Worded like the replication package's RemoteIntegrityError: `bucket object <key>: <reason>: <detail>`. */
function rejected(key: string, reason: string, detail: string): ConsoleError {
  return new ConsoleError(422, 'REMOTE_GENERATION_REJECTED', `bucket object ${key}: ${reason}: ${detail}; nothing was written`);
}

/** Store failures answer 424 (not 502: the console treats 502-504 as "server offline"). */
async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof StoreError) throw new ConsoleError(424, 'REPLICATION_STORE_FAILED', error.message, { cause: error });
    throw error;
  }
}
