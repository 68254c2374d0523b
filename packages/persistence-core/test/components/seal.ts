// Test helper: a state through the real file format and back (encode, seal, open, decode).

import type { ComponentCodec } from '../../src/components/codec.js';
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
