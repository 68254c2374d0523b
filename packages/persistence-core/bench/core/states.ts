// Synthetic benchmark states: an entry agent with N Q entries and a replay buffer of N experiences.

import type { EntryAgentState, ReplayBufferState } from '../../src/components/types.js';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function benchEntryAgent(entries: number): EntryAgentState {
  const random = lcg(1);
  return {
    qTable: {
      stateHash: BigUint64Array.from({ length: entries }, (_, i) => BigInt(i) * 0x9e3779b97f4a7c15n & 0xffffffffffffffffn),
      action: Uint8Array.from({ length: entries }, (_, i) => i % 4),
      qValue: Float64Array.from({ length: entries }, () => random() * 2 - 1),
    },
    traces: { stateHash: new BigUint64Array(0), action: new Uint8Array(0), eligibility: new Float64Array(0) },
    epsilon: 0.1,
    alpha: 0.05,
    lambda: 0.9,
    totalUpdates: entries * 10,
    stateSpaceSize: entries,
    trainingStart: 1_760_000_000_000,
  };
}

export function benchReplayBuffer(size: number): ReplayBufferState {
  const random = lcg(2);
  const column = () => Float64Array.from({ length: size }, () => random());
  const priorities = column();
  const cdf = new Float64Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) {
    sum += priorities[i] as number;
    cdf[i] = sum;
  }
  return {
    capacity: size,
    currentSize: size,
    nextIndex: 0,
    experiences: {
      stateHash: BigUint64Array.from({ length: size }, (_, i) => BigInt(i * 31)),
      action: Uint8Array.from({ length: size }, (_, i) => i % 4),
      reward: { total: column(), mfeCapture: column(), maePenalty: column(), givebackPenalty: column(), pathSmoothness: column(), timeDecay: column() },
      nextStateHash: BigUint64Array.from({ length: size }, (_, i) => BigInt(i * 31 + 1)),
      isTerminal: Uint8Array.from({ length: size }, (_, i) => i % 7 === 0 ? 1 : 0),
      timestamp: Float64Array.from({ length: size }, (_, i) => 1_760_000_000_000 + i * 1000),
      regime: Uint8Array.from({ length: size }, (_, i) => i % 5),
    },
    priorities,
    cdf,
    sumPriorities: sum,
    totalSamplesTaken: size * 3,
  };
}
