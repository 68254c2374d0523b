// Health of components and their generations: GET /api/components[/{component}[/generations]], POST /api/verify.

import { Type, type Static } from 'typebox';
import { ComponentName, EpochMs, GenerationFile, RejectReason } from './common.js';

export const GenerationStatus = Type.Union([Type.Literal('valid'), Type.Literal('missing'), Type.Literal('rejected')]);

export const GenerationInfo = Type.Object({
  generation: GenerationFile,
  status: GenerationStatus,
  /** Why it is unusable, when status is not valid. */
  reason: Type.Optional(RejectReason),
  message: Type.Optional(Type.String()),
  seq: Type.Optional(Type.Integer()),
  savedAt: Type.Optional(EpochMs),
  ageMs: Type.Optional(Type.Number()),
  sizeBytes: Type.Optional(Type.Integer()),
  schemaVersion: Type.Optional(Type.Integer()),
  pendingMigration: Type.Optional(Type.Boolean()),
  keyFingerprint: Type.Optional(Type.String({ description: 'hex fingerprint of the signing key, never the key' })),
  flags: Type.Optional(Type.Integer()),
  /** Committed with the guard's SUSPECT flag: a semantic check found it doubtful (persistence-core GUARD.md). */
  suspect: Type.Optional(Type.Boolean({ description: "committed with the guard's SUSPECT flag: a semantic check found the state doubtful" })),
  /** Written by a restore (header flag RESTORED, persistence-core FORMAT.md). */
  restored: Type.Optional(Type.Boolean({ description: 'written by a restore: an operator made an older state current' })),
});
export type GenerationInfo = Static<typeof GenerationInfo>;

/**
 * valid: current is usable. recovered: current is not, an older generation is (`recoveredFrom`).
 * unrecoverable: no generation is usable. empty: the component was never saved.
 */
export const ComponentHealth = Type.Union([Type.Literal('valid'), Type.Literal('recovered'), Type.Literal('unrecoverable'), Type.Literal('empty')]);
export type ComponentHealth = Static<typeof ComponentHealth>;

export const QuarantinedFile = Type.Object({
  component: Type.Optional(ComponentName),
  file: Type.String({ description: 'file name inside the state directory' }),
  sizeBytes: Type.Integer(),
  quarantinedAt: EpochMs,
  /** Why it was moved aside: a reject reason, or e.g. `rotated-out` for a generation put aside by a save that died. */
  reason: Type.Optional(Type.String()),
});
export type QuarantinedFile = Static<typeof QuarantinedFile>;

export const ComponentSummary = Type.Object({
  component: ComponentName,
  fileName: Type.String(),
  priority: Type.Integer({ minimum: 1, maximum: 3 }),
  schemaVersion: Type.Integer({ description: 'schema version this build writes' }),
  health: ComponentHealth,
  recoveredFrom: Type.Optional(GenerationFile),
  /** The generation a load would use now (current, or the backup it recovers from). */
  active: Type.Optional(GenerationInfo),
  validGenerations: Type.Integer(),
});
export type ComponentSummary = Static<typeof ComponentSummary>;

export const ComponentList = Type.Object({
  checkedAt: EpochMs,
  components: Type.Array(ComponentSummary),
});
export type ComponentList = Static<typeof ComponentList>;

/** A verified copy kept outside the rotating chain (browse or restore it as `pin-<seq>`). */
export const PinnedInfo = Type.Object({
  ref: Type.String({ description: 'pin-<seq>' }),
  seq: Type.Integer(),
  file: Type.String(),
  sizeBytes: Type.Integer(),
  savedAt: Type.Optional(EpochMs),
  noteStatus: Type.String(),
  note: Type.Optional(Type.String()),
  pinnedBy: Type.Optional(Type.String()),
  automatic: Type.Optional(Type.Boolean()),
});
export type PinnedInfo = Static<typeof PinnedInfo>;

export const ComponentDetail = Type.Object({
  summary: ComponentSummary,
  generations: Type.Array(GenerationInfo),
  pins: Type.Array(PinnedInfo),
  quarantined: Type.Array(QuarantinedFile),
});
export type ComponentDetail = Static<typeof ComponentDetail>;

export const GenerationList = Type.Object({
  component: ComponentName,
  generations: Type.Array(GenerationInfo),
});
export type GenerationList = Static<typeof GenerationList>;

export const QuarantineList = Type.Object({ files: Type.Array(QuarantinedFile) });
export type QuarantineList = Static<typeof QuarantineList>;

export const VerifyResult = Type.Object({
  checkedAt: EpochMs,
  durationMs: Type.Number(),
  components: Type.Array(Type.Object({ summary: ComponentSummary, generations: Type.Array(GenerationInfo) })),
  validFiles: Type.Integer(),
  rejectedFiles: Type.Integer(),
});
export type VerifyResult = Static<typeof VerifyResult>;
