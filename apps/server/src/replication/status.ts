// The replication status of a state directory as the API shows it, read from the directory
// alone (the replicator's cursor and journal, the generation headers): the server never runs a
// replicator pass itself. Requests that arrive while a read is running share it.

import type { ReplicationEvent as ApiEvent, ReplicationLagPoint, ReplicationStatus } from '@quantum/api-contract';
import type { ReplicationEvent } from '@quantum/replication';
import { readReplicationJournal, readReplicationStatus } from '@quantum/replication';
import type { ReplicationSettings } from './settings.js';
import { publicTarget } from './settings.js';

/** Points of the lag-over-time chart kept in an answer. */
const HISTORY_POINTS = 300;

export const NOT_CONFIGURED = 'replication not configured: set QUANTUM_S3_BUCKET (and QUANTUM_S3_ENDPOINT for a non-AWS store) to enable it';

export interface StatusSource {
  directory: string;
  settings: ReplicationSettings | undefined;
  replicatorProcess?: () => { pid: number; running: boolean } | null;
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
  const journal = await readReplicationJournal(source.directory);
  const installation = settings.installation ?? disk.target?.installation;
  const failure = disk.last.failure;
  const failing = disk.failingSince !== undefined;
  const status: ReplicationStatus = {
    configured: true,
    // A replicator that failed before its first upload has a journal but no cursor yet.
    message: describe(disk.configured || journal.length > 0, failing, failure, disk.lag.generations),
    replicatorSeen: disk.configured || journal.length > 0,
    lag: disk.lag,
    consecutiveFailures: failing ? Number(failure?.detail?.['consecutiveFailures'] ?? 1) : 0,
    history: journal.filter((event) => event.lag !== undefined).slice(-HISTORY_POINTS).map(lagPoint),
  };
  if (installation !== undefined) status.target = publicTarget(settings, installation);
  if (source.replicatorProcess !== undefined) status.replicatorProcess = source.replicatorProcess();
  if (disk.last.pass !== undefined) status.lastPass = event(disk.last.pass);
  if (failure !== undefined) status.lastFailure = event(failure);
  if (disk.failingSince !== undefined) status.failingSince = disk.failingSince;
  if (disk.last.verify !== undefined) status.lastVerification = event(disk.last.verify);
  if (disk.last.retention !== undefined) status.lastRetention = event(disk.last.retention);
  return status;
}

function describe(seen: boolean, failing: boolean, failure: ReplicationEvent | undefined, behind: number): string {
  if (failing) return `failing: ${failure?.message ?? 'unknown error'}`;
  if (!seen) return 'configured, but no replicator has run in this state directory yet (no cursor, no journal)';
  return behind === 0 ? 'caught up' : `${behind} generation(s) waiting for upload`;
}

const event = (from: ReplicationEvent): ApiEvent => ({ time: from.time, kind: from.kind, outcome: from.outcome, message: from.message });

const lagPoint = (from: ReplicationEvent): ReplicationLagPoint => ({
  time: from.time,
  seconds: from.lag?.seconds ?? 0,
  generations: from.lag?.generations ?? 0,
  bytesPending: from.lag?.bytesPending ?? 0,
});
