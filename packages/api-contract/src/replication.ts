// Off-site replication in the console: the replicator's lag and health (read from the state
// directory: cursor, generation headers, replication journal) and restoring one component from
// a generation in the bucket, with the same preview, dry run, job and audit as a local restore.

import { Type, type Static } from 'typebox';
import { ComponentName, EpochMs } from './common.js';
import { GenerationInfo } from './components.js';
import { GenerationDiff } from './diff.js';

/** Where the replicas go; never credentials. */
export const ReplicationTarget = Type.Object({
  bucket: Type.String(),
  prefix: Type.String(),
  installation: Type.String({ description: 'names this state directory in the bucket: <prefix>/<installation>/<Component>/<seq>.dat' }),
  endpoint: Type.Optional(Type.String({ description: 'S3 endpoint of a non-AWS store' })),
  region: Type.String(),
});
export type ReplicationTarget = Static<typeof ReplicationTarget>;

export const ComponentReplicationLag = Type.Object({
  component: Type.String({ description: 'component name, or Manifest for SaveAll manifests' }),
  localSeq: Type.Integer({ description: 'newest seq on disk' }),
  uploadedSeq: Type.Integer({ description: 'every generation up to this seq that existed locally is in the bucket' }),
  generationsBehind: Type.Integer({ description: 'generations on disk not yet in the bucket' }),
  seqsBehind: Type.Integer({ description: 'saves since the last upload, including ones rotated away' }),
  bytesPending: Type.Integer(),
  seconds: Type.Optional(Type.Number({ description: "age of this component's oldest generation not yet uploaded" })),
  outboxEntries: Type.Optional(Type.Integer({ description: 'entries in the replication outbox' })),
  oldestPendingSavedAt: Type.Optional(EpochMs),
});
export type ComponentReplicationLag = Static<typeof ComponentReplicationLag>;

export const ReplicationLag = Type.Object({
  at: EpochMs,
  seconds: Type.Number({ description: 'age of the oldest local generation not yet in the bucket; 0 when caught up' }),
  generations: Type.Integer(),
  bytesPending: Type.Integer(),
  outboxEntries: Type.Optional(Type.Integer({ description: 'entries in the replication outbox, all components' })),
  components: Type.Array(ComponentReplicationLag),
});
export type ReplicationLag = Static<typeof ReplicationLag>;

/** One line of the replication journal. */
export const ReplicationEvent = Type.Object({
  time: EpochMs,
  kind: Type.Union([Type.Literal('pass'), Type.Literal('failure'), Type.Literal('verify'), Type.Literal('retention'), Type.Literal('lag')]),
  outcome: Type.Union([Type.Literal('ok'), Type.Literal('warning'), Type.Literal('failed')]),
  message: Type.String(),
});
export type ReplicationEvent = Static<typeof ReplicationEvent>;

/** Lag after each journal event, oldest first: the lag-over-time chart. */
export const ReplicationLagPoint = Type.Object({ time: EpochMs, seconds: Type.Number(), generations: Type.Integer(), bytesPending: Type.Integer() });
export type ReplicationLagPoint = Static<typeof ReplicationLagPoint>;

export const ReplicationStatus = Type.Object({
  /** false: the server has no bucket (QUANTUM_S3_BUCKET unset); every other field but `message` is then absent. */
  configured: Type.Boolean(),
  message: Type.String({ description: 'one line for people: "replication not configured", or the state in words' }),
  target: Type.Optional(ReplicationTarget),
  /** Whether a replicator has written its cursor in this state directory. */
  replicatorSeen: Type.Optional(Type.Boolean()),
  /** The replicator process the server started (npm start with QUANTUM_S3_BUCKET), if any. */
  replicatorProcess: Type.Optional(Type.Union([Type.Object({ pid: Type.Integer(), running: Type.Boolean() }), Type.Null()])),
  lag: Type.Optional(ReplicationLag),
  lastPass: Type.Optional(ReplicationEvent),
  lastFailure: Type.Optional(ReplicationEvent),
  consecutiveFailures: Type.Optional(Type.Integer({ description: 'failed passes since the last successful one' })),
  failingSince: Type.Optional(EpochMs),
  lastVerification: Type.Optional(ReplicationEvent),
  lastRetention: Type.Optional(ReplicationEvent),
  /** The outbox (saves hard-link each committed generation for the replicator): whether it exists, and its entries. */
  outbox: Type.Optional(Type.Object({ enabled: Type.Boolean(), entries: Type.Integer() })),
  /** Per component, from the cursor: seqs never uploaded (rotated away first, or rejected locally) and the newest verified replica. */
  problems: Type.Optional(Type.Array(Type.Object({ component: Type.String(), missed: Type.Array(Type.Integer()), rejected: Type.Array(Type.Object({ seq: Type.Integer(), reason: Type.String() })), verifiedSeq: Type.Optional(Type.Integer()) }))),
  /** The replicator's newest journal line of any kind (a running replicator writes a lag record every minute). */
  lastSeenAt: Type.Optional(EpochMs),
  history: Type.Optional(Type.Array(ReplicationLagPoint)),
});
export type ReplicationStatus = Static<typeof ReplicationStatus>;

export const RemoteGenerationParams = Type.Object({
  component: ComponentName,
  seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});
export type RemoteGenerationParams = Static<typeof RemoteGenerationParams>;

export const RemoteGeneration = Type.Object({
  seq: Type.Integer(),
  key: Type.String({ description: 'object key in the bucket' }),
  sizeBytes: Type.Integer(),
  savedAt: Type.Optional(EpochMs),
  sha256: Type.Optional(Type.String({ description: 'content digest recorded at upload' })),
  flags: Type.Optional(Type.Integer()),
  /** A local pin of this seq exists: retention keeps it in the bucket forever. */
  pinned: Type.Boolean(),
});
export type RemoteGeneration = Static<typeof RemoteGeneration>;

export const RemoteGenerationList = Type.Object({
  component: ComponentName,
  configured: Type.Boolean(),
  message: Type.Optional(Type.String()),
  total: Type.Integer({ description: 'generation objects of the component in the bucket' }),
  /** Newest first, at most 50; an older seq can still be previewed and restored by number. */
  generations: Type.Array(RemoteGeneration),
});
export type RemoteGenerationList = Static<typeof RemoteGenerationList>;

export const RemoteRestorePreview = Type.Object({
  component: ComponentName,
  source: Type.Literal('remote'),
  /** Downloaded, digest and HMAC verified with this installation's keyring, decoded. */
  target: Type.Intersect([RemoteGeneration, Type.Object({ schemaVersion: Type.Integer(), keyFingerprint: Type.String() })]),
  current: Type.Union([GenerationInfo, Type.Null()]),
  diff: Type.Union([GenerationDiff, Type.Null()]),
});
export type RemoteRestorePreview = Static<typeof RemoteRestorePreview>;

export const RemoteRestoreBody = Type.Object(
  {
    /** Downloads and verifies, checks disk space, changes nothing. */
    dryRun: Type.Optional(Type.Boolean({ default: false })),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type RemoteRestoreBody = Static<typeof RemoteRestoreBody>;

/** Not in `routes` (per installation under /api or /api/installations/<id>): the replication routes. */
export const replicationRoutes = {
  replication: { method: 'GET', path: '/api/replication', role: 'viewer', summary: 'ReplicationStatus' },
  remoteGenerations: { method: 'GET', path: '/api/components/:component/remote-generations', role: 'viewer', summary: 'RemoteGenerationList' },
  remotePreview: { method: 'POST', path: '/api/components/:component/remote-generations/:seq/preview', role: 'operator', summary: 'RemoteRestorePreview' },
  remoteRestore: { method: 'POST', path: '/api/components/:component/remote-generations/:seq/restore', role: 'operator', summary: 'RemoteRestoreBody -> 200 DryRunResult or 202 Job' },
} as const;
