// The replication outbox: `<stateDir>/.outbox/<fileName>.<seq, 12 digits>`, a hard link the
// save path makes to every committed generation while the directory exists (persistence-core
// `store/outbox.ts`, CRASH-SAFETY.md; bounded by its `outboxLimit`).
// It keeps a generation readable after it rotates off the four local slots, until the
// replicator has uploaded it, made its cursor durable, and unlinked the entry.

import { join } from 'node:path';
import type { FileSystem } from '@quantum/persistence-core';
import { OUTBOX_DIRECTORY, outboxEntryName, parseOutboxEntry } from '@quantum/persistence-core';
import type { ReplicatedComponent } from './local-generations.js';

export { OUTBOX_DIRECTORY, outboxEntryName };
/** Entries that failed verification or conflict with the bucket: kept for an operator, never uploaded. */
export const OUTBOX_HELD_DIRECTORY = '.outbox-held';

export interface OutboxEntry {
  component: string;
  seq: number;
  name: string;
  path: string;
}

/** An entry with its size and write time, for lag. */
export interface OutboxGeneration extends OutboxEntry {
  /** The file's mtime: the save wrote it (a link does not change it), within milliseconds of the header's savedAt. */
  savedAt: number;
  sizeBytes: number;
}

const STAT_BATCH = 64;

export function outboxPath(directory: string): string {
  return join(directory, OUTBOX_DIRECTORY);
}

/**
 * Creates the outbox (durably: the state directory is fsynced), so saves start linking into it.
 * `no-directory` while the state directory does not exist yet: the agent creates that, not the replicator.
 */
export async function ensureOutbox(fs: FileSystem, directory: string): Promise<'created' | 'present' | 'no-directory'> {
  const path = outboxPath(directory);
  if ((await fs.stat(path))?.isDirectory === true) return 'present';
  if ((await fs.stat(directory))?.isDirectory !== true) return 'no-directory';
  await fs.mkdir(path, 0o700);
  await fs.syncDirectory(path);
  await fs.syncDirectory(directory);
  return 'created';
}

/** A store that looked for the outbox before it existed looks again within this long (persistence-core). */
export const OUTBOX_NOTICE_MS = 1_000;

/** Entries per component name, oldest seq first; entries of other files are left alone. */
export async function listOutbox(fs: FileSystem, directory: string, components: readonly ReplicatedComponent[]): Promise<Map<string, OutboxEntry[]>> {
  const byFile = new Map(components.map((component) => [component.fileName, component.name]));
  const entries = new Map<string, OutboxEntry[]>(components.map((component) => [component.name, []]));
  let names: string[];
  try {
    names = await fs.readdir(outboxPath(directory));
  } catch (error) {
    // No outbox (or something else under its name, which the store does not link into either).
    if (['ENOENT', 'ENOTDIR'].includes((error as { code?: string }).code ?? '')) return entries;
    throw error;
  }
  for (const name of names) {
    const parsed = parseOutboxEntry(name);
    const component = parsed === undefined ? undefined : byFile.get(parsed.fileName);
    if (parsed === undefined || component === undefined) continue;
    entries.get(component)!.push(entryAt(directory, component, name, parsed.seq));
  }
  for (const list of entries.values()) list.sort((a, b) => a.seq - b.seq);
  return entries;
}

/** The entry of (`component`, `seq`), whether or not it exists. */
export function outboxEntry(directory: string, component: ReplicatedComponent, seq: number): OutboxEntry {
  return entryAt(directory, component.name, outboxEntryName(component.fileName, seq), seq);
}

function entryAt(directory: string, component: string, name: string, seq: number): OutboxEntry {
  return { component, seq, name, path: join(outboxPath(directory), name) };
}

/**
 * listOutbox with each entry's size and write time, from one stat each (in parallel): a status
 * read stays cheap with thousands of entries waiting. An entry unlinked meanwhile is left out.
 */
export async function listOutboxGenerations(fs: FileSystem, directory: string, components: readonly ReplicatedComponent[]): Promise<Map<string, OutboxGeneration[]>> {
  const result = new Map<string, OutboxGeneration[]>();
  for (const [component, entries] of await listOutbox(fs, directory, components)) {
    const generations: OutboxGeneration[] = [];
    for (let start = 0; start < entries.length; start += STAT_BATCH) {
      const batch = entries.slice(start, start + STAT_BATCH);
      const stats = await Promise.all(batch.map((entry) => fs.stat(entry.path).catch(() => undefined)));
      batch.forEach((entry, i) => {
        const stat = stats[i];
        if (stat !== undefined) generations.push({ ...entry, savedAt: stat.mtimeMs, sizeBytes: stat.size });
      });
    }
    result.set(component, generations);
  }
  return result;
}

/** After the upload and the cursor write are durable. Not fsynced: an unlink lost in a power cut leaves an entry below the cursor, removed next pass. */
export async function removeOutboxEntry(fs: FileSystem, entry: OutboxEntry): Promise<void> {
  await fs.unlink(entry.path).catch((error: unknown) => {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  });
}

/** Moves an entry that must not be uploaded out of the outbox (it would count against its bound), keeping the bytes. */
export async function holdOutboxEntry(fs: FileSystem, directory: string, entry: OutboxEntry): Promise<string> {
  const held = join(directory, OUTBOX_HELD_DIRECTORY);
  await fs.mkdir(held, 0o700);
  const to = join(held, entry.name);
  await fs.rename(entry.path, to);
  await fs.syncDirectory(held);
  await fs.syncDirectory(outboxPath(directory));
  return to;
}
