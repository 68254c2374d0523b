// The live active position: the newest verified slot of the two-slot position file written on
// every tick (ProjectQuantum_ActivePosition.dat), read without the agent's lock: GET /api/position.

import { Type, type Static } from 'typebox';
import { EpochMs, RegimeName } from './common.js';

export const PositionSlotStatus = Type.Union([
  Type.Literal('valid'),
  Type.Literal('empty'),
  Type.Literal('bad-magic'),
  Type.Literal('unknown-key'),
  Type.Literal('hmac-mismatch'),
  Type.Literal('misplaced'),
  Type.Literal('bad-field'),
]);

export const PositionSlot = Type.Object({
  index: Type.Integer({ minimum: 0, maximum: 1 }),
  status: PositionSlotStatus,
  seq: Type.Optional(Type.Integer()),
  kind: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
  writtenAt: Type.Optional(EpochMs),
});
export type PositionSlot = Static<typeof PositionSlot>;

export const LivePosition = Type.Object({
  checkedAt: EpochMs,
  file: Type.String({ description: 'file name in the state directory' }),
  /** open: a verified OPEN record; flat: no file, a CLOSED record or a file never written; unverified: no slot verifies. */
  status: Type.Union([Type.Literal('open'), Type.Literal('flat'), Type.Literal('unverified')]),
  /** verified: the newest valid slot's HMAC checks; none: nothing to verify (no file, blank slots); failed: no slot verifies. */
  verification: Type.Union([Type.Literal('verified'), Type.Literal('none'), Type.Literal('failed')]),
  reason: Type.String(),
  position: Type.Optional(
    Type.Object({
      ticket: Type.Integer(),
      entryPrice: Type.Number(),
      mfe: Type.Number(),
      mae: Type.Number(),
      barsHeld: Type.Integer(),
      regime: RegimeName,
      time: EpochMs,
    }),
  ),
  /** The slot the answer comes from: seq, when it was written and how long ago. */
  slot: Type.Optional(Type.Object({ index: Type.Integer(), seq: Type.Integer(), writtenAt: EpochMs, ageMs: Type.Number() })),
  slots: Type.Array(PositionSlot),
});
export type LivePosition = Static<typeof LivePosition>;
