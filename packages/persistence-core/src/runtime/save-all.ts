// SaveAll (spec 5.4, 6.3, 6.5, 6.6): every component in priority order as one consistent cut.
//
// 1. Capture every state (so the cut is one moment even though the writes take a while).
// 2. Pre-flight (statfs through the store's FileSystem): walk the components in priority
//    order, keeping each whose encoded size still fits above the reserve; the rest are
//    skipped, so lower priorities are the first to go when the disk is short.
// 3. Manifest `complete: false`, listing every component's seq before the cut: if the
//    process dies during the SaveAll, readCut sees an interrupted cut and which components
//    it had already replaced.
// 4. Save each kept component; a DiskFullError or another failure skips it and goes on.
// 5. Manifest `complete: true` with the seq each component got — committed LAST.

import type { ComponentCodec } from '../components/codec.js';
import type { AnyComponentCodec } from '../components/registry.js';
import { isDiskFullError } from '../errors.js';
import { HEADER_BYTES, HMAC_BYTES } from '../format/header.js';
import { SECTION_ENTRY_BYTES, SectionWriter } from '../format/sections.js';
import type { SaveResult } from '../store/reports.js';
import type { StateDirectory } from '../store/state-directory.js';
import { captureState } from './capture.js';
import type { SaveJournal } from './journal.js';
import { saveAndJournal } from './journaled-save.js';
import type { ManifestEntry, ManifestState } from './manifest.js';
import { manifestCodec } from './manifest.js';
import { readManifests } from './cut.js';

export interface SaveAllComponent {
  codec: AnyComponentCodec;
  state: unknown;
}

export interface SaveAllOptions {
  store: StateDirectory;
  reason: string;
  journal?: SaveJournal;
  /** How a component is written (e.g. a WorkerSaver); default the store, journaled. */
  save?: (codec: ComponentCodec<unknown>, state: unknown) => Promise<SaveResult>;
  /** Free space to leave untouched; default the store's reserve (100 MB). */
  reserveBytes?: number;
  /** false: the states are snapshots the caller will not mutate, no copy. */
  capture?: boolean;
  now?: () => number;
}

export interface SaveAllReport {
  cutId: number;
  reason: string;
  /** The SaveAll ran to the end and its manifest is committed. */
  complete: boolean;
  /** Every component was saved (nothing skipped for space or failure). */
  allComponents: boolean;
  saved: ManifestEntry[];
  skipped: { component: string; reason: string }[];
  freeBytes: number;
  durationMs: number;
  manifestError?: string;
}

export async function saveAll(components: readonly SaveAllComponent[], options: SaveAllOptions): Promise<SaveAllReport> {
  const { store, journal } = options;
  const now = options.now ?? Date.now;
  const started = performance.now();
  const save = options.save ?? ((codec, state) => saveAndJournal(store, journal, codec, state));
  const ordered = components
    .map((item, order) => ({ ...item, order, state: options.capture === false ? item.state : captureState(item.state) }))
    .sort((a, b) => a.codec.priority - b.codec.priority || a.order - b.order);
  const { freeBytes } = await store.fs.statfs(store.directory);
  let budget = freeBytes - (options.reserveBytes ?? store.reserveBytes);
  const skipped: { component: string; reason: string }[] = [];
  const kept = ordered.filter((item) => {
    const size = encodedSize(item.codec, item.state);
    if (size <= budget) return (budget -= size), true;
    skipped.push({ component: item.codec.name, reason: `disk space: needs ${size} bytes, ${Math.max(0, budget)} left above the reserve` });
    return false;
  });
  // The highest id of any readable manifest generation, so a damaged current one is not reused.
  const cutId = Math.max(0, ...(await readManifests(store)).map((manifest) => manifest.state.cutId)) + 1;
  const before = await Promise.all(ordered.map(async (item) => ({ component: item.codec.name, seq: (await store.currentHeader(item.codec))?.seq ?? 0, bytes: 0 })));
  const manifest: ManifestState = { cutId, startedAt: now(), completedAt: 0, complete: false, reason: options.reason, components: before, skipped: [...skipped] };
  const manifestErrors: string[] = [];
  await store.save(manifestCodec, manifest).catch((error: unknown) => manifestErrors.push(`begin: ${messageOf(error)}`));

  const saved: ManifestEntry[] = [];
  for (const item of kept) {
    try {
      const result = await save(item.codec, item.state);
      saved.push({ component: item.codec.name, seq: result.seq, bytes: result.bytes });
    } catch (error) {
      skipped.push({ component: item.codec.name, reason: `${isDiskFullError(error) ? 'disk space' : 'failed'}: ${messageOf(error)}` });
    }
  }
  let complete = true;
  await store.save(manifestCodec, { ...manifest, completedAt: now(), complete: true, components: saved, skipped }).catch((error: unknown) => {
    complete = false;
    manifestErrors.push(`commit: ${messageOf(error)}`);
  });
  const report: SaveAllReport = { cutId, reason: options.reason, complete, allComponents: complete && skipped.length === 0, saved, skipped, freeBytes, durationMs: performance.now() - started };
  if (manifestErrors.length > 0) report.manifestError = manifestErrors.join('; ');
  void journal?.append({
    kind: 'saveAll', component: '*', seq: cutId, bytes: saved.reduce((sum, entry) => sum + entry.bytes, 0),
    outcome: !complete ? 'failed' : skipped.length > 0 ? 'skipped' : 'ok', durationMs: report.durationMs,
    detail: { reason: options.reason, saved: saved.length, skipped: skipped.map((entry) => entry.component).join(',') },
    ...(report.manifestError === undefined ? {} : { error: report.manifestError }),
  });
  return report;
}

/** The exact file size sealFile would produce, from the encoded sections (views, no copy of columns). */
export function encodedSize(codec: ComponentCodec<unknown>, state: unknown): number {
  const writer = new SectionWriter();
  codec.encode(state, writer);
  let end = HEADER_BYTES + SECTION_ENTRY_BYTES * writer.sections.length;
  for (const section of writer.sections) end = ((end + 7) & ~7) + section.bytes.byteLength;
  return ((end + 7) & ~7) + HMAC_BYTES;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
