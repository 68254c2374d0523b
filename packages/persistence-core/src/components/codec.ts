// What every state component provides: identity, a fresh state, encode, decode with
// validation, and the migrations from older schema versions.

import type { SectionReader, SectionWriter } from '../format/sections.js';

/** Save priority under low disk space (spec 5.4): 1 is saved first and skipped last. */
export type SavePriority = 1 | 2 | 3;

export interface SchemaMigration {
  /** Migrates a value of schema `from` to schema `from + 1`. */
  from: number;
  description: string;
  migrate(previous: unknown): unknown;
}

export interface ComponentCodec<S> {
  /** The spec's name, used in the API and the CLI: `EntryAgent`, `ReplayBuffer`, ... */
  readonly name: string;
  /** Stored in the header; never reused. */
  readonly kind: number;
  readonly fileName: string;
  /** The schema version this build writes. */
  readonly schemaVersion: number;
  readonly priority: SavePriority;
  fresh(): S;
  encode(state: S, out: SectionWriter): void;
  /** Reads a file of the current schema; throws DecodeError naming the field. */
  decode(reader: SectionReader): S;
  /** Throws DecodeError naming the first field outside its domain. */
  validate(state: S, file?: string): void;
  /** Readers for older schema versions, keyed by version. */
  readonly legacyDecoders: Readonly<Record<number, (reader: SectionReader) => unknown>>;
  /** One step per older version, in order. */
  readonly migrations: readonly SchemaMigration[];
}
