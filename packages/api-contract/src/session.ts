// Who the caller is and what the server watches: GET /api/session; probes /livez and /readyz.

import { Type, type Static } from 'typebox';
import { Role } from './common.js';

export const Session = Type.Object({
  role: Role,
  /** The token's name (e.g. `operator`), never the token. */
  actor: Type.String(),
  version: Type.String(),
  stateDirectory: Type.String(),
  demo: Type.Boolean(),
  agent: Type.Union([Type.Object({ pid: Type.Integer(), running: Type.Boolean() }), Type.Null()]),
  limits: Type.Object({ pageSize: Type.Integer(), exportRows: Type.Integer(), requestsPerMinute: Type.Integer() }),
});
export type Session = Static<typeof Session>;

export const Probe = Type.Object({ status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]), detail: Type.Optional(Type.String()) });
export type Probe = Static<typeof Probe>;
