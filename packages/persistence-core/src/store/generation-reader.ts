// One generation file: read once, verify (header, key, HMAC), decode, migrate older schemas.

import type { ComponentCodec } from '../components/codec.js';
import { MigrationError, NewerVersionError, QuantumStateError } from '../errors.js';
import { openFile } from '../format/container.js';
import type { FileHeader } from '../format/header.js';
import { HEADER_BYTES, readHeader } from '../format/header.js';
import type { FileStat, FileSystem } from '../fs/file-system.js';
import { errnoOf } from '../fs/file-system.js';
import type { Keyring } from '../signing/keyring.js';
import { identityOf } from './verified-files.js';

export interface DecodedGeneration<S> {
  state: S;
  header: FileHeader;
  /** The schema version the file was written with, when it was migrated on load. */
  migratedFrom?: number;
  sizeBytes: number;
}

/** Verifies and decodes the bytes of one generation file of `codec`; throws a typed error. */
export function decodeGeneration<S>(codec: ComponentCodec<S>, bytes: Uint8Array, keyring: Keyring, file?: string): DecodedGeneration<S> {
  const { header, reader } = openFile(bytes, keyring, { file, expectedKind: codec.kind });
  const version = header.schemaVersion;
  if (version > codec.schemaVersion) throw new NewerVersionError('newer-schema', version, codec.schemaVersion, { file });
  if (version === codec.schemaVersion) return { state: codec.decode(reader), header, sizeBytes: bytes.byteLength };
  const legacyDecoder = codec.legacyDecoders[version];
  if (legacyDecoder === undefined) {
    throw new MigrationError(version, codec.schemaVersion, { file, cause: new Error(`no reader for schema v${version}`) });
  }
  let value = legacyDecoder(reader);
  for (const migration of codec.migrations) {
    if (migration.from < version) continue;
    try {
      value = migration.migrate(value);
    } catch (cause) {
      throw new MigrationError(migration.from, migration.from + 1, { file, cause });
    }
  }
  try {
    codec.validate(value as S, file);
  } catch (cause) {
    throw new MigrationError(version, codec.schemaVersion, { file, cause });
  }
  return { state: value as S, header, migratedFrom: version, sizeBytes: bytes.byteLength };
}

/** Reads only the header of a file (no HMAC): cheap, for seq numbers and listings. */
export async function readHeaderOnly(fs: FileSystem, path: string): Promise<FileHeader | undefined> {
  let handle;
  try {
    handle = await fs.open(path, 'r');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const bytes = new Uint8Array(HEADER_BYTES);
    const read = await handle.read(bytes, 0);
    return readHeader(bytes.subarray(0, read), path, await handle.size());
  } catch (error) {
    if (error instanceof QuantumStateError) return undefined;
    throw error;
  } finally {
    await handle.close();
  }
}

export type DecodeOutcome<T> = { bytes: Uint8Array; stat?: FileStat } & ({ decoded: T } | { error: QuantumStateError });

/**
 * Reads one generation and decodes it with `decode`; undefined if missing. If the name moved on to
 * another file while it was read, it is read again: a save may have rotated the file out and, as
 * its spare (spare-file.ts), written over it, so what was read need not be what the name held.
 */
export async function readAndDecode<T>(fs: FileSystem, path: string, decode: (bytes: Uint8Array) => T): Promise<DecodeOutcome<T> | undefined> {
  for (let attempt = 1; ; attempt++) {
    const read = await readGeneration(fs, path);
    if (read === undefined) return undefined;
    // The name is looked at again while this thread verifies and decodes what was read.
    const now = read.stat === undefined ? undefined : fs.stat(path);
    now?.catch(() => undefined);
    let outcome: DecodeOutcome<T>;
    try {
      outcome = { ...read, decoded: decode(read.bytes) };
    } catch (error) {
      if (!(error instanceof QuantumStateError)) throw error;
      outcome = { ...read, error };
    }
    if (attempt < 3 && now !== undefined && read.stat !== undefined && (await movedOn(now, read.stat))) continue;
    return outcome;
  }
}

async function movedOn(now: Promise<FileStat | undefined>, read: FileStat): Promise<boolean> {
  const stat = await now.catch(() => undefined);
  return stat === undefined || identityOf(stat) !== identityOf(read);
}

/** The bytes, and where the file system can tell, the stat of the very file read; undefined if missing. */
export async function readGeneration(fs: FileSystem, path: string): Promise<{ bytes: Uint8Array; stat?: FileStat } | undefined> {
  try {
    return fs.readFileStat !== undefined ? await fs.readFileStat(path) : { bytes: await fs.readFile(path) };
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

