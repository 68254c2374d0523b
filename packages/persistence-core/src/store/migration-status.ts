// Per component file: the schema version on disk against the one this build writes.

import type { ComponentCodec } from '../components/codec.js';
import type { StateDirectory } from './state-directory.js';

export interface MigrationStatus {
  component: string;
  file: string;
  /** Schema version of the current generation's header; undefined when there is no readable file. */
  onDisk: number | undefined;
  current: number;
  /** Older on disk: the next load migrates in memory and the next save writes `current`. */
  pending: boolean;
  /** Newer on disk than this build: it is refused, not misread. */
  newer: boolean;
}

export async function migrationStatus(store: StateDirectory, codecs: readonly ComponentCodec<unknown>[]): Promise<MigrationStatus[]> {
  const statuses: MigrationStatus[] = [];
  for (const codec of codecs) {
    const header = await store.currentHeader(codec);
    const onDisk = header?.schemaVersion;
    statuses.push({
      component: codec.name,
      file: codec.fileName,
      onDisk,
      current: codec.schemaVersion,
      pending: onDisk !== undefined && onDisk < codec.schemaVersion,
      newer: onDisk !== undefined && onDisk > codec.schemaVersion,
    });
  }
  return statuses;
}

/** Loads every component with a pending migration and saves it back at the current schema. */
export async function migrateAll(store: StateDirectory, codecs: readonly ComponentCodec<unknown>[]): Promise<{ component: string; from: number; to: number; seq: number }[]> {
  const migrated: { component: string; from: number; to: number; seq: number }[] = [];
  for (const status of await migrationStatus(store, codecs)) {
    if (!status.pending) continue;
    const codec = codecs.find((candidate) => candidate.name === status.component) as ComponentCodec<unknown>;
    const { state, header } = await store.read(codec, 'current');
    const result = await store.save(codec, state, { expectedSeq: header.seq });
    migrated.push({ component: codec.name, from: status.onDisk as number, to: codec.schemaVersion, seq: result.seq });
  }
  return migrated;
}
