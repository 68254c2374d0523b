// Golden vectors: every component's fixed state sealed with a fixed key, seq and time, so that
// another implementation (the MQL5 agent) can check its reader and writer byte for byte.

import { fileURLToPath } from 'node:url';
import type { ComponentCodec } from '../../src/components/codec.js';
import { exitAgentCodec } from '../../src/components/exit-agent.js';
import { replayBufferCodec } from '../../src/components/replay-buffer.js';
import { sealFile } from '../../src/format/container.js';
import { SectionWriter } from '../../src/format/sections.js';
import { SigningKey } from '../../src/signing/hmac.js';
import { exitAgentV0File, replayBufferV0File } from '../fixtures/legacy-encoders.js';
import { golden, goldenStates } from './states.js';

/** Key bytes 0x00, 0x01, ..., 0x1f. Public on purpose: it signs test vectors only. */
export const GOLDEN_KEY = new SigningKey(Uint8Array.from({ length: 32 }, (_, i) => i), '2026-01-01T00:00:00.000Z');
export const GOLDEN_SAVED_AT = 1_767_225_600_000; // 2026-01-01T00:00:00Z
/** Each vector's seq is 1000 + the component kind, so that a mixed-up file shows. */
export const goldenSeq = (kind: number): number => 1_000 + kind;

export const GOLDEN_DIRECTORY = fileURLToPath(new URL('.', import.meta.url));

/** The committed file name of a vector: `<Component>.bin`, or `<Component>.v<N>.bin` for an older schema. */
export const goldenFileName = (name: string, schemaVersion?: number): string => (schemaVersion === undefined ? `${name}.bin` : `${name}.v${schemaVersion}.bin`);

export function goldenBytes<S>(codec: ComponentCodec<S>): Uint8Array {
  const state = goldenStates[codec.name]?.() as S | undefined;
  if (state === undefined) throw new Error(`no golden state for ${codec.name}`);
  const out = new SectionWriter();
  codec.encode(state, out);
  return sealFile({ componentKind: codec.kind, schemaVersion: codec.schemaVersion, seq: goldenSeq(codec.kind), savedAt: GOLDEN_SAVED_AT, sections: out.sections }, GOLDEN_KEY);
}

/** Schema v0 vectors of the components that have migrations, keyed by file name. */
export function legacyGoldenFiles(): Record<string, Uint8Array> {
  const { adaptiveGivebackScale: _scale, ...exitV0 } = golden.exitAgent();
  const { cdf: _cdf, ...replayV0 } = golden.replayBuffer();
  const options = (kind: number) => ({ seq: goldenSeq(kind), savedAt: GOLDEN_SAVED_AT });
  return {
    [goldenFileName(exitAgentCodec.name, 0)]: exitAgentV0File(exitV0, GOLDEN_KEY, options(exitAgentCodec.kind)),
    [goldenFileName(replayBufferCodec.name, 0)]: replayBufferV0File(replayV0, GOLDEN_KEY, options(replayBufferCodec.kind)),
  };
}
