// ProjectQuantum_Manifest.dat: the record of one SaveAll cut, a signed state file written
// through StateDirectory (so it has generations and recovery like any component). A SaveAll
// writes it twice: `complete: false` before the first component (with every component's seq
// before the cut), and `complete: true` after the last one, listing the seq each got.

import type { ComponentCodec } from '../components/codec.js';
import type { ScalarField } from '../format/sections.js';
import { checkCount } from '../components/validate.js';

export interface ManifestEntry {
  component: string;
  /** Before the cut: the seq current had then (0 = none). After: the seq this cut saved. */
  seq: number;
  bytes: number;
}

export interface ManifestState {
  cutId: number;
  startedAt: number;
  /** 0 until the cut completes. */
  completedAt: number;
  complete: boolean;
  reason: string;
  components: ManifestEntry[];
  /** Components left out of the cut (disk space, failure) with the reason. */
  skipped: { component: string; reason: string }[];
}

const Tag = { CUT: 1, REASON: 2, NAMES: 3, SEQS: 4, BYTES: 5, SKIPPED_NAMES: 6, SKIPPED_REASONS: 7 } as const;

const CUT = [
  { name: 'cutId', type: 'count' },
  { name: 'startedAt', type: 'time' },
  { name: 'completedAt', type: 'time' },
  { name: 'complete', type: 'bool' },
] as const satisfies readonly ScalarField[];

export const manifestCodec: ComponentCodec<ManifestState> = {
  name: 'Manifest',
  // Outside the component registry's range (1-10): the manifest is runtime metadata, not agent state.
  kind: 200,
  fileName: 'ProjectQuantum_Manifest.dat',
  schemaVersion: 1,
  priority: 1,

  fresh: () => ({ cutId: 0, startedAt: 0, completedAt: 0, complete: false, reason: '', components: [], skipped: [] }),

  encode(state, out) {
    out.record(Tag.CUT, CUT, state);
    out.strings(Tag.REASON, [state.reason]);
    out.strings(Tag.NAMES, state.components.map((entry) => entry.component));
    out.column(Tag.SEQS, Float64Array.from(state.components, (entry) => entry.seq));
    out.column(Tag.BYTES, Float64Array.from(state.components, (entry) => entry.bytes));
    out.strings(Tag.SKIPPED_NAMES, state.skipped.map((entry) => entry.component));
    out.strings(Tag.SKIPPED_REASONS, state.skipped.map((entry) => entry.reason));
  },

  decode(reader) {
    const names = reader.strings('components', Tag.NAMES);
    const seqs = reader.f64('seqs', Tag.SEQS, names.length);
    const bytes = reader.f64('bytes', Tag.BYTES, names.length);
    const skippedNames = reader.strings('skipped', Tag.SKIPPED_NAMES);
    const skippedReasons = reader.strings('skippedReasons', Tag.SKIPPED_REASONS, skippedNames.length);
    const state: ManifestState = {
      ...reader.record('cut', Tag.CUT, CUT),
      reason: reader.strings('reason', Tag.REASON, 1)[0] ?? '',
      components: names.map((component, i) => ({ component, seq: seqs[i] as number, bytes: bytes[i] as number })),
      skipped: skippedNames.map((component, i) => ({ component, reason: skippedReasons[i] as string })),
    };
    this.validate(state, reader.file);
    return state;
  },

  validate(state, file) {
    checkCount('cutId', state.cutId, file);
    state.components.forEach((entry, i) => {
      checkCount(`components[${i}].seq`, entry.seq, file);
      checkCount(`components[${i}].bytes`, entry.bytes, file);
    });
  },

  legacyDecoders: {},
  migrations: [],
};
