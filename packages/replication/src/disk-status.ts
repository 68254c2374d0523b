// Replication status read from the state directory alone (cursor, generation headers and the
// replication journal), for a process that is not the replicator: the console server, the
// agent, `quantum-state` tools. No bucket access, no credentials.

import { join } from 'node:path';
import type { FileSystem } from '@quantum/persistence-core';
import { defaultComponents } from './components.js';
import type { CursorState } from './cursor.js';
import { CURSOR_FILE } from './cursor.js';
import { nodeFileSystem } from './fs-helpers.js';
import type { ReplicationLag } from './lag.js';
import { computeLag } from './lag.js';
import type { LocalGeneration, ReplicatedComponent } from './local-generations.js';
import { listLocalGenerations } from './local-generations.js';
import type { ReplicationEvent } from './replication-journal.js';
import { readReplicationJournal } from './replication-journal.js';

export interface DiskReplicationStatus {
  /** false: no replicator has written a cursor in this directory. */
  configured: boolean;
  target?: { bucket: string; prefix: string; installation: string };
  lag: ReplicationLag;
  /** The newest journal event of each kind. */
  last: Partial<Record<ReplicationEvent['kind'], ReplicationEvent>>;
  /** Failures since the last successful pass (from the journal). */
  failingSince?: number;
}

export async function readReplicationStatus(directory: string, options: { fs?: FileSystem; components?: readonly ReplicatedComponent[]; now?: number } = {}): Promise<DiskReplicationStatus> {
  const fs = options.fs ?? nodeFileSystem;
  let cursor: CursorState | undefined;
  try {
    cursor = JSON.parse(Buffer.from(await fs.readFile(join(directory, CURSOR_FILE))).toString('utf8')) as CursorState;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error;
  }
  const local = new Map<string, LocalGeneration[]>();
  for (const component of options.components ?? defaultComponents()) local.set(component.name, await listLocalGenerations(fs, directory, component));
  const empty: CursorState = { version: 1, bucket: '', prefix: '', installation: '', components: {} };
  const status: DiskReplicationStatus = { configured: cursor !== undefined, lag: computeLag(local, cursor ?? empty, options.now ?? Date.now()), last: {} };
  if (cursor !== undefined) status.target = { bucket: cursor.bucket, prefix: cursor.prefix, installation: cursor.installation };
  for (const event of await readReplicationJournal(directory, fs)) {
    status.last[event.kind] = event;
    if (event.kind === 'failure') status.failingSince ??= event.time;
    if (event.kind === 'pass') delete status.failingSince;
  }
  return status;
}
