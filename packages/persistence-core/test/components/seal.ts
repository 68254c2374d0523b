// Test helper: a state through the real file format and back (encode, seal, open, decode).

import type { ComponentCodec } from '../../src/components/codec.js';
import { DecodeError } from '../../src/errors.js';
import { openFile, sealFile } from '../../src/format/container.js';
import { SectionWriter } from '../../src/format/sections.js';
import type { Section } from '../../src/format/sections.js';
import { Keyring } from '../../src/signing/keyring.js';

export const testKeyring = Keyring.generate();

export function encodeToFile<S>(codec: ComponentCodec<S>, state: S, keyring: Keyring = testKeyring): Uint8Array {
  const writer = new SectionWriter();
  codec.encode(state, writer);
  return sealSections(codec, writer.sections, keyring);
}

export function sealSections(codec: ComponentCodec<unknown>, sections: readonly Section[], keyring: Keyring = testKeyring, schemaVersion = codec.schemaVersion): Uint8Array {
  return sealFile({ componentKind: codec.kind, schemaVersion, seq: 1, savedAt: 1_700_000_000_000, sections }, keyring.active);
}

export function decodeFromFile<S>(codec: ComponentCodec<S>, bytes: Uint8Array, keyring: Keyring = testKeyring): S {
  return codec.decode(openFile(bytes, keyring, { expectedKind: codec.kind }).reader);
}

export function roundTrip<S>(codec: ComponentCodec<S>, state: S): S {
  return decodeFromFile(codec, encodeToFile(codec, state));
}

/** The sections `codec` writes for `state`, after `edit` (which may replace or drop sections). */
export function sectionsOf<S>(codec: ComponentCodec<S>, state: S, edit: (writer: SectionWriter) => void = () => {}): Section[] {
  const writer = new SectionWriter();
  codec.encode(state, writer);
  edit(writer);
  return writer.sections;
}

/** Replaces section tag/index with the one(s) `write` adds, keeping the section's position. */
export function replaceSection(writer: SectionWriter, tag: number, write: (replacement: SectionWriter) => void, index = 0): void {
  const position = writer.sections.findIndex((section) => section.tag === tag && section.index === index);
  if (position < 0) throw new Error(`no section ${tag}/${index} to replace`);
  const replacement = new SectionWriter();
  write(replacement);
  writer.sections.splice(position, 1, ...replacement.sections);
}

export function dropSection(writer: SectionWriter, tag: number, index = 0): void {
  replaceSection(writer, tag, () => {}, index);
}

/** Seals `sections`, opens and decodes them, and returns the DecodeError the decoder throws. */
export function decodeErrorOf(codec: ComponentCodec<unknown>, sections: readonly Section[]): DecodeError {
  try {
    decodeFromFile(codec, sealSections(codec, sections));
  } catch (error) {
    if (error instanceof DecodeError) return error;
    throw error;
  }
  throw new Error(`${codec.name} decoded without error`);
}
