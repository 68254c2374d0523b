// The replication status of a state directory as the API shows it, read from the directory
// alone (the replicator's cursor and journal, the generation headers): the server never runs a
// replicator pass itself. Requests that arrive while a read is running share it.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReplicationEvent as ApiEvent, ReplicationLagPoint, ReplicationStatus } from '@quantum/api-contract';
import type { DiskReplicationStatus, ReplicationEvent } from '@quantum/replication';
import { REPLICATION_JOURNAL_FILE, readReplicationJournal, readReplicationStatus } from '@quantum/replication';
import type { ChildInfo } from '../child-process.js';
import type { ReplicationSettings } from './settings.js';
import { publicTarget } from './settings.js';

/** Points of the lag-over-time chart kept in an answer. */
const HISTORY_POINTS = 300;

export const NOT_CONFIGURED = 'replication not configured: set QUANTUM_S3_BUCKET (and QUANTUM_S3_ENDPOINT for a non-AWS store) to enable it';
/** A bucket installation's copy uploads nothing itself: its replication belongs to the installation that uploads it. */
export const MIRROR_NOT_REPLICATED = 'a read-only copy of a bucket installation: its replication is shown by the console of the installation that uploads it';

export interface StatusSource {
  directory: string;
  settings: ReplicationSettings | undefined;
  replicatorProcess?: () => ChildInfo | null;
  now?: () => number;
}

const inflight = new Map<string, Promise<ReplicationStatus>>();

export function replicationStatus(source: StatusSource): Promise<ReplicationStatus> {
  const key = `${source.directory}|${source.settings === undefined ? '-' : (source.settings.installation ?? '')}|${source.replicatorProcess !== undefined}`;
  let status = inflight.get(key);
  if (status === undefined) {
    status = readStatus(source, (source.now ?? Date.now)()).finally(() => inflight.delete(key));
    inflight.set(key, status);
  }
  return status;
}

async function readStatus(source: StatusSource, now: number): Promise<ReplicationStatus> {
  const settings = source.settings;
  if (settings === undefined) return { configured: false, message: NOT_CONFIGURED };
  const disk = await readReplicationStatus(source.directory, { now });
  const installation = settings.installation ?? disk.target?.installation;
  const status: ReplicationStatus = {
    configured: true,
    message: describe(disk),
    replicatorSeen: disk.configured,
    lag: disk.lag,
    consecutiveFailures: disk.lastError === undefined ? 0 : (disk.lastError.consecutiveFailures ?? 1),
    outbox: { enabled: disk.outbox, entries: disk.lag.outboxEntries },
    problems: disk.problems,
    history: await lagHistory(source.directory),
  };
  if (installation !== undefined) status.target = publicTarget(settings, installation);
  if (source.replicatorProcess !== undefined) status.replicatorProcess = source.replicatorProcess();
  const { pass, failure, verify, retention } = disk.last;
  if (pass !== undefined) status.lastPass = event(pass);
  if (failure !== undefined) status.lastFailure = event(failure);
  if (disk.failingSince !== undefined) status.failingSince = disk.failingSince;
  if (verify !== undefined) status.lastVerification = event(verify);
  if (retention !== undefined) status.lastRetention = event(retention);
  if (disk.lastSeenAt !== undefined) status.lastSeenAt = disk.lastSeenAt;
  return status;
}

function describe(disk: DiskReplicationStatus): string {
  if (disk.lastError !== undefined) return `failing: ${disk.lastError.message}`;
  if (!disk.configured) return 'configured, but no replicator has run in this state directory yet (no cursor, no journal)';
  return disk.lag.generations === 0 ? 'caught up' : `${disk.lag.generations} generation(s) waiting for upload`;
}

/** The journal's lag points, parsed again only when the journal file changed. */
const histories = new Map<string, { identity: string; points: ReplicationLagPoint[] }>();

async function lagHistory(directory: string): Promise<ReplicationLagPoint[]> {
  const info = await stat(join(directory, REPLICATION_JOURNAL_FILE)).catch(() => undefined);
  if (info === undefined) return [];
  const identity = `${info.ino}:${info.size}:${info.mtimeMs}`;
  const known = histories.get(directory);
  if (known?.identity === identity) return known.points;
  const points = (await readReplicationJournal(directory)).filter((entry) => entry.lag !== undefined).slice(-HISTORY_POINTS).map(lagPoint);
  histories.set(directory, { identity, points });
  if (histories.size > 64) histories.delete(histories.keys().next().value as string);
  return points;
}

const event = (from: ReplicationEvent): ApiEvent => ({ time: from.time, kind: from.kind, outcome: from.outcome, message: from.message });

const lagPoint = (from: ReplicationEvent): ReplicationLagPoint => ({
  time: from.time,
  seconds: from.lag?.seconds ?? 0,
  generations: from.lag?.generations ?? 0,
  bytesPending: from.lag?.bytesPending ?? 0,
});
