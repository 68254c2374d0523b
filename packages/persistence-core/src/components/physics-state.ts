// Physics metrics state (spec 9, phase 1-2): VPIN history, kurtosis ring buffer, fractal dimension.

import type { ScalarField } from '../format/sections.js';
import type { ComponentCodec } from './codec.js';
import type { PhysicsState } from './types.js';
import { check, checkCount } from './validate.js';

const Tag = { PARAMS: 1, VPIN_HISTORY: 10, KURTOSIS_BUFFER: 11, FRACTAL_DIMENSION_HISTORY: 12 } as const;

const PARAMS = [
  { name: 'kurtosisIndex', type: 'count' },
  { name: 'lastUpdated', type: 'time' },
] as const satisfies readonly ScalarField[];

export const physicsStateCodec: ComponentCodec<PhysicsState> = {
  name: 'PhysicsState',
  kind: 8,
  fileName: 'ProjectQuantum_PhysicsState.dat',
  schemaVersion: 1,
  priority: 3,

  fresh: () => ({
    vpinHistory: new Float64Array(0),
    kurtosisBuffer: new Float64Array(0),
    kurtosisIndex: 0,
    fractalDimensionHistory: new Float64Array(0),
    lastUpdated: 0,
  }),

  encode(state, out) {
    out.record(Tag.PARAMS, PARAMS, state);
    out.column(Tag.VPIN_HISTORY, state.vpinHistory);
    out.column(Tag.KURTOSIS_BUFFER, state.kurtosisBuffer);
    out.column(Tag.FRACTAL_DIMENSION_HISTORY, state.fractalDimensionHistory);
  },

  decode(reader) {
    const state: PhysicsState = {
      ...reader.record('params', Tag.PARAMS, PARAMS),
      vpinHistory: reader.f64('vpinHistory', Tag.VPIN_HISTORY),
      kurtosisBuffer: reader.f64('kurtosisBuffer', Tag.KURTOSIS_BUFFER),
      fractalDimensionHistory: reader.f64('fractalDimensionHistory', Tag.FRACTAL_DIMENSION_HISTORY),
    };
    this.validate(state, reader.file);
    return state;
  },

  // The kurtosis buffer is stored at its full ring size, so the write position lies inside it.
  validate(state, file) {
    checkCount('kurtosisIndex', state.kurtosisIndex, file);
    const size = state.kurtosisBuffer.length;
    if (size === 0) check(state.kurtosisIndex === 0, 'kurtosisIndex', `must be 0 for an empty kurtosis buffer, found ${state.kurtosisIndex}`, file);
    else check(state.kurtosisIndex < size, 'kurtosisIndex', `${state.kurtosisIndex} is beyond the kurtosis buffer of ${size}`, file);
  },

  legacyDecoders: {},
  migrations: [],
};
