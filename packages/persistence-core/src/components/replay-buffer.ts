// SReplayBufferState (spec 2.3): a circular buffer of experiences with sampling priorities and CDF.

import type { ScalarField, SectionReader } from '../format/sections.js';
import type { ComponentCodec } from './codec.js';
import { emptyExperiences, readExperiences, validateExperiences, writeExperiences } from './experience-columns.js';
import { cumulativeSum, validateCdf } from './replay-cdf.js';
import type { ReplayBufferState } from './types.js';
import { check, checkCount, checkLength } from './validate.js';

const Tag = { PARAMS: 1, EXPERIENCES: 10, PRIORITIES: 30, CDF: 31 } as const;

const PARAMS = [
  { name: 'capacity', type: 'count' },
  { name: 'currentSize', type: 'count' },
  { name: 'nextIndex', type: 'count' },
  { name: 'sumPriorities', type: 'f64' },
  { name: 'totalSamplesTaken', type: 'count' },
] as const satisfies readonly ScalarField[];

/** Section tags, shared by schema v0 (which has no CDF section) and v1. */
export const REPLAY_BUFFER_TAGS = Tag;
export const REPLAY_BUFFER_PARAMS = PARAMS;

/** Everything but the CDF: the whole of schema v0, whose loader had to rebuild the CDF. */
function readWithoutCdf(reader: SectionReader): Omit<ReplayBufferState, 'cdf'> {
  return {
    ...reader.record('params', Tag.PARAMS, PARAMS),
    experiences: readExperiences(reader, 'experiences', Tag.EXPERIENCES),
    priorities: reader.f64('priorities', Tag.PRIORITIES),
  };
}

/** The spec's RecalculateCDF: rebuilds the CDF and its total from the priorities. */
function recalculateCdf(previous: Omit<ReplayBufferState, 'cdf'>): ReplayBufferState {
  const cdf = cumulativeSum(previous.priorities);
  return { ...previous, cdf, sumPriorities: cdf.length === 0 ? 0 : (cdf[cdf.length - 1] as number) };
}

/** currentSize <= capacity; nextIndex < capacity and, until the buffer is full, equal to currentSize. */
function validateCircularPosition(state: ReplayBufferState, file?: string): void {
  const { capacity, currentSize, nextIndex } = state;
  check(currentSize <= capacity, 'currentSize', `${currentSize} exceeds capacity ${capacity}`, file);
  if (capacity === 0) {
    check(nextIndex === 0, 'nextIndex', `must be 0 in a buffer of capacity 0, found ${nextIndex}`, file);
    return;
  }
  check(nextIndex < capacity, 'nextIndex', `${nextIndex} is beyond capacity ${capacity}`, file);
  if (currentSize < capacity) {
    check(nextIndex === currentSize, 'nextIndex', `is ${nextIndex} in a buffer still filling (currentSize ${currentSize})`, file);
  }
}

export const replayBufferCodec: ComponentCodec<ReplayBufferState> = {
  name: 'ReplayBuffer',
  kind: 3,
  fileName: 'ProjectQuantum_ReplayBuffer.dat',
  schemaVersion: 1,
  priority: 2,

  fresh: () => ({
    capacity: 10_000,
    currentSize: 0,
    nextIndex: 0,
    experiences: emptyExperiences(),
    priorities: new Float64Array(0),
    cdf: new Float64Array(0),
    sumPriorities: 0,
    totalSamplesTaken: 0,
  }),

  encode(state, out) {
    out.record(Tag.PARAMS, PARAMS, state);
    writeExperiences(out, Tag.EXPERIENCES, state.experiences);
    out.column(Tag.PRIORITIES, state.priorities);
    out.column(Tag.CDF, state.cdf);
  },

  decode(reader) {
    const state: ReplayBufferState = {
      ...readWithoutCdf(reader),
      cdf: reader.f64('cdf', Tag.CDF),
    };
    this.validate(state, reader.file);
    return state;
  },

  validate(state, file) {
    checkCount('capacity', state.capacity, file);
    checkCount('currentSize', state.currentSize, file);
    checkCount('nextIndex', state.nextIndex, file);
    checkCount('totalSamplesTaken', state.totalSamplesTaken, file);
    validateCircularPosition(state, file);
    validateExperiences(state.experiences, state.currentSize, 'experiences', file);
    checkLength('priorities', state.priorities.length, state.currentSize, file);
    checkLength('cdf', state.cdf.length, state.currentSize, file);
    validateCdf(state, file);
  },

  legacyDecoders: { 0: readWithoutCdf },
  migrations: [
    {
      from: 0,
      description: 'recomputes the CDF (and its total) from the priorities',
      migrate: (previous) => recalculateCdf(previous as Omit<ReplayBufferState, 'cdf'>),
    },
  ],
};
