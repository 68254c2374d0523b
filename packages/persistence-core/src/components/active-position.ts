// SPositionState (spec 5.1): the open position, for the signed snapshot format. The runtime's
// per-tick save uses its own two-slot file; this codec is the same fields in a state file.

import type { ScalarField } from '../format/sections.js';
import type { ComponentCodec } from './codec.js';
import { Regime, enumSize } from './enums.js';
import type { ActivePositionState } from './types.js';
import { checkCount, checkEnum } from './validate.js';

const Tag = { POSITION: 1 } as const;

const POSITION = [
  { name: 'ticket', type: 'count' },
  { name: 'entryPrice', type: 'f64' },
  { name: 'mfe', type: 'f64' },
  { name: 'mae', type: 'f64' },
  { name: 'barsHeld', type: 'count' },
  { name: 'regimeAtEntry', type: { enumSize: enumSize(Regime) } },
  { name: 'time', type: 'time' },
] as const satisfies readonly ScalarField[];

export const activePositionCodec: ComponentCodec<ActivePositionState> = {
  name: 'ActivePosition',
  kind: 9,
  // The spec's ProjectQuantum_ActivePosition.dat is the runtime's per-tick slot file.
  fileName: 'ProjectQuantum_ActivePositionSnapshot.dat',
  schemaVersion: 1,
  priority: 1,

  fresh: () => ({ ticket: 0, entryPrice: 0, mfe: 0, mae: 0, barsHeld: 0, regimeAtEntry: Regime.RANGING, time: 0 }),

  encode(state, out) {
    out.record(Tag.POSITION, POSITION, state);
  },

  decode(reader) {
    const position = reader.record('position', Tag.POSITION, POSITION);
    const state: ActivePositionState = { ...position, regimeAtEntry: position.regimeAtEntry as Regime };
    this.validate(state, reader.file);
    return state;
  },

  validate(state, file) {
    checkCount('ticket', state.ticket, file);
    checkCount('barsHeld', state.barsHeld, file);
    checkEnum('regimeAtEntry', state.regimeAtEntry, enumSize(Regime), file);
  },

  legacyDecoders: {},
  migrations: [],
};
