// SExitAgentState (spec 2.2): Q-table, eligibility traces, journey-reward parameters, statistics.

import type { ScalarField, SectionReader } from '../format/sections.js';
import type { ComponentCodec } from './codec.js';
import { emptyAgentTables, readAgentTables, validateAgentTables, writeAgentTables } from './q-table.js';
import type { ExitAgentState } from './types.js';
import { checkCount } from './validate.js';

const Tag = { PARAMS: 1, Q_TABLE: 10, TRACES: 20 } as const;

const PARAMS = [
  { name: 'ewmaCaptureRatio', type: 'f64' },
  { name: 'ewmaFlipRate', type: 'f64' },
  { name: 'adaptiveGivebackScale', type: 'f64' },
  { name: 'totalExits', type: 'count' },
  { name: 'avgMfeCapture', type: 'f64' },
  { name: 'avgPathSmoothness', type: 'f64' },
] as const satisfies readonly ScalarField[];

/** Schema v0 had no adaptive giveback scale (the spec's migration example). */
export const EXIT_AGENT_PARAMS_V0 = [
  { name: 'ewmaCaptureRatio', type: 'f64' },
  { name: 'ewmaFlipRate', type: 'f64' },
  { name: 'totalExits', type: 'count' },
  { name: 'avgMfeCapture', type: 'f64' },
  { name: 'avgPathSmoothness', type: 'f64' },
] as const satisfies readonly ScalarField[];

/** Section tags, shared by schema v0 and v1. */
export const EXIT_AGENT_TAGS = Tag;

/** The spec's MigrateV0ToV1 default: no scaling of the giveback penalty. */
const DEFAULT_GIVEBACK_SCALE = 1.0;

function decodeV0(reader: SectionReader): Omit<ExitAgentState, 'adaptiveGivebackScale'> {
  return {
    ...reader.record('params', Tag.PARAMS, EXIT_AGENT_PARAMS_V0),
    ...readAgentTables(reader, Tag.Q_TABLE, Tag.TRACES),
  };
}

export const exitAgentCodec: ComponentCodec<ExitAgentState> = {
  name: 'ExitAgent',
  kind: 2,
  fileName: 'ProjectQuantum_ExitAgent.dat',
  schemaVersion: 1,
  priority: 1,

  fresh: () => ({
    ...emptyAgentTables(),
    ewmaCaptureRatio: 0,
    ewmaFlipRate: 0,
    adaptiveGivebackScale: DEFAULT_GIVEBACK_SCALE,
    totalExits: 0,
    avgMfeCapture: 0,
    avgPathSmoothness: 0,
  }),

  encode(state, out) {
    out.record(Tag.PARAMS, PARAMS, state);
    writeAgentTables(out, Tag.Q_TABLE, Tag.TRACES, state);
  },

  decode(reader) {
    const state: ExitAgentState = {
      ...reader.record('params', Tag.PARAMS, PARAMS),
      ...readAgentTables(reader, Tag.Q_TABLE, Tag.TRACES),
    };
    this.validate(state, reader.file);
    return state;
  },

  validate(state, file) {
    validateAgentTables(state, file);
    checkCount('totalExits', state.totalExits, file);
  },

  legacyDecoders: { 0: decodeV0 },
  migrations: [
    {
      from: 0,
      description: 'adds adaptiveGivebackScale = 1.0 (no giveback scaling)',
      migrate: (previous) => ({ ...(previous as object), adaptiveGivebackScale: DEFAULT_GIVEBACK_SCALE }),
    },
  ],
};
