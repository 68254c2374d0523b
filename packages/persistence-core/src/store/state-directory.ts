// A state directory: durable signed saves with rotating generations, recovery on load,
// read-only access for browsers, restores. One instance per process and directory.

import { basename, dirname } from 'node:path';
import type { ComponentCodec } from '../components/codec.js';
import { ConflictError, CorruptFileError, DiskFullError } from '../errors.js';
import type { FileLayout } from '../format/container.js';
import { layoutFile } from '../format/container.js';
import type { FileHeader } from '../format/header.js';
import { HeaderFlag, readHeader } from '../format/header.js';
import { SectionWriter } from '../format/sections.js';
import type { FileSystem, SpaceInfo } from '../fs/file-system.js';
import type { MetadataOrder, MetadataOrderProbe } from '../fs/metadata-order.js';
import { lastResortPin, withLastResort } from '../guard/last-resort.js';
import { pinnedSeqs } from '../guard/pin-files.js';
import type { CommitDecision, SaveGuard } from '../guard/save-guard.js';
import { nodeFileSystem } from '../fs/node-file-system.js';
import type { Keyring } from '../signing/keyring.js';
import { atomicReplace } from './atomic-replace.js';
import { acquireLock, lockPathFor } from './component-lock.js';
import { decodeGeneration, readAndDecode, readHeaderOnly } from './generation-reader.js';
import type { GenerationName } from './generations.js';
import { GENERATIONS, generationPath } from './generations.js';
import type { PreparedChain } from './chain-preparation.js';
import { prepareChain } from './chain-preparation.js';
import { resolveRotationLinks, statRotationLinks } from './rotation-links.js';
import { closeSpare, openUsableSpare, sparePathFor } from './spare-file.js';
import { Outbox } from './outbox.js';
import { inspectGenerations, loadWithRecovery } from './recovery.js';
import { SeqHighWater } from './seq-high-water.js';
import type { GenerationReport, LoadResult, SaveResult } from './reports.js';
import type { StartupCleanup } from './temp-files.js';
import { cleanUpAfterDeadSaves, tempPathFor } from './temp-files.js';
import { abandonTempFile, openTempFile } from './temp-file.js';
import { VerifiedFiles } from './verified-files.js';

export const DEFAULT_RESERVE_BYTES = 100 * 1024 * 1024;

interface EncodedSections {
  writer: SectionWriter;
  ms: number;
}

/** A state its own decoder would reject fails here, not costing a generation on the next load. */
function encodeSections<S>(codec: ComponentCodec<S>, state: S, file: string): EncodedSections {
  const started = performance.now();
  codec.validate(state, file);
  const writer = new SectionWriter();
  codec.encode(state, writer);
  return { writer, ms: performance.now() - started };
}

interface Encoded {
  layout: FileLayout;
  seq: number;
  savedAt: number;
  flags: number;
  verdict: CommitDecision | undefined;
  /** Encoding time spent in #checkAndEncode itself (none when it was encoded before the lock). */
  encodeMs: number;
}

async function resolveMetadataOrder(fs: FileSystem, directory: string, option: 'auto' | MetadataOrder): Promise<MetadataOrderProbe> {
  if (option !== 'auto') return { order: option, reason: 'set by the metadataOrder option' };
  return (await fs.metadataOrder?.(directory)) ?? { order: 'unordered', reason: 'the file system cannot tell' };
}

export interface StateDirectoryOptions {
  directory: string;
  keyring: Keyring;
  fs?: FileSystem;
  /** Milliseconds since the epoch, for saved-at stamps. */
  now?: () => number;
  /** Free space that saves must leave untouched (spec 5.4). */
  reserveBytes?: number;
  lockTimeoutMs?: number;
  /** Semantic checks before every save commits: refuse, or commit marked SUSPECT (GUARD.md). */
  guard?: SaveGuard;
  /** Replication outbox entries beyond which saves stop linking (default 10,000). */
  outboxLimit?: number;
  /**
   * 'auto' (default): ask the file system (ext4 with a journal, XFS: ordered; anything else:
   * unordered). 'ordered' rotates with one directory fsync, relying on directory operations
   * persisting in order; 'unordered' links the moving generations first and fsyncs the directory
   * twice, safe in any order of persistence (linked-rotation.ts, CRASH-SAFETY.md).
   */
  metadataOrder?: 'auto' | MetadataOrder;
}

export interface SaveOptions {
  flags?: number;
  /** Refuse with ConflictError unless the current generation still has this seq. */
  expectedSeq?: number;
  /** Skip the guard: restores of a known-good state, which it would compare with the diverged one. */
  unguarded?: boolean;
}

export class StateDirectory {
  readonly directory: string;
  readonly fs: FileSystem;
  readonly keyring: Keyring;
  readonly reserveBytes: number;
  readonly guard: SaveGuard | undefined;
  /** What start-up cleaned up; rotations resolved later (after a holder of a lock died) are added. */
  readonly startup: StartupCleanup = { removedTempFiles: [], recoveredGenerations: [], resolvedRotations: [] };
  readonly outbox: Outbox;
  /** How saves rotate: renames and one directory fsync ('ordered'), or links first and two; and why. */
  metadataOrder: MetadataOrderProbe = { order: 'unordered', reason: 'not probed yet' };
  readonly #now: () => number;
  readonly #lockTimeoutMs: number;
  readonly #verified = new VerifiedFiles();
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #seqs: SeqHighWater;

  private constructor(options: StateDirectoryOptions) {
    this.directory = options.directory;
    this.fs = options.fs ?? nodeFileSystem;
    this.keyring = options.keyring;
    this.reserveBytes = options.reserveBytes ?? DEFAULT_RESERVE_BYTES;
    this.guard = options.guard;
    this.#now = options.now ?? Date.now;
    this.#lockTimeoutMs = options.lockTimeoutMs ?? 30_000;
    this.outbox = new Outbox(this.fs, this.directory, options.outboxLimit);
    this.#seqs = new SeqHighWater(this.fs, this.directory, this.outbox);
  }

  /** Creates the directory if needed and removes this system's stale temp files. */
  static async open(options: StateDirectoryOptions): Promise<StateDirectory> {
    const store = new StateDirectory(options);
    await store.#createDirectory(store.directory);
    store.metadataOrder = await resolveMetadataOrder(store.fs, store.directory, options.metadataOrder ?? 'auto');
    const { cleanup, interruptedRotations } = await cleanUpAfterDeadSaves(store.fs, store.directory, store.#now());
    Object.assign(store.startup, cleanup);
    // Taking the lock resolves the links of a rotation that died (withLock).
    for (const fileName of interruptedRotations) await store.withLock({ fileName }, async () => undefined);
    return store;
  }

  /** mkdir -p, fsyncing the parent of every level it creates: a new directory must survive a power cut too. */
  async #createDirectory(path: string): Promise<void> {
    if ((await this.fs.stat(path)) !== undefined) return;
    const parent = dirname(path);
    if (parent !== path) await this.#createDirectory(parent);
    await this.fs.mkdir(path, 0o700);
    await this.fs.syncDirectory(parent);
  }

  pathOf(codec: Pick<ComponentCodec<unknown>, 'fileName'>, generation: GenerationName): string {
    return generationPath(this.directory, codec, generation);
  }

  #pathsOf(codec: Pick<ComponentCodec<unknown>, 'fileName'>): Record<GenerationName, string> {
    return Object.fromEntries(GENERATIONS.map((generation) => [generation, this.pathOf(codec, generation)])) as Record<GenerationName, string>;
  }

  /**
   * Runs `action` holding the component's in-process and cross-process locks. Resolves with the
   * action's outcome; the lock is let go after that (one trip through the thread pool less for
   * the caller), and the next holder in this process waits for it to be gone.
   */
  async withLock<T>(codec: Pick<ComponentCodec<unknown>, 'fileName'>, action: () => Promise<T>): Promise<T> {
    const key = codec.fileName;
    const previous = this.#queues.get(key) ?? Promise.resolve();
    let outcome!: (acted: Promise<T>) => void;
    const acted = new Promise<T>((resolve) => (outcome = resolve));
    const run = previous.catch(() => undefined).then(async () => {
      // A save that died mid-rotation left its links: they are looked for while the lock is taken
      // and, if seen (or if the lock was held meanwhile), finished or discarded before anything else.
      const early = statRotationLinks(this.fs, this.directory, key);
      early.catch(() => undefined);
      let contended = false;
      const locking = acquireLock(this.fs, lockPathFor(this.directory, key), { timeoutMs: this.#lockTimeoutMs, onContended: () => (contended = true) });
      outcome(locking.then(async () => {
        const seen = contended ? undefined : await early.catch(() => undefined);
        const resolved = await resolveRotationLinks(this.fs, this.directory, key, this.#pathsOf(codec), seen);
        if (resolved !== undefined) this.startup.resolvedRotations.push({ file: key, ...resolved });
        return action();
      }));
      const release = await locking;
      await acted.catch(() => undefined);
      await release();
    });
    this.#queues.set(key, run);
    // The lock's own failures reach the caller through `acted`.
    void run.catch(() => undefined).then(() => this.#queues.get(key) === run && this.#queues.delete(key));
    return acted;
  }

  /** Saves `state` durably as the new current generation; resolves only once it is durable. */
  async save<S>(codec: ComponentCodec<S>, state: S, options: SaveOptions = {}): Promise<SaveResult> {
    const started = performance.now();
    // The state is validated and encoded while the lock is taken (nothing of it depends on the
    // chain); the first yield lets the lock's system calls go out before this thread encodes.
    const sections = (async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return encodeSections(codec, state, this.pathOf(codec, 'current'));
    })();
    sections.catch(() => undefined);
    return this.withLock(codec, async () => this.#saveLocked(codec, state, options, performance.now() - started, await sections));
  }

  async #saveLocked<S>(codec: ComponentCodec<S>, state: S, options: SaveOptions, lockMs: number, sections?: EncodedSections): Promise<SaveResult> {
    const started = performance.now() - lockMs;
    let prepareMs = performance.now();
    // statfs and the spare file's opening run while the chain is prepared and the state encoded.
    const space = this.space();
    space.catch(() => undefined);
    const sparePath = sparePathFor(this.directory, codec.fileName);
    const spare = openUsableSpare(this.fs, sparePath);
    let prepared: PreparedChain;
    try {
      prepared = await prepareChain(codec, { fs: this.fs, directory: this.directory, keyring: this.keyring, verified: this.#verified, now: this.#now });
      if (prepared.quarantined.length > 0) this.#seqs.forget(codec.fileName);
      if (options.expectedSeq !== undefined && prepared.currentSeq !== options.expectedSeq) {
        throw new ConflictError(options.expectedSeq, prepared.currentSeq ?? 0, { file: this.pathOf(codec, 'current') });
      }
    } catch (error) {
      closeSpare(spare);
      throw error;
    }
    const { present, quarantined, maxSeq, bakIsCurrent } = prepared;
    const temp = openTempFile(this.fs, tempPathFor(this.directory, codec.fileName), await spare);
    let encoded: Encoded;
    try {
      encoded = await this.#checkAndEncode(codec, state, options, maxSeq, space, sections);
    } catch (error) {
      await abandonTempFile(temp);
      throw error;
    }
    const { layout, seq, savedAt, flags, verdict } = encoded;
    prepareMs = performance.now() - prepareMs - encoded.encodeMs;
    // Encoding done before the lock counts as encoding too.
    const encodeMs = encoded.encodeMs + (sections?.ms ?? 0);
    const paths = this.#pathsOf(codec);
    const tempPath = temp.path;
    const outbox = { box: this.outbox, fileName: codec.fileName, seq };
    const ordered = this.metadataOrder.order === 'ordered';
    const replace = { fs: this.fs, directory: this.directory, temp, sparePath, paths, present, bakIsCurrent, layout, outbox, ordered };
    const { phases, identity, outbox: link } = await atomicReplace(replace);
    if (identity !== undefined) this.#verified.rememberStat(identity, seq, readHeader(layout.pieces[0]?.bytes ?? new Uint8Array(0), tempPath, layout.length));
    this.#seqs.committed(codec.fileName, seq);
    if (verdict !== undefined) this.guard?.afterCommit(codec, seq, verdict);
    return {
      component: codec.name,
      file: basename(paths.current),
      seq,
      bytes: layout.length,
      savedAt,
      flags,
      durationMs: performance.now() - started,
      phases: { lock: lockMs, prepare: prepareMs, encode: encodeMs, ...phases },
      quarantined,
      ...(verdict === undefined ? {} : { guard: verdict.report }),
      ...(link === undefined ? {} : { outbox: link }),
    };
  }

  /** The guard, the seq, validation and encoding (unless done already), the free-space check: everything before a byte is written. */
  async #checkAndEncode<S>(codec: ComponentCodec<S>, state: S, options: SaveOptions, maxSeq: number, space: Promise<SpaceInfo>, sections?: EncodedSections): Promise<Encoded> {
    // Throws SemanticCheckError before anything is written when a refusing check fails.
    const verdict = this.guard !== undefined && options.unguarded !== true ? await this.guard.beforeCommit(this, codec, state) : undefined;
    const seqHighWater = await this.#seqs.of(codec);
    const encodeStart = performance.now();
    const { writer } = sections ?? encodeSections(codec, state, this.pathOf(codec, 'current'));
    const seq = Math.max(maxSeq, seqHighWater) + 1;
    const savedAt = this.#now();
    const flags = (options.flags ?? 0) | (verdict?.flags ?? 0);
    const layout = layoutFile({ componentKind: codec.kind, schemaVersion: codec.schemaVersion, seq, savedAt, flags, sections: writer.sections }, this.keyring.active);
    const encodeMs = performance.now() - encodeStart;
    this.#checkSpace(codec, layout.length, await space);
    return { layout, seq, savedAt, flags, verdict, encodeMs };
  }

  #checkSpace(codec: ComponentCodec<unknown>, bytes: number, space: SpaceInfo): void {
    if (space.freeBytes < bytes + this.reserveBytes) {
      throw new DiskFullError(
        `${space.freeBytes} bytes free, the save needs ${bytes} plus the ${this.reserveBytes}-byte reserve; nothing was changed`,
        { file: this.pathOf(codec, 'current') },
      );
    }
  }

  space(): Promise<SpaceInfo> {
    return this.fs.statfs(this.directory);
  }

  /** Loads the newest usable generation, quarantining the ones that fail; never throws a file away. */
  async load<S>(codec: ComponentCodec<S>): Promise<LoadResult<S>> {
    // The pins are listed while the chain is read; a pin is looked into only if newer than what loaded.
    const pins = pinnedSeqs(this.fs, this.directory, codec.fileName);
    pins.catch(() => undefined);
    const result = await loadWithRecovery(codec, {
      fs: this.fs,
      directory: this.directory,
      keyring: this.keyring,
      now: this.#now(),
      verified: this.#verified,
      underLock: (action) => this.withLock(codec, action),
    });
    if (result.report.quarantined.length > 0) this.#seqs.forget(codec.fileName);
    const loadedSeq = result.header?.seq;
    const newerPin = (await pins).some((seq) => loadedSeq === undefined || seq > loadedSeq);
    const lastResort = newerPin ? await lastResortPin(this, codec, loadedSeq, this.#now()) : undefined;
    return lastResort === undefined ? result : withLastResort(result, lastResort);
  }

  /** Verifies every generation, read-only. */
  inspect<S>(codec: ComponentCodec<S>): Promise<GenerationReport[]> {
    return inspectGenerations(codec, { fs: this.fs, directory: this.directory, keyring: this.keyring });
  }

  /** Reads one generation, read-only and without locking; throws a typed error if it is unusable. */
  async read<S>(codec: ComponentCodec<S>, generation: GenerationName): Promise<{ state: S; header: FileHeader; migratedFrom?: number }> {
    const path = this.pathOf(codec, generation);
    const read = await readAndDecode(this.fs, path, (bytes) => decodeGeneration(codec, bytes, this.keyring, path));
    if (read === undefined) throw new CorruptFileError('missing', `generation ${generation} does not exist`, { file: path });
    if ('error' in read) throw read.error;
    return read.decoded;
  }

  /**
   * Makes a verified older generation current through the save path; the present one becomes .bak.
   * With `expectedSeq`, the generation the caller saw: a save that rotated it one name older
   * meanwhile is followed (it is the same file), one that pushed it out is a ConflictError.
   */
  async restore<S>(codec: ComponentCodec<S>, generation: GenerationName, options: { expectedSeq?: number } = {}): Promise<SaveResult & { restoredFrom: GenerationName; restoredSeq: number }> {
    const started = performance.now();
    return this.withLock(codec, async () => {
      const found = await this.#readExpected(codec, generation, options.expectedSeq);
      const result = await this.#saveLocked(codec, found.state, { unguarded: true, flags: HeaderFlag.RESTORED }, performance.now() - started);
      return { ...result, restoredFrom: found.generation, restoredSeq: found.header.seq };
    });
  }

  /** `generation`, or (holding the lock) the older name a rotation moved the expected seq to. */
  async #readExpected<S>(codec: ComponentCodec<S>, generation: GenerationName, expectedSeq: number | undefined): Promise<{ state: S; header: FileHeader; generation: GenerationName }> {
    const named = await this.read(codec, generation);
    if (expectedSeq === undefined || named.header.seq === expectedSeq) return { ...named, generation };
    if (named.header.seq > expectedSeq) {
      for (const older of GENERATIONS.slice(GENERATIONS.indexOf(generation) + 1)) {
        const header = await readHeaderOnly(this.fs, this.pathOf(codec, older));
        if (header?.seq === expectedSeq) return { ...(await this.read(codec, older)), generation: older };
      }
    }
    throw new ConflictError(expectedSeq, named.header.seq, { file: this.pathOf(codec, generation) });
  }

  /** Header of the current generation without verification, or undefined. */
  currentHeader(codec: ComponentCodec<unknown>): Promise<FileHeader | undefined> {
    return readHeaderOnly(this.fs, this.pathOf(codec, 'current'));
  }
}
