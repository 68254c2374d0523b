// Distinct, valid states of every component for the crash tests, and an exact comparison.

import fc from 'fast-check';
import type { ComponentCodec } from '../../../src/components/codec.js';
import { entryAgentCodec } from '../../../src/components/entry-agent.js';
import type { EntryAgentState } from '../../../src/components/types.js';
import { sealFile } from '../../../src/format/container.js';
import { SectionWriter } from '../../../src/format/sections.js';
import { SigningKey } from '../../../src/signing/hmac.js';
import { componentArbitraries } from '../../arbitraries.js';

const COMPARISON_KEY = new SigningKey(new Uint8Array(32).fill(7), '2026-01-01T00:00:00.000Z');

/** `count` states of the component, the same ones on every run. */
export function statesOf<S>(codec: ComponentCodec<S>, count: number, seed = 42): S[] {
  const arbitrary = componentArbitraries[codec.name];
  if (arbitrary === undefined) throw new Error(`no arbitrary for component ${codec.name}`);
  return fc.sample(arbitrary, { numRuns: count, seed }) as S[];
}

/** The state's encoding, byte for byte: two states are the same state exactly when these match. */
export function encodingOf<S>(codec: ComponentCodec<S>, state: S): Buffer {
  const writer = new SectionWriter();
  codec.encode(state, writer);
  const sealed = sealFile({ componentKind: codec.kind, schemaVersion: codec.schemaVersion, seq: 1, savedAt: 0, sections: writer.sections }, COMPARISON_KEY);
  return Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
}

export function sameState<S>(codec: ComponentCodec<S>, a: S, b: S): boolean {
  return encodingOf(codec, a).equals(encodingOf(codec, b));
}

/** An entry-agent state of `rows` Q-table rows: a file of many pages, for torn writes. */
export function largeEntryState(marker: number, rows: number): EntryAgentState {
  const state = entryAgentCodec.fresh();
  state.totalUpdates = marker;
  state.qTable = {
    stateHash: BigUint64Array.from({ length: rows }, (_, i) => BigInt(i) * 7919n + BigInt(marker)),
    action: Uint8Array.from({ length: rows }, (_, i) => (i + marker) % 4),
    qValue: Float64Array.from({ length: rows }, (_, i) => marker + i / 1000),
  };
  return state;
}
