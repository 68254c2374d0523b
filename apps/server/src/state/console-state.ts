// The console's read side of a state directory: verified generation reports and decoded
// generations, both cached by file identity so browsing never re-reads an unchanged file
// and never takes the agent's lock. A file that is only listed is verified in a reused buffer
// and only its report is kept; it is read again, into bytes of its own, and decoded when it is
// opened (scratch-file.ts says why).

import { basename, join } from 'node:path';
import type { ComponentSummary, GenerationInfo, PinnedInfo, QuarantinedFile } from '@quantum/api-contract';
import type { ComponentCodec, GenerationName, StateDirectory } from '@quantum/persistence-core';
import { GENERATIONS, PINNED_DIRECTORY, QUARANTINE_DIRECTORY, QuantumStateError, listPins, listQuarantine, pinFileName, readPinned, rejectReasonOf } from '@quantum/persistence-core';
import type { Examined } from './verify-generation.js';
import { verifyGeneration } from './verify-generation.js';
import { ConsoleError, gone, notFound } from '../errors.js';
import type { CachedGeneration } from './generation-cache.js';
import { GenerationCache, approximateBytes, fileIdentity } from './generation-cache.js';
import { ScratchFile } from './scratch-file.js';
import type { StatOf } from './listing-stats.js';
import { ListingStats } from './listing-stats.js';

type Codec = ComponentCodec<unknown>;

/** A decoded generation and the name it was asked for. */
export interface OpenGeneration {
  entry: CachedGeneration;
  generation: string;
}

export interface ConsoleStateOptions {
  store: StateDirectory;
  codecs: readonly Codec[];
  /** Bound of the decoded-generation cache. */
  cacheBytes?: number;
  /** How long a listing reuses file stats while the state directory is unchanged (listing-stats.ts); 0: never. */
  listingMaxAgeMs?: number;
  now?: () => number;
}

export class ConsoleState {
  readonly store: StateDirectory;
  readonly codecs: readonly Codec[];
  readonly cache: GenerationCache;
  readonly now: () => number;
  /** The listing's stats of generation files, taken again when the directory changed. */
  readonly listingStats: ListingStats;
  readonly #byName: Map<string, Codec>;
  /** Verification reports by component and file identity: a file is verified once. */
  readonly #reports = new Map<string, GenerationInfo>();
  readonly #inflight = new Map<string, Promise<Examined | undefined>>();
  readonly #scratch = new ScratchFile();
  /** Generation files read and verified so far (each file once, and again when it is opened). */
  readonly verified = { files: 0, bytes: 0 };

  constructor(options: ConsoleStateOptions) {
    this.store = options.store;
    this.codecs = options.codecs;
    this.cache = new GenerationCache(options.cacheBytes ?? 1024 * 1024 * 1024);
    this.now = options.now ?? Date.now;
    this.listingStats = new ListingStats(this.store.fs, this.store.directory, { ...(options.listingMaxAgeMs !== undefined ? { maxAgeMs: options.listingMaxAgeMs } : {}) });
    this.#byName = new Map(options.codecs.map((codec) => [codec.name, codec]));
  }

  /** Verify-now: the next examine re-reads and re-verifies every file. */
  forgetVerifications(): void {
    this.#reports.clear();
    this.listingStats.forget();
  }

  get names(): string[] {
    return this.codecs.map((codec) => codec.name);
  }

  codec(name: string): Codec {
    const codec = this.#byName.get(name);
    if (codec === undefined) throw notFound('UNKNOWN_COMPONENT', `unknown component ${name}`);
    return codec;
  }

  /**
   * Verifies one generation (once per file version) and reports it. `entry` (the decoded state)
   * comes with it when it is cached, and always, for a valid file, when `decoded` is asked for.
   */
  async examine(codec: Codec, generation: GenerationName, decoded = false, statOf?: StatOf): Promise<Examined> {
    const path = this.store.pathOf(codec, generation);
    const stat = await (statOf ?? this.store.fs.stat.bind(this.store.fs))(path);
    if (stat === undefined) return { report: { generation, status: 'missing', reason: 'missing' } };
    const identity = fileIdentity(stat);
    const key = `${codec.name}|${identity}`;
    const cached = this.cache.getByFile(codec.name, identity);
    const known = this.#reports.get(key);
    if (known !== undefined && (!decoded || known.status !== 'valid' || cached !== undefined)) return { report: { ...known, generation }, ...(cached ? { entry: cached } : {}) };
    // Concurrent requests for a new file share one read and verification.
    const flight = `${key}|${decoded}`;
    let pending = this.#inflight.get(flight);
    if (pending === undefined) {
      pending = this.#verify(codec, generation, path, identity, decoded).finally(() => this.#inflight.delete(flight));
      this.#inflight.set(flight, pending);
    }
    const examined = await pending;
    if (examined === undefined) return this.examine(codec, generation, decoded);
    return { ...examined, report: { ...examined.report, generation } };
  }

  /** undefined when the file was replaced while it was read: the caller looks again. */
  async #verify(codec: Codec, generation: GenerationName, path: string, identity: string, decoded: boolean): Promise<Examined | undefined> {
    const check = (bytes: Uint8Array): Examined => verifyGeneration(codec, generation, bytes, this.store.keyring, path, this.store.directory);
    let examined: Examined;
    try {
      // Only the report outlives the scratch buffer: the entry's state is made of views on it.
      examined = decoded ? check(await this.store.fs.readFile(path)) : { report: (await this.#scratch.read(this.store.fs, path, check)).report };
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    }
    this.verified.files++;
    this.verified.bytes += examined.report.sizeBytes ?? 0;
    const after = await this.store.fs.stat(path);
    if (after === undefined || fileIdentity(after) !== identity) return undefined;
    this.#reports.set(`${codec.name}|${identity}`, examined.report);
    if (this.#reports.size > 1000) this.#reports.delete(this.#reports.keys().next().value as string);
    if (examined.entry !== undefined) this.cache.put(identity, examined.entry);
    return examined;
  }

  /** Every generation's report; `statOf` from one listingStats view serves several components. */
  async generations(codec: Codec, statOf?: StatOf): Promise<GenerationInfo[]> {
    const stat = statOf ?? (await this.listingStats.view());
    const reports: GenerationInfo[] = [];
    for (const generation of GENERATIONS) reports.push(withAge((await this.examine(codec, generation, false, stat)).report, this.now()));
    return reports;
  }

  summarize(codec: Codec, generations: GenerationInfo[]): ComponentSummary {
    const active = generations.find((report) => report.status === 'valid');
    const allMissing = generations.every((report) => report.status === 'missing');
    const health = allMissing ? 'empty' : active === undefined ? 'unrecoverable' : active.generation === 'current' ? 'valid' : 'recovered';
    return {
      component: codec.name,
      fileName: codec.fileName,
      priority: codec.priority,
      schemaVersion: codec.schemaVersion,
      health,
      ...(health === 'recovered' && active !== undefined ? { recoveredFrom: active.generation as GenerationName } : {}),
      ...(active !== undefined ? { active } : {}),
      validGenerations: generations.filter((report) => report.status === 'valid').length,
    };
  }

  /** A decoded generation: `current`..`bak2`, `seq-<n>` wherever that seq is now, or `pin-<n>`. */
  async open(codec: Codec, ref: string): Promise<OpenGeneration> {
    if (ref.startsWith('seq-') || ref.startsWith('pin-')) {
      const seq = Number(ref.slice(4));
      // A pin file never changes while it exists, so its seq names it; but it can be unpinned (console or CLI).
      if (ref.startsWith('pin-') && (await this.store.fs.stat(join(this.store.directory, PINNED_DIRECTORY, pinFileName(codec.fileName, seq)))) === undefined) {
        throw gone('GENERATION_GONE', `${codec.name} has no pin with seq ${seq} (${ref})`);
      }
      // `seq-<n>` may be any copy of that seq.
      const cached = ref.startsWith('pin-') ? this.cache.getByFile(codec.name, `pin-${seq}`) : this.cache.getBySeq(codec.name, seq);
      if (cached !== undefined) return { entry: cached, generation: ref };
      if (ref.startsWith('seq-')) {
        for (const generation of GENERATIONS) {
          if ((await this.examine(codec, generation)).report.seq !== seq) continue;
          const { entry } = await this.examine(codec, generation, true);
          if (entry?.seq === seq) return { entry, generation: ref };
        }
      }
      return { entry: await this.#openPinned(codec, seq, ref), generation: ref };
    }
    const generation = ref as GenerationName;
    const { report, entry } = await this.examine(codec, generation, true);
    if (report.status === 'missing') throw notFound('GENERATION_MISSING', `${codec.name} has no ${generation} generation`);
    if (entry === undefined) throw new ConsoleError(422, 'GENERATION_UNUSABLE', `${codec.name} ${generation} is unusable: ${report.reason ?? 'rejected'}`);
    return { entry, generation };
  }

  async #openPinned(codec: Codec, seq: number, ref: string): Promise<CachedGeneration> {
    const pinned = await this.pins(codec);
    if (!pinned.some((pin) => pin.seq === seq)) throw gone('GENERATION_GONE', `${codec.name} has no generation or pin with seq ${seq} (${ref})`);
    try {
      const decoded = await readPinned(this.store, codec, seq);
      const entry: CachedGeneration = { component: codec.name, seq, header: decoded.header, sizeBytes: decoded.sizeBytes, state: decoded.state, derived: new Map(), approxBytes: approximateBytes(decoded.state) };
      this.cache.put(`pin-${seq}`, entry);
      return entry;
    } catch (error) {
      if (!(error instanceof QuantumStateError)) throw error;
      throw new ConsoleError(422, 'GENERATION_UNUSABLE', `${codec.name} pin of seq ${seq} is unusable: ${rejectReasonOf(error)}`);
    }
  }

  /** Pinned copies of a component, newest first (headers unverified; opening one verifies it). */
  async pins(codec: Codec): Promise<PinnedInfo[]> {
    return (await listPins(this.store, codec)).map((pin) => ({
      ref: `pin-${pin.seq}`,
      seq: pin.seq,
      file: pin.file,
      sizeBytes: pin.sizeBytes,
      ...(pin.savedAt !== undefined ? { savedAt: pin.savedAt } : {}),
      noteStatus: pin.noteStatus,
      ...(pin.note !== undefined ? { note: pin.note.note, pinnedBy: pin.note.pinnedBy, automatic: pin.note.automatic } : {}),
    }));
  }

  /** Files moved aside by recovery, attributed to their component by file name. */
  async quarantined(component?: Codec): Promise<QuarantinedFile[]> {
    const names = await listQuarantine(this.store.fs, this.store.directory, component?.fileName);
    const files: QuarantinedFile[] = [];
    for (const name of names) {
      const stat = await this.store.fs.stat(join(this.store.directory, QUARANTINE_DIRECTORY, name));
      const owner = this.codecs.find((codec) => name.startsWith(`${codec.fileName}.`));
      const stamped = QUARANTINE_NAME.exec(name);
      // The name carries when and why (rename keeps the file's own mtime).
      const quarantinedAt = stamped ? Date.parse(stamped[1]!.replace(/T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/, 'T$1:$2:$3.$4Z')) : (stat?.mtimeMs ?? 0);
      files.push({
        ...(owner ? { component: owner.name } : {}),
        file: `${QUARANTINE_DIRECTORY}/${basename(name)}`,
        sizeBytes: stat?.size ?? 0,
        quarantinedAt: Number.isNaN(quarantinedAt) ? (stat?.mtimeMs ?? 0) : quarantinedAt,
        ...(stamped ? { reason: stamped[2]! } : {}),
      });
    }
    return files;
  }
}

/** `<file>.<ISO time with - for : and .>.<reason>`, as persistence-core names quarantined files. */
const QUARANTINE_NAME = /\.(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)\.([a-z-]+)$/;

function withAge(report: GenerationInfo, now: number): GenerationInfo {
  return report.savedAt === undefined ? report : { ...report, ageMs: Math.max(0, now - report.savedAt) };
}
