// SEntryAgentState (spec 2.1): Q-table, eligibility traces, learning parameters, statistics.

import type { ScalarField } from '../format/sections.js';
import type { ComponentCodec } from './codec.js';
import {
  emptyQTable,
  emptyTraceTable,
  readQTable,
  readTraceTable,
  validateQTable,
  validateTraceTable,
  writeQTable,
  writeTraceTable,
} from './q-table.js';
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
    qTable: emptyQTable(),
    traces: emptyTraceTable(),
    epsilon: 1,
    alpha: 0.1,
    lambda: 0.9,
    totalUpdates: 0,
    stateSpaceSize: 0,
    trainingStart: 0,
  }),

  encode(state, out) {
    out.record(Tag.PARAMS, PARAMS, state);
    writeQTable(out, Tag.Q_TABLE, state.qTable);
    writeTraceTable(out, Tag.TRACES, state.traces);
  },

  decode(reader) {
    const state: EntryAgentState = {
      ...reader.record('params', Tag.PARAMS, PARAMS),
      qTable: readQTable(reader, 'qTable', Tag.Q_TABLE),
      traces: readTraceTable(reader, 'traces', Tag.TRACES),
    };
    this.validate(state, reader.file);
    return state;
  },

  validate(state, file) {
    validateQTable(state.qTable, 'qTable', file);
    validateTraceTable(state.traces, 'traces', file);
    checkCount('totalUpdates', state.totalUpdates, file);
    checkCount('stateSpaceSize', state.stateSpaceSize, file);
  },

  legacyDecoders: {},
  migrations: [],
};
