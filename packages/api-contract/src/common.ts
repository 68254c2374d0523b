// Names and shapes every route shares: components, generations, roles, errors, timestamps.

import { Type, type Static } from 'typebox';

/**
 * A component name as the spec spells it (`EntryAgent`, `ReplayBuffer`, ...). The server
 * narrows this to the closed set of its codec registry, so the OpenAPI document lists them.
 */
export const ComponentName = Type.String({ pattern: '^[A-Z][A-Za-z]{1,39}$', description: 'Component name as in the spec, e.g. EntryAgent' });
export type ComponentName = Static<typeof ComponentName>;

/** The four files of a component, newest first. */
export const GenerationFile = Type.Union([Type.Literal('current'), Type.Literal('bak'), Type.Literal('bak1'), Type.Literal('bak2')]);
export type GenerationFile = Static<typeof GenerationFile>;
export const generationFiles = ['current', 'bak', 'bak1', 'bak2'] as const satisfies readonly GenerationFile[];

/**
 * A generation to browse or restore: one of the four files; `seq-<n>` for the generation with
 * that sequence number wherever rotation has moved it (or its pinned copy; 410 once gone);
 * `pin-<n>` for the pinned copy (persistence-core guard pins) of seq n.
 */
export const GenerationRef = Type.String({ pattern: '^(current|bak|bak1|bak2|seq-[0-9]{1,15}|pin-[0-9]{1,15})$', description: 'current, bak, bak1, bak2, seq-<n> or pin-<n>' });
export type GenerationRef = Static<typeof GenerationRef>;

export const Role = Type.Union([Type.Literal('viewer'), Type.Literal('operator')]);
export type Role = Static<typeof Role>;

/** Why a generation file is unusable (persistence-core RejectReason). */
export type RejectReason =
  | 'missing' | 'empty' | 'truncated' | 'trailing-bytes' | 'bad-magic' | 'corrupt-header' | 'wrong-component' | 'hmac-mismatch'
  | 'unknown-key' | 'newer-format' | 'newer-schema' | 'decode-error' | 'migration-failed' | 'semantic-check-failed' | 'io-error';
/** A string on the wire, so a reason added by a newer core never breaks a response. */
export const RejectReason = Type.Unsafe<RejectReason>(
  Type.String({ description: 'missing, empty, truncated, trailing-bytes, bad-magic, corrupt-header, wrong-component, hmac-mismatch, unknown-key, newer-format, newer-schema, decode-error, migration-failed, semantic-check-failed, io-error' }),
);

/** Milliseconds since the Unix epoch. */
export const EpochMs = Type.Number({ description: 'milliseconds since the Unix epoch' });

/** Every error response: a stable code, a message safe to show, the request id for the logs. */
export const ErrorBody = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String({ description: 'stable machine-readable code, e.g. UNKNOWN_COMPONENT, STALE_CURSOR' }),
  message: Type.String(),
  requestId: Type.Optional(Type.String()),
});
export type ErrorBody = Static<typeof ErrorBody>;

export const ComponentParams = Type.Object({ component: ComponentName });
export type ComponentParams = Static<typeof ComponentParams>;

export const GenerationParams = Type.Object({ component: ComponentName, generation: GenerationRef });
export type GenerationParams = Static<typeof GenerationParams>;

/** Names of the closed enumerations, as the API prints codes. */
export const TradingActionName = Type.Union([Type.Literal('HOLD'), Type.Literal('BUY'), Type.Literal('SELL'), Type.Literal('CLOSE')]);
export type TradingActionName = Static<typeof TradingActionName>;
export const RegimeName = Type.Union([Type.Literal('TRENDING_UP'), Type.Literal('TRENDING_DOWN'), Type.Literal('RANGING'), Type.Literal('VOLATILE'), Type.Literal('CRISIS')]);
export type RegimeName = Static<typeof RegimeName>;
