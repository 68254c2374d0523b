// The committed vectors are the format's contract: this build must write them byte for byte and
// read them back to the fixed states. After an intended format change, run `npm run golden`.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitAgentCodec } from '../../src/components/exit-agent.js';
import { componentCodecs } from '../../src/components/registry.js';
import { replayBufferCodec } from '../../src/components/replay-buffer.js';
import { openFile } from '../../src/format/container.js';
import { Keyring } from '../../src/signing/keyring.js';
import { decodeGeneration } from '../../src/store/generation-reader.js';
import { golden, goldenStates } from './states.js';
import { GOLDEN_DIRECTORY, GOLDEN_KEY, GOLDEN_SAVED_AT, goldenBytes, goldenFileName, goldenSeq, legacyGoldenFiles } from './vectors.js';

const keyring = new Keyring([GOLDEN_KEY]);
const committed = async (name: string): Promise<Uint8Array> => new Uint8Array(await readFile(join(GOLDEN_DIRECTORY, name)));

describe('golden vectors', () => {
  it('uses the documented key fingerprint (FORMAT.md)', () => {
    expect(GOLDEN_KEY.fingerprintHex).toBe('963051c865fa8c24c2ca2067d9fd8143');
  });

  it.each(componentCodecs.map((codec) => [codec.name, codec] as const))('%s: re-encodes byte for byte and decodes to the fixed state', async (name, codec) => {
    const bytes = await committed(goldenFileName(name));
    expect(Buffer.from(goldenBytes(codec)).equals(bytes)).toBe(true);
    const { header, reader } = openFile(bytes, keyring, { expectedKind: codec.kind });
    expect(header).toMatchObject({ componentKind: codec.kind, schemaVersion: codec.schemaVersion, seq: goldenSeq(codec.kind), savedAt: GOLDEN_SAVED_AT });
    expect(codec.decode(reader)).toEqual(goldenStates[name]?.());
  });

  it('v0 vectors re-encode byte for byte and migrate to the fixed v1 states', async () => {
    for (const [name, bytes] of Object.entries(legacyGoldenFiles())) expect(Buffer.from(bytes).equals(await committed(name)), name).toBe(true);
    const exit = decodeGeneration(exitAgentCodec, await committed(goldenFileName(exitAgentCodec.name, 0)), keyring);
    expect(exit.state).toEqual({ ...golden.exitAgent(), adaptiveGivebackScale: 1.0 });
    const replay = decodeGeneration(replayBufferCodec, await committed(goldenFileName(replayBufferCodec.name, 0)), keyring);
    expect(replay.state).toEqual(golden.replayBuffer());
  });
});
