// Runs an operation sequence on the recording file system, cuts the power after every single
// step, reboots into every disk image the cut may leave, loads every component and checks
// the invariant: it loads; its state is the last acknowledged save or one in flight, never
// older and never a mixture; every generation owed to the user is still there.

import { dirname } from 'node:path';
import type { ComponentCodec } from '../../../src/components/codec.js';
import type { FileSystem } from '../../../src/fs/file-system.js';
import type { Keyring } from '../../../src/signing/keyring.js';
import { StateDirectory } from '../../../src/store/state-directory.js';
import { crashImages } from './crash-images.js';
import { RecordingFileSystem } from './recording-fs.js';
import type { ComponentJournal, JournalSnapshot } from './save-journal.js';
import { lastOwed, owedGenerations, SaveJournal } from './save-journal.js';
import { sameState } from './states.js';

export const STATE_DIRECTORY = '/var/quantum/state';

/** A check run after every simulated reboot; returns the violations it found. */
export type RebootCheck = (store: StateDirectory, journal: JournalSnapshot) => Promise<string[]>;

export interface Scenario {
  name: string;
  /** Components checked with the store's invariant (see checkComponent). */
  codecs: ComponentCodec<any>[];
  /** Further checks, for durable things outside the generation chain (position file, delta log). */
  checks?: RebootCheck[];
  /** The unit writes tear in (default 4096). */
  pageBytes?: number;
  /** How a rename across directories persists (default 'atomic', see RecordingOptions). */
  crossDirectoryRename?: 'atomic' | 'halves';
  /** How pending directory operations persist (default 'any-subset', see RecordingOptions). */
  metadataModel?: 'any-subset' | 'prefix';
  /** The store's metadataOrder option (default 'auto': ordered exactly under the prefix model). */
  storeMetadataOrder?: 'auto' | 'ordered' | 'unordered';
  keyring: Keyring;
  /** Builds the starting point; everything it does is durable before the sequence starts. */
  setup?(store: StateDirectory, journal: SaveJournal, fs: RecordingFileSystem): Promise<void>;
  /** The operation sequence to cut the power in. */
  run(store: StateDirectory, journal: SaveJournal): Promise<void>;
  /** Cut the power during StateDirectory.open too: the directory itself is new (its parent exists). */
  freshDirectory?: boolean;
  /** Only for the explorer's self-test: the file system the writers run on, broken on purpose. */
  breakWriter?: (fs: FileSystem) => FileSystem;
  /** Images per crash point; above it a deterministic sample is taken. */
  limit?: number;
}

export interface ExplorationResult {
  steps: number;
  crashPoints: number;
  states: number;
  possible: number;
  boundedPoints: number;
  violations: string[];
}

interface CrashPoint {
  step: string;
  images: RecordingFileSystem[];
  possible: number;
  bounded: boolean;
  journal: JournalSnapshot;
}

/** A reboot gives the machine a new boot id: lock holders from before the cut are dead. */
async function rebootLockHolders(image: RecordingFileSystem): Promise<void> {
  if ((await image.stat(STATE_DIRECTORY)) === undefined) return;
  for (const path of image.listFiles(STATE_DIRECTORY)) {
    if (!path.endsWith('.lock')) continue;
    try {
      const holder = JSON.parse(Buffer.from(image.contentOf(path) ?? []).toString('utf8')) as Record<string, unknown>;
      image.replaceDurably(path, Buffer.from(JSON.stringify({ ...holder, bootId: 'boot-before-the-power-cut' })));
    } catch {
      // Torn or empty: the store's own rule for unreadable locks applies.
    }
  }
}

/** Every kept file must still exist, byte for byte, under some name (its own, or in quarantine/). */
function missingKeptFiles(image: RecordingFileSystem, kept: readonly { label: string; bytes: Uint8Array }[]): string[] {
  if (kept.length === 0) return [];
  const contents = image.listFiles('/').map((path) => Buffer.from(image.contentOf(path) ?? []));
  return kept.filter(({ bytes }) => !contents.some((content) => content.equals(bytes))).map(({ label }) => `${label} is gone`);
}

async function checkComponent(store: StateDirectory, codec: ComponentCodec<unknown>, journal: ComponentJournal): Promise<string[]> {
  const problems: string[] = [];
  let loaded;
  try {
    loaded = await store.load(codec);
  } catch (error) {
    return [`${codec.name}: load threw ${(error as Error).message}`];
  }
  const owed = lastOwed(journal);
  const candidates = [...(owed === undefined ? [codec.fresh()] : [owed.state]), ...journal.inFlight];
  if (!candidates.some((candidate) => sameState(codec, candidate, loaded.state))) {
    problems.push(`${codec.name}: loaded state (seq ${loaded.header?.seq ?? 'none'}, ${loaded.report.message}) is neither the last acknowledged save (seq ${owed?.seq ?? 'none'}) nor one in flight`);
  }
  if (owed !== undefined && (loaded.header === undefined || loaded.header.seq < owed.seq)) {
    problems.push(`${codec.name}: loaded seq ${loaded.header?.seq ?? 'none'} is older than the acknowledged seq ${owed.seq}`);
  }
  const valid = new Set((await store.inspect(codec)).filter((g) => g.status === 'valid').map((g) => g.seq));
  for (const seq of owedGenerations(journal)) {
    if (!valid.has(seq)) problems.push(`${codec.name}: acknowledged generation seq ${seq} is gone (valid now: ${[...valid].join(', ') || 'none'})`);
  }
  return problems;
}

async function saveAfterReboot(store: StateDirectory, codec: ComponentCodec<unknown>): Promise<string | undefined> {
  const state = codec.fresh();
  try {
    const { seq } = await store.save(codec, state);
    const loaded = await store.load(codec);
    if (loaded.header?.seq !== seq || !sameState(codec, state, loaded.state)) return `${codec.name}: a save after the reboot did not load back (${loaded.report.message})`;
    return undefined;
  } catch (error) {
    return `${codec.name}: a save after the reboot failed: ${(error as Error).message}`;
  }
}

export async function explorePowerCuts(scenario: Scenario): Promise<ExplorationResult> {
  const fs = new RecordingFileSystem({ pageBytes: scenario.pageBytes, crossDirectoryRename: scenario.crossDirectoryRename, metadataOrder: scenario.metadataModel });
  const journal = new SaveJournal();
  for (const codec of scenario.codecs) journal.known(codec);
  const open = (on: FileSystem): Promise<StateDirectory> =>
    StateDirectory.open({ directory: STATE_DIRECTORY, keyring: scenario.keyring, fs: on, reserveBytes: 0, lockTimeoutMs: 1_000, metadataOrder: scenario.storeMetadataOrder ?? 'auto' });
  await fs.mkdir(dirname(STATE_DIRECTORY), 0o755);
  const writerFs = scenario.breakWriter?.(fs) ?? fs;
  let store = scenario.freshDirectory === true ? undefined : await open(writerFs);
  if (store !== undefined) await scenario.setup?.(store, journal, fs);
  fs.settleEverything();
  const limit = scenario.limit ?? 64;
  const points: CrashPoint[] = [];
  const capture = (step: string): void => {
    points.push({ step, ...crashImages(fs, limit, points.length + 1), journal: journal.snapshot() });
  };
  const firstStep = fs.steps;
  capture('(before the first step)');
  fs.onStep(capture);
  journal.onAck(capture);
  store ??= await open(writerFs);
  await scenario.run(store, journal);
  const result: ExplorationResult = { steps: fs.steps - firstStep, crashPoints: points.length, states: 0, possible: 0, boundedPoints: 0, violations: [] };
  for (const [index, point] of points.entries()) {
    result.possible += point.possible;
    if (point.bounded) result.boundedPoints++;
    for (const [imageIndex, image] of point.images.entries()) {
      result.states++;
      await rebootLockHolders(image);
      const rebooted = await open(image);
      for (const codec of scenario.codecs) {
        const problems = await checkComponent(rebooted, codec, point.journal.get(codec.name) as ComponentJournal);
        for (const problem of problems) result.violations.push(`${scenario.name}: power cut after step ${index} "${point.step}", image ${imageIndex}: ${problem}`);
      }
      for (const problem of missingKeptFiles(image, journal.keptFiles)) {
        result.violations.push(`${scenario.name}: power cut after step ${index} "${point.step}", image ${imageIndex}: ${problem}`);
      }
      for (const check of scenario.checks ?? []) {
        for (const problem of await check(rebooted, point.journal)) result.violations.push(`${scenario.name}: power cut after step ${index} "${point.step}", image ${imageIndex}: ${problem}`);
      }
      // Every 8th image: the agent must also be able to go on saving (no stuck lock, temp or chain).
      const first = scenario.codecs[0];
      if (imageIndex % 8 === 0 && first !== undefined) {
        const problem = await saveAfterReboot(rebooted, first);
        if (problem !== undefined) result.violations.push(`${scenario.name}: power cut after step ${index} "${point.step}", image ${imageIndex}: ${problem}`);
      }
    }
  }
  return result;
}
