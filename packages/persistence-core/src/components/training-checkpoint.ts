// Mid-batch training checkpoint (spec 5.2, 6.4): progress, the sampler's generator state and
// the entry agent being trained, so training resumes at the batch where it stopped.

import type { ScalarField } from '../format/sections.js';
import type { ComponentCodec } from './codec.js';
import { emptyAgentTables, readAgentTables, validateAgentTables, writeAgentTables } from './q-table.js';
import type { EntryAgentState, TrainingCheckpointState } from './types.js';
import { check, checkCount, checkLength } from './validate.js';

const Tag = { PROGRESS: 1, RNG_STATE: 2, ENTRY_PARAMS: 101, ENTRY_Q_TABLE: 110, ENTRY_TRACES: 120 } as const;

const PROGRESS = [
  { name: 'runId', type: 'count' },
  { name: 'batchesDone', type: 'count' },
  { name: 'batchesTotal', type: 'count' },
  { name: 'totalSamplesTaken', type: 'count' },
] as const satisfies readonly ScalarField[];

// Declared here rather than borrowed from the entry agent codec: a change to the entry agent's
// schema must not silently change this file's layout without a checkpoint schema version.
const ENTRY_PARAMS = [
  { name: 'epsilon', type: 'f64' },
  { name: 'alpha', type: 'f64' },
  { name: 'lambda', type: 'f64' },
  { name: 'totalUpdates', type: 'count' },
  { name: 'stateSpaceSize', type: 'count' },
  { name: 'trainingStart', type: 'time' },
] as const satisfies readonly ScalarField[];

/** xoshiro128** keeps four 32-bit words. */
const RNG_WORDS = 4;

export const trainingCheckpointCodec: ComponentCodec<TrainingCheckpointState> = {
  name: 'TrainingCheckpoint',
  kind: 10,
  fileName: 'ProjectQuantum_TrainingCheckpoint.dat',
  schemaVersion: 1,
  priority: 1,

  fresh: () => ({
    runId: 0,
    batchesDone: 0,
    batchesTotal: 0,
    rngState: Uint32Array.of(1, 2, 3, 4),
    entry: {
      ...emptyAgentTables(),
      epsilon: 1,
      alpha: 0.1,
      lambda: 0.9,
      totalUpdates: 0,
      stateSpaceSize: 0,
      trainingStart: 0,
    },
    totalSamplesTaken: 0,
  }),

  encode(state, out) {
    out.record(Tag.PROGRESS, PROGRESS, state);
    out.column(Tag.RNG_STATE, state.rngState);
    out.record(Tag.ENTRY_PARAMS, ENTRY_PARAMS, state.entry);
    writeAgentTables(out, Tag.ENTRY_Q_TABLE, Tag.ENTRY_TRACES, state.entry);
  },

  decode(reader) {
    const entry: EntryAgentState = {
      ...reader.record('entry.params', Tag.ENTRY_PARAMS, ENTRY_PARAMS),
      ...readAgentTables(reader, Tag.ENTRY_Q_TABLE, Tag.ENTRY_TRACES, 'entry.'),
    };
    const state: TrainingCheckpointState = {
      ...reader.record('progress', Tag.PROGRESS, PROGRESS),
      rngState: reader.u32('rngState', Tag.RNG_STATE),
      entry,
    };
    this.validate(state, reader.file);
    return state;
  },

  validate(state, file) {
    checkCount('runId', state.runId, file);
    checkCount('batchesDone', state.batchesDone, file);
    checkCount('batchesTotal', state.batchesTotal, file);
    checkCount('totalSamplesTaken', state.totalSamplesTaken, file);
    check(state.batchesDone <= state.batchesTotal, 'batchesDone', `${state.batchesDone} exceeds batchesTotal ${state.batchesTotal}`, file);
    checkLength('rngState', state.rngState.length, RNG_WORDS, file);
    check(state.rngState.some((word) => word !== 0), 'rngState', 'is all zero, a state xoshiro128** never leaves', file);
    validateAgentTables(state.entry, file, 'entry.');
    checkCount('entry.totalUpdates', state.entry.totalUpdates, file);
    checkCount('entry.stateSpaceSize', state.entry.stateSpaceSize, file);
  },

  legacyDecoders: {},
  migrations: [],
};
