// SShadowAgentsState (spec 2.7): parallel shadow agents, each with its own Q-table.
// Shadow i's record and Q-table are the sections with index i.

import type { ScalarField } from '../format/sections.js';
import type { ComponentCodec } from './codec.js';
import { readQTable, validateQTable, writeQTable } from './q-table.js';
import type { ShadowAgent, ShadowAgentsState } from './types.js';
import { MAX_SECTION_INDEX, check, checkCount, checkUnique } from './validate.js';

const Tag = { COUNT: 1, SHADOW: 2, STRATEGY_NAMES: 3, Q_TABLE: 10 } as const;

const COUNT = [{ name: 'numShadows', type: 'count' }] as const satisfies readonly ScalarField[];

const SHADOW = [
  { name: 'agentId', type: 'count' },
  { name: 'sharpeRatio', type: 'f64' },
  { name: 'sortinoRatio', type: 'f64' },
  { name: 'maxDrawdown', type: 'f64' },
  { name: 'totalTrades', type: 'count' },
  { name: 'actionDivergence', type: 'f64' },
  { name: 'lastOutperformed', type: 'time' },
] as const satisfies readonly ScalarField[];

/** Section indices are 16-bit, which bounds the number of shadows. */
const MAX_SHADOWS = MAX_SECTION_INDEX + 1;

export const shadowAgentsCodec: ComponentCodec<ShadowAgentsState> = {
  name: 'ShadowAgents',
  kind: 7,
  fileName: 'ProjectQuantum_ShadowAgents.dat',
  schemaVersion: 1,
  priority: 3,

  fresh: () => ({ shadows: [] }),

  encode(state, out) {
    if (state.shadows.length > MAX_SHADOWS) throw new RangeError(`at most ${MAX_SHADOWS} shadow agents fit in one file`);
    out.record(Tag.COUNT, COUNT, { numShadows: state.shadows.length });
    out.strings(Tag.STRATEGY_NAMES, state.shadows.map((shadow) => shadow.strategyName));
    state.shadows.forEach((shadow, i) => {
      out.record(Tag.SHADOW, SHADOW, shadow, i);
      writeQTable(out, Tag.Q_TABLE, shadow.qTable, i);
    });
  },

  decode(reader) {
    const { numShadows } = reader.record('numShadows', Tag.COUNT, COUNT);
    check(numShadows <= MAX_SHADOWS, 'numShadows', `${numShadows} exceeds the ${MAX_SHADOWS} a file can index`, reader.file);
    const names = reader.strings('shadows.strategyName', Tag.STRATEGY_NAMES, numShadows);
    const shadows = names.map(
      (strategyName, i): ShadowAgent => ({
        ...reader.record(`shadows[${i}]`, Tag.SHADOW, SHADOW, i),
        strategyName,
        qTable: readQTable(reader, `shadows[${i}].qTable`, Tag.Q_TABLE, i),
      }),
    );
    const state: ShadowAgentsState = { shadows };
    this.validate(state, reader.file);
    return state;
  },

  validate(state, file) {
    check(state.shadows.length <= MAX_SHADOWS, 'numShadows', `${state.shadows.length} exceeds the ${MAX_SHADOWS} a file can index`, file);
    checkUnique(
      'shadows.agentId',
      state.shadows.map((shadow) => shadow.agentId),
      file,
    );
    state.shadows.forEach((shadow, i) => {
      checkCount(`shadows[${i}].agentId`, shadow.agentId, file);
      checkCount(`shadows[${i}].totalTrades`, shadow.totalTrades, file);
      validateQTable(shadow.qTable, `shadows[${i}].qTable`, file);
    });
  },

  legacyDecoders: {},
  migrations: [],
};
