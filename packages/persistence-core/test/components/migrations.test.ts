import { describe, expect, it } from 'vitest';
import type { ComponentCodec } from '../../src/components/codec.js';
import { exitAgentCodec } from '../../src/components/exit-agent.js';
import { replayBufferCodec } from '../../src/components/replay-buffer.js';
import { isMigrationError } from '../../src/errors.js';
import { openFile } from '../../src/format/container.js';
import { decodeGeneration } from '../../src/store/generation-reader.js';
import { exitAgentV0File, replayBufferV0File } from '../fixtures/legacy-encoders.js';
import type { ReplayBufferStateV0 } from '../fixtures/legacy-encoders.js';
import { golden } from '../golden/states.js';
import { testKeyring } from './seal.js';

/** What a loader does with an older file: legacy reader, then each migration, then validation. */
function migrate<S>(codec: ComponentCodec<S>, bytes: Uint8Array): S {
  const { header, reader } = openFile(bytes, testKeyring, { expectedKind: codec.kind });
  let value = codec.legacyDecoders[header.schemaVersion]!(reader);
  for (const migration of codec.migrations.filter((step) => step.from >= header.schemaVersion)) value = migration.migrate(value);
  codec.validate(value as S);
  return value as S;
}

function replayV0(): ReplayBufferStateV0 {
  const { cdf: _cdf, ...v0 } = golden.replayBuffer();
  return v0;
}

describe('schema v0 files', () => {
  it('ExitAgent v0 loads with adaptiveGivebackScale = 1.0 and every other field kept', () => {
    const { adaptiveGivebackScale: _scale, ...v0 } = golden.exitAgent();
    const bytes = exitAgentV0File(v0, testKeyring.active);
    expect(openFile(bytes, testKeyring).header.schemaVersion).toBe(0);
    expect(() => exitAgentCodec.decode(openFile(bytes, testKeyring).reader)).toThrow(/params/);
    expect(migrate(exitAgentCodec, bytes)).toEqual({ ...golden.exitAgent(), adaptiveGivebackScale: 1.0 });
    const loaded = decodeGeneration(exitAgentCodec, bytes, testKeyring);
    expect(loaded.migratedFrom).toBe(0);
    expect(loaded.state.adaptiveGivebackScale).toBe(1.0);
  });

  it('ReplayBuffer v0 loads with the CDF recomputed as the running sum of the priorities', () => {
    const bytes = replayBufferV0File(replayV0(), testKeyring.active);
    const expected = golden.replayBuffer();
    expect(migrate(replayBufferCodec, bytes)).toEqual(expected);
    const loaded = decodeGeneration(replayBufferCodec, bytes, testKeyring);
    expect(Array.from(loaded.state.cdf)).toEqual([1, 1.5, 3.5, 3.75]);
    expect(loaded.state.sumPriorities).toBe(3.75);
  });

  it('ReplayBuffer v0 with a stale sumPriorities is repaired, with negative priorities is refused', () => {
    const stale = decodeGeneration(replayBufferCodec, replayBufferV0File({ ...replayV0(), sumPriorities: 99 }, testKeyring.active), testKeyring);
    expect(stale.state.sumPriorities).toBe(3.75);
    const negative = replayV0();
    negative.priorities[2] = -1;
    const error = catchError(() => decodeGeneration(replayBufferCodec, replayBufferV0File(negative, testKeyring.active), testKeyring));
    expect(isMigrationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/priorities\[2\]/);
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
