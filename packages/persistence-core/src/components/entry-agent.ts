// SEntryAgentState (spec 2.1): Q-table, eligibility traces, learning parameters, statistics.

import type { ScalarField } from '../format/sections.js';
import type { ComponentCodec } from './codec.js';
import { emptyAgentTables, readAgentTables, validateAgentTables, writeAgentTables } from './q-table.js';
import type { EntryAgentState } from './types.js';
import { checkCount } from './validate.js';

const Tag = { PARAMS: 1, Q_TABLE: 10, TRACES: 20 } as const;

const PARAMS = [
  { name: 'epsilon', type: 'f64' },
  { name: 'alpha', type: 'f64' },
  { name: 'lambda', type: 'f64' },
  { name: 'totalUpdates', type: 'count' },
  { name: 'stateSpaceSize', type: 'count' },
  { name: 'trainingStart', type: 'time' },
] as const satisfies readonly ScalarField[];

export const entryAgentCodec: ComponentCodec<EntryAgentState> = {
  name: 'EntryAgent',
  kind: 1,
  fileName: 'ProjectQuantum_EntryAgent.dat',
  schemaVersion: 1,
  priority: 1,

  fresh: () => ({
    ...emptyAgentTables(),
    epsilon: 1,
    alpha: 0.1,
    lambda: 0.9,
    totalUpdates: 0,
    stateSpaceSize: 0,
    trainingStart: 0,
  }),

  encode(state, out) {
    out.record(Tag.PARAMS, PARAMS, state);
    writeAgentTables(out, Tag.Q_TABLE, Tag.TRACES, state);
  },

  decode(reader) {
    const state: EntryAgentState = {
      ...reader.record('params', Tag.PARAMS, PARAMS),
      ...readAgentTables(reader, Tag.Q_TABLE, Tag.TRACES),
    };
    this.validate(state, reader.file);
    return state;
  },

  validate(state, file) {
    validateAgentTables(state, file);
    checkCount('totalUpdates', state.totalUpdates, file);
    checkCount('stateSpaceSize', state.stateSpaceSize, file);
  },

  legacyDecoders: {},
  migrations: [],
};
