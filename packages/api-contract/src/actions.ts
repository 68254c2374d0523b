// Operator actions, run as jobs: restore (with preview and dry run), migrate, compact; and their audit log.

import { Type, type Static } from 'typebox';
import { ComponentName, EpochMs, GenerationRef, Role } from './common.js';
import { GenerationInfo, PinnedInfo } from './components.js';
import { GenerationDiff } from './diff.js';

export const RestorePreviewQuery = Type.Object({ generation: GenerationRef });
export type RestorePreviewQuery = Static<typeof RestorePreviewQuery>;

export const RestorePreview = Type.Object({
  component: ComponentName,
  /** A generation of the chain, or a pinned copy (PinnedInfo) when restoring `pin-<n>`. */
  target: Type.Union([GenerationInfo, PinnedInfo]),
  current: Type.Union([GenerationInfo, Type.Null()]),
  diff: Type.Union([GenerationDiff, Type.Null()]),
});
export type RestorePreview = Static<typeof RestorePreview>;

export const RestoreBody = Type.Object(
  {
    generation: GenerationRef,
    /** Checks everything (verification, lock, disk space) and changes nothing. */
    dryRun: Type.Optional(Type.Boolean({ default: false })),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type RestoreBody = Static<typeof RestoreBody>;

export const ActionBody = Type.Object(
  { dryRun: Type.Optional(Type.Boolean({ default: false })), reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type ActionBody = Static<typeof ActionBody>;

export const CheckResult = Type.Object({ check: Type.String(), ok: Type.Boolean(), detail: Type.String() });
export type CheckResult = Static<typeof CheckResult>;

/** The answer to a dry run: what would happen, and whether every check passed. */
export const DryRunResult = Type.Object({
  dryRun: Type.Literal(true),
  component: ComponentName,
  action: Type.String(),
  wouldSucceed: Type.Boolean(),
  checks: Type.Array(CheckResult),
});
export type DryRunResult = Static<typeof DryRunResult>;

export const JobKind = Type.Union([Type.Literal('restore'), Type.Literal('migrate'), Type.Literal('compact')]);
export type JobKind = Static<typeof JobKind>;
export const JobState = Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]);
export type JobState = Static<typeof JobState>;

export const Job = Type.Object({
  id: Type.String(),
  kind: JobKind,
  component: ComponentName,
  generation: Type.Optional(Type.String()),
  actor: Type.String({ description: 'name of the token that started it' }),
  state: JobState,
  /** 0..1 */
  progress: Type.Number(),
  steps: Type.Array(Type.Object({ time: EpochMs, step: Type.String(), message: Type.String() })),
  createdAt: EpochMs,
  finishedAt: Type.Optional(EpochMs),
  result: Type.Optional(Type.Object({ seq: Type.Integer(), bytes: Type.Number(), durationMs: Type.Number() })),
  error: Type.Optional(Type.String()),
});
export type Job = Static<typeof Job>;

export const JobParams = Type.Object({ jobId: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }) });
export type JobParams = Static<typeof JobParams>;
export const JobList = Type.Object({ jobs: Type.Array(Job) });
export type JobList = Static<typeof JobList>;

export const AuditEntry = Type.Object({
  id: Type.Integer({ description: 'position in the audit log' }),
  time: EpochMs,
  actor: Type.String(),
  role: Role,
  action: Type.Union([Type.Literal('restore'), Type.Literal('migrate'), Type.Literal('compact'), Type.Literal('pin'), Type.Literal('unpin')]),
  component: ComponentName,
  generation: Type.Optional(Type.String()),
  seq: Type.Optional(Type.Integer({ description: 'seq of the generation restored from' })),
  source: Type.Optional(Type.Union([Type.Literal('local'), Type.Literal('remote')], { description: 'remote: restored from a generation in the replication bucket' })),
  dryRun: Type.Boolean(),
  outcome: Type.Union([Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('started')]),
  detail: Type.String(),
  jobId: Type.Optional(Type.String()),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  /** Entries with id lower than this (newest first paging). */
  before: Type.Optional(Type.Integer({ minimum: 0 })),
  component: Type.Optional(ComponentName),
});
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditPage = Type.Object({
  entries: Type.Array(AuditEntry),
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
});
export type AuditPage = Static<typeof AuditPage>;
