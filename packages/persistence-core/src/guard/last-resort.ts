// Load with pins in view: the recovery chain never falls back to a pinned generation on its
// own (it may be months old); when the chain has nothing usable, or only something older
// than a pin, the report names the newest valid pin and its age as the last resort.

import type { ComponentCodec } from '../components/codec.js';
import { QuantumStateError } from '../errors.js';
import type { LoadResult, RecoveryReport } from '../store/reports.js';
import type { StateDirectory } from '../store/state-directory.js';
import { listPins, readPinned } from './pins.js';

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

export type PinnedRecoveryReport = RecoveryReport & { lastResort?: LastResortPin };

/** "3 d 4 h", "5 h 12 min", "42 s": the age of a pin as an operator reads it. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60)];
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return m > 0 ? `${m} min` : `${s} s`;
}

/** The newest pin of `codec` that verifies, as a last resort relative to the loaded seq. */
export async function lastResortPin<S>(store: StateDirectory, codec: ComponentCodec<S>, loadedSeq: number | undefined, now: number): Promise<LastResortPin | undefined> {
  for (const pin of await listPins(store, codec)) {
    if (loadedSeq !== undefined && pin.seq <= loadedSeq) return undefined;
    try {
      const { header } = await readPinned(store, codec, pin.seq);
      return {
        seq: pin.seq,
        file: pin.file,
        savedAt: header.savedAt,
        ageMs: now - header.savedAt,
        ...(pin.note === undefined ? {} : { note: pin.note.note, automatic: pin.note.automatic }),
      };
    } catch (error) {
      if (!(error instanceof QuantumStateError)) throw error;
    }
  }
  return undefined;
}

/** store.load, plus the last-resort pin when the chain had nothing usable or only older state. */
export async function loadWithPins<S>(store: StateDirectory, codec: ComponentCodec<S>, now = Date.now()): Promise<LoadResult<S> & { report: PinnedRecoveryReport }> {
  const result = await store.load(codec);
  const lastResort = await lastResortPin(store, codec, result.header?.seq, now);
  if (lastResort === undefined) return result;
  const what = result.report.used === null ? 'nothing in the generation chain was usable' : `the loaded seq ${result.header?.seq} is older`;
  const message = `${result.report.message}; ${what}, pinned seq ${lastResort.seq} (saved ${formatAge(lastResort.ageMs)} ago${lastResort.note === undefined ? '' : `, "${lastResort.note}"`}) is the last resort and was not loaded: restore it explicitly`;
  const level = result.report.level === 'ok' ? 'warning' : result.report.level;
  return { ...result, report: { ...result.report, level, message, lastResort } };
}
