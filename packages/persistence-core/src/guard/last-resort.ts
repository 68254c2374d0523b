// Load with pins in view: the recovery chain never falls back to a pinned generation on its
// own (it may be months old); when the chain has nothing usable, or only something older
// than a pin, the load report names the newest valid pin and its age as the last resort.

import type { ComponentCodec } from '../components/codec.js';
import { QuantumStateError } from '../errors.js';
import type { LoadResult } from '../store/reports.js';
import type { StateDirectory } from '../store/state-directory.js';
import { PINNED_DIRECTORY, pinFileName, pinnedSeqs } from './pin-files.js';
import { readNote, readPinned } from './pins.js';

export interface LastResortPin {
  seq: number;
  /** Relative to the state directory. */
  file: string;
  savedAt: number;
  /** now - savedAt, in milliseconds. */
  ageMs: number;
  note?: string;
  automatic?: boolean;
}

/** "3 d 4 h", "5 h 12 min", "42 s": the age of a pin as an operator reads it. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60)];
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return m > 0 ? `${m} min` : `${s} s`;
}

/**
 * The newest pin of `codec` that verifies and is newer than the loaded seq (any pin when nothing
 * was loaded). Cheap when there is none: a directory listing, no file is read.
 */
export async function lastResortPin<S>(store: StateDirectory, codec: ComponentCodec<S>, loadedSeq: number | undefined, now: number): Promise<LastResortPin | undefined> {
  for (const seq of await pinnedSeqs(store.fs, store.directory, codec.fileName)) {
    if (loadedSeq !== undefined && seq <= loadedSeq) return undefined;
    try {
      const { header } = await readPinned(store, codec, seq);
      const { note } = await readNote(store, codec as ComponentCodec<unknown>, seq, undefined);
      return {
        seq,
        file: `${PINNED_DIRECTORY}/${pinFileName(codec.fileName, seq)}`,
        savedAt: header.savedAt,
        ageMs: now - header.savedAt,
        ...(note === undefined ? {} : { note: note.note, automatic: note.automatic }),
      };
    } catch (error) {
      if (!(error instanceof QuantumStateError)) throw error;
    }
  }
  return undefined;
}

/** The load result with the last-resort pin in its report: named, aged, not loaded. */
export function withLastResort<S>(result: LoadResult<S>, lastResort: LastResortPin): LoadResult<S> {
  const { report } = result;
  const what = report.used === null ? 'nothing in the generation chain was usable' : `the loaded seq ${result.header?.seq} is older`;
  const message = `${report.message}; ${what}, pinned seq ${lastResort.seq} (saved ${formatAge(lastResort.ageMs)} ago${lastResort.note === undefined ? '' : `, "${lastResort.note}"`}) is the last resort and was not loaded: restore it explicitly`;
  return { ...result, report: { ...report, level: report.level === 'ok' ? 'warning' : report.level, message, lastResort } };
}
