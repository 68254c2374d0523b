// Pinning from the console: an operator keeps a chain generation as a pinned copy (with a note)
// or removes a pin. Listing, browsing, diffing and restoring pins go through the ordinary
// component routes (`pins` of ComponentDetail, generation ref `pin-<seq>`).

import { Type, type Static } from 'typebox';
import { ComponentName } from './common.js';
import { PinnedInfo } from './components.js';

/** Only the rotating chain can be pinned; a pin is already pinned. */
export const PinnableGeneration = Type.Union([Type.Literal('current'), Type.Literal('bak'), Type.Literal('bak1'), Type.Literal('bak2')]);
export type PinnableGeneration = Static<typeof PinnableGeneration>;

export const PinBody = Type.Object(
  {
    generation: PinnableGeneration,
    /** Why this generation is worth keeping; stored signed next to the pinned copy. */
    note: Type.String({ minLength: 1, maxLength: 500 }),
    /** Refuse (409) unless the generation still holds this seq: it may have rotated since the operator looked. */
    expectedSeq: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type PinBody = Static<typeof PinBody>;

export const PinResult = Type.Object({ component: ComponentName, generation: PinnableGeneration, pin: PinnedInfo });
export type PinResult = Static<typeof PinResult>;

export const UnpinParams = Type.Object({ component: ComponentName, seq: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) });
export type UnpinParams = Static<typeof UnpinParams>;

export const UnpinResult = Type.Object({ component: ComponentName, seq: Type.Integer(), unpinned: Type.Literal(true) });
export type UnpinResult = Static<typeof UnpinResult>;

/** Not in `routes` (RouteSpec is GET/POST only): the pin routes, for server and web. */
export const pinRoutes = {
  pin: { method: 'POST', path: '/api/components/:component/pins', role: 'operator', summary: 'PinBody -> 201 PinResult' },
  unpin: { method: 'DELETE', path: '/api/components/:component/pins/:seq', role: 'operator', summary: '200 UnpinResult' },
} as const;
