// Which SaveAll cut each component comes from, after a restart (see save-all.ts).
//
//   cut              current seq is the one the last complete cut saved
//   interrupted-cut  replaced by the SaveAll that did not complete (seq above its "before" seq)
//   after-cut        saved after the last complete cut by a regular policy save
//   before-cut       older than the cut: its newer generation was lost and load fell back
//   not-in-cut       the last complete cut skipped it or never listed it
//   missing          no current generation

import type { ComponentCodec } from '../components/codec.js';
import { QuantumStateError } from '../errors.js';
import type { StateDirectory } from '../store/state-directory.js';
import { GENERATIONS } from '../store/generations.js';
import type { GenerationName } from '../store/generations.js';
import type { ManifestState } from './manifest.js';
import { manifestCodec } from './manifest.js';

export type CutMembership = 'cut' | 'interrupted-cut' | 'after-cut' | 'before-cut' | 'not-in-cut' | 'missing';

export interface CutReport {
  /** The newest SaveAll that started, complete or not. */
  lastSaveAll?: Pick<ManifestState, 'cutId' | 'startedAt' | 'completedAt' | 'complete' | 'reason'>;
  /** The newest SaveAll that ran to the end. */
  lastCompleteCut?: Pick<ManifestState, 'cutId' | 'startedAt' | 'completedAt' | 'reason' | 'skipped'>;
  /** The last SaveAll started was interrupted before its manifest committed. */
  interrupted: boolean;
  components: { component: string; seq?: number; cutSeq?: number; from: CutMembership }[];
  message: string;
}

/** Valid manifest generations, newest first; unreadable ones are left to load/inspect to report. */
export async function readManifests(store: StateDirectory): Promise<{ generation: GenerationName; state: ManifestState }[]> {
  const found: { generation: GenerationName; state: ManifestState }[] = [];
  for (const generation of GENERATIONS) {
    try {
      found.push({ generation, state: (await store.read(manifestCodec, generation)).state });
    } catch (error) {
      if (!(error instanceof QuantumStateError)) throw error;
    }
  }
  return found;
}

/**
 * `seqs`: the seq each component was loaded with (from LoadResult headers); by default the
 * current generation's header, which is CRC-checked but not verified.
 */
export async function readCut(store: StateDirectory, codecs: readonly ComponentCodec<unknown>[], seqs?: Readonly<Record<string, number | undefined>>): Promise<CutReport> {
  const manifests = await readManifests(store);
  const newest = manifests[0]?.state;
  const lastComplete = manifests.find((m) => m.state.complete)?.state;
  const interrupted = newest !== undefined && !newest.complete;
  const components: CutReport['components'] = [];
  for (const codec of codecs) {
    const seq = seqs === undefined ? (await store.currentHeader(codec))?.seq : seqs[codec.name];
    const cutSeq = lastComplete?.components.find((entry) => entry.component === codec.name)?.seq;
    const beforeInterrupted = interrupted ? newest.components.find((entry) => entry.component === codec.name)?.seq : undefined;
    components.push({ component: codec.name, ...(seq === undefined ? {} : { seq }), ...(cutSeq === undefined ? {} : { cutSeq }), from: membership(seq, cutSeq, beforeInterrupted) });
  }
  const report: CutReport = { interrupted, components, message: describe(newest, lastComplete, interrupted) };
  if (newest !== undefined) report.lastSaveAll = { cutId: newest.cutId, startedAt: newest.startedAt, completedAt: newest.completedAt, complete: newest.complete, reason: newest.reason };
  if (lastComplete !== undefined) {
    report.lastCompleteCut = { cutId: lastComplete.cutId, startedAt: lastComplete.startedAt, completedAt: lastComplete.completedAt, reason: lastComplete.reason, skipped: lastComplete.skipped };
  }
  return report;
}

function membership(seq: number | undefined, cutSeq: number | undefined, beforeInterrupted: number | undefined): CutMembership {
  if (seq === undefined) return 'missing';
  if (seq === cutSeq) return 'cut';
  if (beforeInterrupted !== undefined && seq > beforeInterrupted) return 'interrupted-cut';
  if (cutSeq === undefined) return 'not-in-cut';
  return seq > cutSeq ? 'after-cut' : 'before-cut';
}

function describe(newest: ManifestState | undefined, lastComplete: ManifestState | undefined, interrupted: boolean): string {
  if (newest === undefined) return 'no SaveAll manifest';
  const complete = lastComplete === undefined ? 'no complete cut' : `last complete cut #${lastComplete.cutId} (${lastComplete.reason})`;
  return interrupted ? `SaveAll #${newest.cutId} (${newest.reason}) did not complete; ${complete}` : complete;
}
