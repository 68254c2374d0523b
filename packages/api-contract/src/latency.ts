// Save latency from the save journal: GET /api/latency, and the save events of GET /api/events.

import { Type, type Static } from 'typebox';
import { ComponentName, EpochMs } from './common.js';

export const LatencyWindow = Type.Union([Type.Literal('1m'), Type.Literal('5m'), Type.Literal('15m'), Type.Literal('1h'), Type.Literal('24h')]);
export type LatencyWindow = Static<typeof LatencyWindow>;

export const LatencyQuery = Type.Object({
  window: Type.Optional(LatencyWindow),
  component: Type.Optional(ComponentName),
});
export type LatencyQuery = Static<typeof LatencyQuery>;

export const Percentiles = Type.Object({
  count: Type.Integer(),
  p50: Type.Number(),
  p95: Type.Number(),
  p99: Type.Number(),
  max: Type.Number(),
});
export type Percentiles = Static<typeof Percentiles>;

/** `phase` is `total` for the whole save, else a phase of SaveResult.phases (lock, encode, write, fsync, ...). */
export const LatencySeries = Type.Object({
  component: ComponentName,
  phase: Type.String(),
  milliseconds: Percentiles,
});
export type LatencySeries = Static<typeof LatencySeries>;

export const LatencyReport = Type.Object({
  window: LatencyWindow,
  from: EpochMs,
  to: EpochMs,
  saves: Type.Integer(),
  failures: Type.Integer(),
  series: Type.Array(LatencySeries),
});
export type LatencyReport = Static<typeof LatencyReport>;

/** One line of the save journal, as streamed in `event: save` (the SSE id is `position`). */
export const SaveEvent = Type.Object({
  position: Type.String({ description: 'journal position; resume with Last-Event-ID' }),
  time: EpochMs,
  kind: Type.String({ description: 'save, delta, compact, restore, migrate, ...' }),
  component: Type.String(),
  seq: Type.Optional(Type.Integer()),
  bytes: Type.Optional(Type.Number()),
  outcome: Type.String({ description: 'ok, skipped, failed' }),
  error: Type.Optional(Type.String()),
  durationMs: Type.Optional(Type.Number()),
  phases: Type.Optional(Type.Record(Type.String(), Type.Number())),
  pid: Type.Optional(Type.Integer()),
});
export type SaveEvent = Static<typeof SaveEvent>;

export const RecentSaves = Type.Object({ events: Type.Array(SaveEvent) });
export type RecentSaves = Static<typeof RecentSaves>;

export const RecentSavesQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  component: Type.Optional(ComponentName),
});
export type RecentSavesQuery = Static<typeof RecentSavesQuery>;

/**
 * GET /api/events is text/event-stream. Events: `save` (data: SaveEvent, id: its position),
 * `job` (data: Job, on every progress step), `audit` (data: AuditEntry). Send Last-Event-ID
 * (or ?lastEventId=) to resume after a save event; job and audit events are live only.
 */
export const EventsQuery = Type.Object({
  lastEventId: Type.Optional(Type.String({ pattern: '^[0-9]{1,8}:[0-9]{1,12}$' })),
});
export type EventsQuery = Static<typeof EventsQuery>;
export const EventNames = ['save', 'job', 'audit'] as const;
export type EventName = (typeof EventNames)[number];
