import { describe, expect, it } from 'vitest';
import { sealFile, openFile } from '../src/format/container.js';
import { SectionWriter } from '../src/format/sections.js';
import { Keyring } from '../src/signing/keyring.js';
import { entryAgentCodec } from '../src/components/entry-agent.js';
import { isCorruptFileError, isWrongKeyError } from '../src/errors.js';

describe('container', () => {
  it('round-trips an entry agent and rejects a flipped bit', () => {
    const keyring = Keyring.generate();
    const state = entryAgentCodec.fresh();
    state.qTable = { stateHash: new BigUint64Array([1n, 2n]), action: new Uint8Array([0, 2]), qValue: new Float64Array([0.5, -1]) };
    const writer = new SectionWriter();
    entryAgentCodec.encode(state, writer);
    const bytes = sealFile({ componentKind: 1, schemaVersion: 1, seq: 7, savedAt: 1000, sections: writer.sections }, keyring.active);
    const opened = openFile(bytes, keyring, { expectedKind: 1 });
    expect(opened.header.seq).toBe(7);
    const decoded = entryAgentCodec.decode(opened.reader);
    expect(Array.from(decoded.qTable.qValue)).toEqual([0.5, -1]);
    const flipped = bytes.slice();
    flipped[flipped.length - 40]! ^= 1;
    expect(() => openFile(flipped, keyring)).toThrow(expect.objectContaining({ reason: 'hmac-mismatch' }));
    expect(isCorruptFileError(catchError(() => openFile(flipped, keyring)))).toBe(true);
    expect(isWrongKeyError(catchError(() => openFile(bytes, Keyring.generate())))).toBe(true);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
