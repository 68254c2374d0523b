// Many agents, one console: the installations a server watches (local state directories and
// bucket prefixes materialized read-only), GET /api/installations. Every installation-bound
// route is served for the default installation under /api and for each one under
// /api/installations/<installation>.

import { Type, type Static } from 'typebox';
import { EpochMs } from './common.js';

/** Letters, digits, '.', '_', '-' (starting with a letter or digit): safe in a URL path and a file name. */
export const InstallationId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'installation id as configured on the server' });
export type InstallationId = Static<typeof InstallationId>;

export const INSTALLATION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const InstallationKind = Type.Union([Type.Literal('local'), Type.Literal('bucket')], {
  description: 'local: a state directory on this machine; bucket: an installation in the replication bucket, materialized read-only',
});
export type InstallationKind = Static<typeof InstallationKind>;

export const InstallationHealth = Type.Union([Type.Literal('ok'), Type.Literal('warning'), Type.Literal('error')]);
export type InstallationHealth = Static<typeof InstallationHealth>;

/** How far the bucket is behind a local installation, from its replicator's cursor and journal. */
export const InstallationLag = Type.Object({
  seconds: Type.Number({ description: 'age of the oldest local generation not yet in the bucket; 0 when caught up' }),
  generations: Type.Integer(),
  bytesPending: Type.Integer(),
  failingSince: Type.Optional(EpochMs),
});
export type InstallationLag = Static<typeof InstallationLag>;

/** A bucket installation's local copy: which cut it shows and when it was last refreshed. */
export const InstallationMirror = Type.Object({
  bucketInstallation: Type.String({ description: 'the installation name in the bucket: <prefix>/<name>/...' }),
  cutId: Type.Optional(Type.Integer({ description: 'SaveAll cut shown now' })),
  cutCompletedAt: Type.Optional(EpochMs),
  refreshedAt: Type.Optional(EpochMs),
  refreshIntervalMs: Type.Integer(),
  lastError: Type.Optional(Type.String({ description: 'why the last refresh failed; the previous copy is still served' })),
});
export type InstallationMirror = Static<typeof InstallationMirror>;

export const InstallationSummary = Type.Object({
  id: InstallationId,
  kind: InstallationKind,
  /** The installation served under /api (the first configured). */
  default: Type.Boolean(),
  /** Why changes (restore, migrate, compact, pin) are refused; absent when writable. */
  readOnly: Type.Optional(Type.String()),
  health: InstallationHealth,
  /** One line for people: what made the health what it is. */
  detail: Type.String(),
  components: Type.Integer({ description: 'components with at least one generation' }),
  lastSaveAt: Type.Optional(EpochMs),
  /** null: unknown (no replicator has written a cursor in this directory, or a bucket installation). */
  lag: Type.Union([InstallationLag, Type.Null()]),
  mirror: Type.Optional(InstallationMirror),
});
export type InstallationSummary = Static<typeof InstallationSummary>;

export const InstallationList = Type.Object({
  checkedAt: EpochMs,
  installations: Type.Array(InstallationSummary),
});
export type InstallationList = Static<typeof InstallationList>;

/** Prefix of an installation's mirror of every installation-bound route. */
export function installationApiPrefix(id: string): string {
  return `/api/installations/${encodeURIComponent(id)}`;
}
