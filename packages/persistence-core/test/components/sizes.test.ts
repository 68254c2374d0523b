// Bytes on disk per Q entry and per replay experience (NOTES.md 9: about 20 and at most 100).

import { describe, expect, it } from 'vitest';
import { entryAgentCodec } from '../../src/components/entry-agent.js';
import { replayBufferCodec } from '../../src/components/replay-buffer.js';
import { cumulativeSum } from '../../src/components/replay-cdf.js';
import type { ReplayBufferState } from '../../src/components/types.js';
import { encodeToFile } from './seal.js';

const ROWS = 10_000;

function fullReplayBuffer(rows: number): ReplayBufferState {
  const f64 = (): Float64Array => Float64Array.from({ length: rows }, (_, i) => i / rows);
  const priorities = f64();
  const cdf = cumulativeSum(priorities);
  return {
    capacity: rows,
    currentSize: rows,
    nextIndex: 0,
    experiences: {
      stateHash: BigUint64Array.from({ length: rows }, (_, i) => BigInt(i) * 0x9e3779b97f4a7c15n & 0xffffffffffffffffn),
      action: new Uint8Array(rows).fill(1),
      reward: { total: f64(), mfeCapture: f64(), maePenalty: f64(), givebackPenalty: f64(), pathSmoothness: f64(), timeDecay: f64() },
      nextStateHash: BigUint64Array.from({ length: rows }, (_, i) => BigInt(i + 1)),
      isTerminal: new Uint8Array(rows).fill(1),
      timestamp: Float64Array.from({ length: rows }, (_, i) => 1_767_225_600_000 + i * 60_000),
      regime: new Uint8Array(rows).fill(2),
    },
    priorities,
    cdf,
    sumPriorities: rows === 0 ? 0 : (cdf[rows - 1] as number),
    totalSamplesTaken: 0,
  };
}

describe('size on disk for 10,000 rows', () => {
  it('stays near 17 bytes per Q entry and under 100 bytes per replay experience', () => {
    const agent = entryAgentCodec.fresh();
    agent.qTable = {
      stateHash: BigUint64Array.from({ length: ROWS }, (_, i) => BigInt(i)),
      action: new Uint8Array(ROWS),
      qValue: new Float64Array(ROWS),
    };
    const qFile = encodeToFile(entryAgentCodec, agent).byteLength;
    const qEmpty = encodeToFile(entryAgentCodec, entryAgentCodec.fresh()).byteLength;
    const replayFile = encodeToFile(replayBufferCodec, fullReplayBuffer(ROWS)).byteLength;
    const replayEmpty = encodeToFile(replayBufferCodec, fullReplayBuffer(0)).byteLength;
    const perQEntry = (qFile - qEmpty) / ROWS;
    const perExperience = (replayFile - replayEmpty) / ROWS;
    console.log(`EntryAgent, ${ROWS} Q entries: ${qFile} bytes, ${perQEntry.toFixed(2)} bytes per Q entry (${(qFile / ROWS).toFixed(2)} with fixed overhead)`);
    console.log(`ReplayBuffer, ${ROWS} experiences: ${replayFile} bytes, ${perExperience.toFixed(2)} bytes per experience (${(replayFile / ROWS).toFixed(2)} with fixed overhead)`);
    expect(perQEntry).toBeLessThanOrEqual(20);
    expect(perExperience).toBeLessThanOrEqual(100);
  });
});
