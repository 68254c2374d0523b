// What the state directory holds for one component, read without locks (the replicator must
// never slow a save): headers for the listing, then the whole file, HMAC-verified, to upload.

import { join } from 'node:path';
import type { FileHeader, FileSystem, GenerationName, Keyring } from '@quantum/persistence-core';
import { GENERATIONS, QuantumStateError, generationFile, openFile, readHeaderOnly, rejectReasonOf } from '@quantum/persistence-core';

/** The part of a component codec the replicator needs. */
export interface ReplicatedComponent {
  name: string;
  kind: number;
  fileName: string;
}

export interface LocalGeneration {
  generation: GenerationName;
  path: string;
  seq: number;
  savedAt: number;
  flags: number;
  sizeBytes: number;
}

export type GenerationRead =
  | { status: 'ok'; bytes: Uint8Array; header: FileHeader; path: string }
  /** Rotated off the chain (or quarantined) before it could be read. */
  | { status: 'gone' }
  /** Present but fails verification: never uploaded. */
  | { status: 'rejected'; reason: string; message: string };

/** The component's generations on disk by header (CRC-checked, not HMAC-verified), oldest seq first. */
export async function listLocalGenerations(fs: FileSystem, directory: string, component: ReplicatedComponent): Promise<LocalGeneration[]> {
  const found = new Map<number, LocalGeneration>();
  for (const generation of GENERATIONS) {
    const path = join(directory, generationFile(component.fileName, generation));
    const header = await readHeaderOnly(fs, path);
    if (header === undefined || header.componentKind !== component.kind || found.has(header.seq)) continue;
    found.set(header.seq, { generation, path, seq: header.seq, savedAt: header.savedAt, flags: header.flags, sizeBytes: header.bodyLength + 32 });
  }
  return [...found.values()].sort((a, b) => a.seq - b.seq);
}

/** Reads an outbox entry (a hard link to a committed file, never rewritten) and verifies its HMAC, kind and seq. */
export async function readVerifiedEntry(fs: FileSystem, keyring: Keyring, component: ReplicatedComponent, path: string, seq: number): Promise<GenerationRead> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return { status: 'gone' };
    throw error;
  }
  const opened = verifyBytes(bytes, keyring, component, path);
  if (opened.status !== 'ok' || opened.header.seq === seq) return opened;
  return { status: 'rejected', reason: 'wrong-seq', message: `${path} holds seq ${opened.header.seq}, its name says ${seq}` };
}

/** The HMAC and kind check of bytes read from `path`: ok, or rejected with the reason; any other error is thrown. */
function verifyBytes(bytes: Uint8Array, keyring: Keyring, component: ReplicatedComponent, path: string): Exclude<GenerationRead, { status: 'gone' }> {
  try {
    const { header } = openFile(bytes, keyring, { file: path, expectedKind: component.kind });
    return { status: 'ok', bytes, header, path };
  } catch (error) {
    if (!(error instanceof QuantumStateError)) throw error;
    return { status: 'rejected', reason: rejectReasonOf(error), message: error.message };
  }
}

/**
 * Reads generation `seq` and verifies its HMAC. A save may rotate it to another name between the
 * listing and the read, so it is looked up by seq again until the bytes read carry that seq.
 */
export async function readVerifiedGeneration(fs: FileSystem, directory: string, keyring: Keyring, component: ReplicatedComponent, seq: number): Promise<GenerationRead> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const listed = (await listLocalGenerations(fs, directory, component)).find((generation) => generation.seq === seq);
    if (listed === undefined) return { status: 'gone' };
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(listed.path);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') continue;
      throw error;
    }
    const opened = verifyBytes(bytes, keyring, component, listed.path);
    if (opened.status === 'ok') {
      if (opened.header.seq === seq) return opened;
      continue;
    }
    // A file renamed over mid-read reads as torn; only a stable failure is a rejection.
    const again = (await listLocalGenerations(fs, directory, component)).find((generation) => generation.seq === seq);
    if (again?.path === listed.path) return opened;
  }
  return { status: 'gone' };
}
